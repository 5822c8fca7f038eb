import { optimizeDocument, type OptimizeOptions, type OptimizedAsset } from './optimize';
import { readInput } from './read-input';
import { assertValid, validateGlb, type ValidationReport } from './transforms/validate-glb';

/** Result of {@link optimizeFile}. */
export interface OptimizedFile extends OptimizedAsset {
  /** Absolute path of the input. */
  file: string;
  /** The validator's report on the input as given (never has errors: see optimizeFile). */
  input: ValidationReport;
}

/**
 * Runs one .glb or .gltf through the pipeline for a target. Throws InputError when the
 * file cannot be read (with the reason), and ValidationFailedError when the input or the
 * output has validator errors (each with its JSON pointer and message).
 */
export async function optimizeFile(input: string, options: OptimizeOptions = {}): Promise<OptimizedFile> {
  const source = await readInput(input);
  const inputReport = await validateGlb(source.bytes, { uri: input, externalResource: source.resource });
  assertValid(input, inputReport, 'input');
  const result = await optimizeDocument(source.document, { unit: input, ...options });
  return { ...result, file: source.file, input: inputReport };
}
