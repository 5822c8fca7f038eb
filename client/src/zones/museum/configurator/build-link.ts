import { BUILD_ID_PATTERN } from '../../../../../protocol/src/build-id';

/**
 * The build a share link opens (`?build=<id>`), or undefined when the page has none. A malformed
 * id is returned as `{ malformed }` so the page can say the link is broken instead of ignoring it.
 */
export function buildFromLink(search: string = location.search): { id: string } | { malformed: string } | undefined {
  const value = new URLSearchParams(search).get('build');
  if (value === null) return undefined;
  const id = value.trim().toLowerCase();
  return BUILD_ID_PATTERN.test(id) ? { id } : { malformed: value.slice(0, 40) };
}
