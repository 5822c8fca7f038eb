import { WORLD_ASSETS } from '../../assets/src/world';
import { type AssetJob, buildAsset, type BuiltAsset } from './build-asset';
import { PipelineError } from './errors';

/** Worker-thread entry (piscina): builds one of the world's assets for one target. */
export default async function buildInWorker(job: AssetJob): Promise<BuiltAsset> {
  const source = WORLD_ASSETS.find((asset) => asset.id === job.id);
  if (!source) throw new PipelineError(job.id, 'is not one of the world assets in assets/src/world.ts');
  try {
    return await buildAsset(source, job);
  } catch (error) {
    // Errors cross the thread boundary as plain objects: keep the message readable.
    if (error instanceof PipelineError) throw new Error(error.message);
    throw error;
  }
}
