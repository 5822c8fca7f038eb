import { bytesToHex, type Hex } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import { base64UrlDecode, base64UrlEncode, type PasskeyAssertion } from '../../../protocol/src/passkey-signature';

/**
 * The browser's WebAuthn ceremonies as plain functions: create a passkey for a server challenge,
 * or sign a challenge with one. Bytes come back as hex and the client data as its exact text, as
 * the server and the account contract verify them. `credentials` is `navigator.credentials`.
 */

/** What creating a passkey gives the server. */
export interface CreatedPasskey {
  credentialId: string;
  registration: { clientDataJSON: string; attestationObject: Hex };
}

/** Creates a passkey (ES256, user verification required, discoverable) answering `challenge` for relying party `rpId`. */
export async function createPasskey(
  options: { challenge: string; rpId: string; excludeCredentialIds?: string[] },
  credentials: CredentialsContainer = navigator.credentials,
): Promise<CreatedPasskey> {
  const credential = (await credentials
    .create({
      publicKey: {
        challenge: base64UrlDecode(options.challenge),
        rp: { id: options.rpId, name: 'Marque' },
        // No personal data: the name the device shows is the marque's, the user id random.
        user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'Marque owner', displayName: 'Marque owner' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        attestation: 'none',
        excludeCredentials: (options.excludeCredentialIds ?? []).map((id) => ({ type: 'public-key', id: base64UrlDecode(id) })),
      },
    })
    .catch(ceremonyFailed)) as PublicKeyCredential | null;
  if (!credential) throw ceremonyFailed(new Error('no credential was created'));
  const response = credential.response as AuthenticatorAttestationResponse;
  return {
    credentialId: base64UrlEncode(new Uint8Array(credential.rawId)),
    registration: {
      clientDataJSON: new TextDecoder().decode(response.clientDataJSON),
      attestationObject: bytesToHex(new Uint8Array(response.attestationObject)),
    },
  };
}

/** Signs `challenge` with a passkey of `rpId` (one of `credentialIds` when given; any discoverable one otherwise). */
export async function assertPasskey(
  options: { challenge: string; rpId: string; credentialIds?: string[] },
  credentials: CredentialsContainer = navigator.credentials,
): Promise<{ credentialId: string; assertion: PasskeyAssertion }> {
  const credential = (await credentials
    .get({
      publicKey: {
        challenge: base64UrlDecode(options.challenge),
        rpId: options.rpId,
        userVerification: 'required',
        allowCredentials: (options.credentialIds ?? []).map((id) => ({ type: 'public-key', id: base64UrlDecode(id) })),
      },
    })
    .catch(ceremonyFailed)) as PublicKeyCredential | null;
  if (!credential) throw ceremonyFailed(new Error('no passkey answered'));
  const response = credential.response as AuthenticatorAssertionResponse;
  return {
    credentialId: base64UrlEncode(new Uint8Array(credential.rawId)),
    assertion: {
      authenticatorData: bytesToHex(new Uint8Array(response.authenticatorData)),
      clientDataJSON: new TextDecoder().decode(response.clientDataJSON),
      signature: bytesToHex(new Uint8Array(response.signature)),
    },
  };
}

function ceremonyFailed(cause: unknown): MarqueError {
  const name = cause instanceof Error ? cause.name : '';
  const message =
    name === 'NotAllowedError'
      ? 'the passkey request was cancelled or timed out'
      : name === 'InvalidStateError'
        ? 'this device already holds a passkey for this account'
        : `the device could not use a passkey (${cause instanceof Error ? cause.message : String(cause)})`;
  return new MarqueError('passkeys', message, { details: 'try again; your device asks for your face, fingerprint or PIN', cause });
}
