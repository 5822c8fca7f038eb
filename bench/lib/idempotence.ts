/**
 * What optimising our own output again changed: the asset benchmark's idempotence column.
 * Compares two assets as a person looking for a part would: named nodes and their meshes,
 * triangles, extensions, each texture's bytes, and the size.
 */
import type { Document } from '@gltf-transform/core';
import { readInput } from '../../pipelines/src/read-input';
import { sceneStats } from '../../pipelines/src/scene-stats';

/** The differences that matter between a first and a second pass; empty when there are none. */
export function assetChanges(first: Document, second: Document): string[] {
  const changes: string[] = [];
  const triangles = [sceneStats(first).triangles, sceneStats(second).triangles];
  if (triangles[0] !== triangles[1]) changes.push(`triangles ${triangles[0]} → ${triangles[1]}`);
  const named = (doc: Document) =>
    doc
      .getRoot()
      .listNodes()
      .filter((node) => node.getName())
      .map((node) => `${node.getName()}${node.getMesh() ? `:${node.getMesh()!.getName()}` : ''}`)
      .sort();
  const [a, b] = [named(first), named(second)];
  const lost = a.filter((n) => !b.includes(n));
  const gained = b.filter((n) => !a.includes(n));
  if (lost.length || gained.length) changes.push(`named nodes: −${lost.length} +${gained.length} (${[...lost.map((n) => `−${n}`), ...gained.map((n) => `+${n}`)].slice(0, 3).join(' ')})`);
  const extensions = (doc: Document) => doc.getRoot().listExtensionsUsed().map((e) => e.extensionName).sort().join(',');
  if (extensions(first) !== extensions(second)) changes.push(`extensions ${extensions(first)} → ${extensions(second)}`);
  const images = (doc: Document) => doc.getRoot().listTextures().map((t) => t.getImage());
  const [ia, ib] = [images(first), images(second)];
  const reencoded = ib.filter((image) => !ia.some((other) => other && image && Buffer.from(other).equals(Buffer.from(image)))).length;
  if (reencoded > 0 || ia.length !== ib.length) changes.push(`textures re-encoded ${reencoded} of ${ib.length}`);
  return changes;
}

/** {@link assetChanges} of two files on disk. */
export async function fileChanges(first: string, second: string): Promise<string[]> {
  return assetChanges((await readInput(first)).document, (await readInput(second)).document);
}
