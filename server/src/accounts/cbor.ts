import { MarqueError } from '../../../protocol/src/errors';

/** A decoded CBOR item: what WebAuthn's attestation objects and COSE keys hold. */
export type CborItem = number | bigint | string | boolean | null | Uint8Array | CborItem[] | Map<CborItem, CborItem>;

/**
 * Decodes one CBOR item (RFC 8949) of the kinds WebAuthn uses: integers, byte and text strings,
 * arrays, maps, and the simple values. Indefinite lengths, tags and floats are refused.
 * @returns the item and the offset just after it (an attestation's credential key is followed by extensions).
 * @throws MarqueError (`passkeys: …`, 400 `malformed`) for anything else or truncated bytes.
 */
export function decodeCbor(bytes: Uint8Array, start = 0): { value: CborItem; end: number } {
  let offset = start;
  const fail = (what: string) =>
    new MarqueError('passkeys', `the passkey's data is not the CBOR WebAuthn produces: ${what}`, { status: 400, reason: 'malformed' });
  const need = (n: number) => {
    if (offset + n > bytes.length) throw fail('it ends too early');
  };
  const length = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : 0;
    if (!size) throw fail(`unsupported length encoding ${info}`);
    need(size);
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + bytes[offset++]!;
    return value;
  };
  const item = (depth: number): CborItem => {
    if (depth > 8) throw fail('it is nested too deeply');
    need(1);
    const head = bytes[offset++]!;
    const major = head >> 5;
    const info = head & 0x1f;
    switch (major) {
      case 0:
        return length(info);
      case 1:
        return -1 - length(info);
      case 2:
      case 3: {
        const n = length(info);
        need(n);
        const slice = bytes.slice(offset, offset + n);
        offset += n;
        return major === 2 ? slice : new TextDecoder('utf-8', { fatal: true }).decode(slice);
      }
      case 4: {
        const n = length(info);
        return Array.from({ length: n }, () => item(depth + 1));
      }
      case 5: {
        const n = length(info);
        const map = new Map<CborItem, CborItem>();
        for (let i = 0; i < n; i++) map.set(item(depth + 1), item(depth + 1));
        return map;
      }
      case 7:
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        throw fail(`unsupported simple value ${info}`);
      default:
        throw fail(`unsupported major type ${major}`);
    }
  };
  const value = item(0);
  return { value, end: offset };
}
