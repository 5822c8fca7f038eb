import { bytesToHex, hexToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import { SoftwareAuthenticator } from '../../../contracts/test/software-authenticator';
import { decodeCbor } from './cbor';
import { MarqueError } from '../../../protocol/src/errors';
import { RelyingParty } from './webauthn';

const PUBLIC_URL = 'https://marque.example';
const rp = new RelyingParty(PUBLIC_URL);
const CHALLENGE = 'c29tZS1jaGFsbGVuZ2UtYnl0ZXM';

function reasonOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(MarqueError);
    return (error as MarqueError).reason;
  }
  return expect.fail('expected a refusal');
}

describe('the relying party', () => {
  it('takes PUBLIC_URL\'s host name as its id and its origin as the only one', () => {
    expect([rp.rpId, rp.origin]).toEqual(['marque.example', 'https://marque.example']);
    const passkey = new SoftwareAuthenticator('marque.example', PUBLIC_URL);
    const registered = rp.verifyRegistration(passkey.attest(CHALLENGE), CHALLENGE);
    expect(registered).toEqual({ credentialId: passkey.id, publicKey: passkey.publicKey, counter: 0 });
    expect(rp.verifyAssertion(passkey.assertChallenge(CHALLENGE), CHALLENGE, passkey.publicKey, 0)).toBe(1);
  });

  it('refuses truncated or foreign attestation objects and client data as malformed', () => {
    const passkey = new SoftwareAuthenticator('marque.example', PUBLIC_URL);
    const { clientDataJSON, attestationObject } = passkey.attest(CHALLENGE);
    const bytes = hexToBytes(attestationObject);
    expect(reasonOf(() => rp.verifyRegistration({ clientDataJSON, attestationObject: bytesToHex(bytes.subarray(0, bytes.length - 10)) }, CHALLENGE))).toBe('malformed');
    expect(reasonOf(() => rp.verifyRegistration({ clientDataJSON: 'not json', attestationObject }, CHALLENGE))).toBe('malformed');
    // CBOR the authenticator never writes (an indefinite-length map) is refused, not guessed at.
    expect(() => decodeCbor(Uint8Array.of(0xbf, 0xff))).toThrow(/unsupported length encoding/);
  });

  it('refuses a signature by another key, and a counter that went back', () => {
    const passkey = new SoftwareAuthenticator('marque.example', PUBLIC_URL);
    const other = new SoftwareAuthenticator('marque.example', PUBLIC_URL);
    expect(reasonOf(() => rp.verifyAssertion(other.assertChallenge(CHALLENGE), CHALLENGE, passkey.publicKey, 0))).toBe('signature');
    passkey.assertChallenge(CHALLENGE, { counter: 10 });
    expect(reasonOf(() => rp.verifyAssertion(passkey.assertChallenge(CHALLENGE, { counter: 9 }), CHALLENGE, passkey.publicKey, 10))).toBe('replayed');
    expect(reasonOf(() => rp.verifyAssertion(passkey.assertChallenge(CHALLENGE, { flags: 0x04 }), CHALLENGE, passkey.publicKey, 0))).toBe('user-presence');
  });
});
