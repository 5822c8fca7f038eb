import { Logger, NodeIO } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import draco3d from 'draco3d';
import { MeshoptDecoder, MeshoptEncoder } from 'meshoptimizer';

/** glTF-Transform logs every pruned property at INFO; the pipeline and the server report only problems. */
export const GLTF_LOGGER = new Logger(Logger.Verbosity.WARN);

/** Options for {@link createIO}. */
export interface CreateIOOptions {
  /** Also load the Draco and meshopt encoders (needed to write compressed files). */
  encoders?: boolean;
}

let decoders: Promise<Record<string, unknown>> | undefined;
let encoders: Promise<Record<string, unknown>> | undefined;

/**
 * A NodeIO that understands every extension glTF-Transform supports (so nothing in a real
 * file is silently dropped), with the Draco and meshopt decoders, and on request encoders:
 * how the pipeline reads and writes glbs, and the server reads and rewrites the published
 * ones. Node only (the browser reads them with three's loaders). The wasm modules are loaded
 * once per process.
 */
export async function createIO(options: CreateIOOptions = {}): Promise<NodeIO> {
  decoders ??= (async () => {
    await MeshoptDecoder.ready;
    return { 'draco3d.decoder': await draco3d.createDecoderModule(), 'meshopt.decoder': MeshoptDecoder };
  })();
  const io = new NodeIO().setLogger(GLTF_LOGGER).registerExtensions(ALL_EXTENSIONS).registerDependencies(await decoders);
  if (options.encoders) {
    encoders ??= (async () => {
      await MeshoptEncoder.ready;
      return { 'draco3d.encoder': await draco3d.createEncoderModule(), 'meshopt.encoder': MeshoptEncoder };
    })();
    io.registerDependencies(await encoders);
  }
  return io;
}
