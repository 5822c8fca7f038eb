import { Logger, NodeIO } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';

/** Decoders for compressed geometry; each is optional and loaded once. */
export interface Decoders {
  draco?: unknown;
  meshopt?: unknown;
}

let decoders: Promise<Decoders> | undefined;

/** glTF-Transform logs every pruned property at INFO; the pipeline reports only problems. */
export const PIPELINE_LOGGER = new Logger(Logger.Verbosity.WARN);

/**
 * Loads the Draco and meshopt decoders if their packages are installed. They are optional:
 * the world's own cars need neither, and a file that does gets a clear error instead.
 */
export function loadDecoders(): Promise<Decoders> {
  decoders ??= (async () => {
    const found: Decoders = {};
    try {
      const draco3d = await import('draco3d');
      found.draco = await (draco3d.default ?? draco3d).createDecoderModule();
    } catch {
      // Not installed: KHR_draco_mesh_compression inputs are refused with a message.
    }
    try {
      const { MeshoptDecoder } = await import('meshoptimizer');
      await MeshoptDecoder.ready;
      found.meshopt = MeshoptDecoder;
    } catch {
      // Not installed: EXT_meshopt_compression inputs are refused with a message.
    }
    return found;
  })();
  return decoders;
}

/**
 * A NodeIO that understands every extension glTF-Transform supports (so nothing in a real
 * file is silently dropped) plus whichever decoders are installed.
 */
export async function createIO(): Promise<NodeIO> {
  const { draco, meshopt } = await loadDecoders();
  const io = new NodeIO().setLogger(PIPELINE_LOGGER).registerExtensions(ALL_EXTENSIONS);
  if (draco) io.registerDependencies({ 'draco3d.decoder': draco });
  if (meshopt) io.registerDependencies({ 'meshopt.decoder': meshopt });
  return io;
}
