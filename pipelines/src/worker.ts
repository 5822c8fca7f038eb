import { WORLD_ASSETS } from '../../assets/src/world';
import { MarqueError } from '../../protocol/src/errors';
import { type AssetJob, buildAsset, type BuiltAsset } from './build-asset';

/**
 * What a worker answers: the build, or its error's message and details as plain data (an error crosses
 * the thread boundary as a bare Error, losing its unit and details, and its cause may not cross at all).
 */
export type WorkerOutcome = { built: BuiltAsset } | { failure: { shortMessage: string; details?: string } };

/** Worker-thread entry (piscina): builds one of the world's assets for one target. */
export default async function buildInWorker(job: AssetJob): Promise<WorkerOutcome> {
  try {
    const source = WORLD_ASSETS.find((asset) => asset.id === job.id);
    if (!source) {
      throw new MarqueError(job.id, 'is not one of the world assets in assets/src/world.ts', {
        details: 'a worker builds only the assets WORLD_ASSETS lists; run the build again if assets/src/world.ts changed during it',
      });
    }
    return { built: await buildAsset(source, job) };
  } catch (error) {
    if (error instanceof MarqueError) return { failure: { shortMessage: error.shortMessage, details: error.details } };
    throw error;
  }
}
