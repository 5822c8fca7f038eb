import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startProduct, type ProductProcess, type StopMode } from './product-process';

/** `npm start` runs of one test file, in data folders under one temporary root. */
export interface ProductRuns {
  /** The temporary folder the file's data folders go in. */
  readonly root: string;
  /** Starts `npm start` on `dataDir`; a test that leaves it running has it stopped with Ctrl-C after it. */
  start(dataDir: string): Promise<ProductProcess>;
  /** Stops a run the given way and resolves once it (and its chain, but for `kill-server`) is gone. */
  stop(product: ProductProcess, mode: StopMode): Promise<void>;
}

/** Registers the file's hooks (its temporary root, and every run stopped after its test). Call once at the top of a test file. */
export function productRuns(prefix: string): ProductRuns {
  let root: string | undefined;
  const running: ProductProcess[] = [];
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((product) => product.stop('ctrl-c')));
  });
  afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));
  return {
    get root() {
      if (!root) throw new Error('productRuns: no root folder (did beforeAll fail?)');
      return root;
    },
    async start(dataDir) {
      const product = await startProduct(dataDir);
      running.push(product);
      return product;
    },
    async stop(product, mode) {
      running.splice(running.indexOf(product), 1);
      await product.stop(mode);
    },
  };
}
