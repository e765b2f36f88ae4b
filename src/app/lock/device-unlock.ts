// The fingerprint (or the phone's screen lock) as a way to open the notebook, on top of the PIN (issue
// 16). WebAuthn's PRF extension makes the phone's own authenticator give a 32-byte secret for one
// credential and one input, only after it has verified the user; the notebook's key is wrapped by a key
// derived from that secret (keyring.ts). Nothing is sent to the server: the credential is the phone's
// alone, its challenge is local and unused, and what proves the person is the secret itself (a
// credential without PRF gives none, so a browser without PRF is simply not offered the option).
//
// The relying party is the page's host: a phone that opens Sổ 06 under another address enrols again.
import { fromBase64, random, toBase64 } from '../../db/crypto/keyring.ts';
import type { DeviceSecret } from '../../db/crypto/notebook-keys.ts';

const TIMEOUT_MS = 60_000;
const PRF_INPUT_BYTES = 32;

// The PRF extension's shapes (not in every TypeScript DOM library yet).
interface PrfValues {
  first: BufferSource;
}
interface PrfResults {
  prf?: { enabled?: boolean; results?: { first?: ArrayBuffer } };
}

/**
 * Whether to offer the fingerprint: a secure page, a platform authenticator that verifies the user,
 * and (where the browser says so) the PRF extension. Whether PRF really works is known only at
 * enrolment, which says so when it does not.
 */
export async function deviceUnlockOffered(): Promise<boolean> {
  const pkc = globalThis.PublicKeyCredential as
    | (typeof PublicKeyCredential & {
        getClientCapabilities?: () => Promise<Record<string, boolean | undefined>>;
      })
    | undefined;
  if (!pkc || !globalThis.isSecureContext || !navigator.credentials) return false;
  try {
    const capabilities = await pkc.getClientCapabilities?.();
    if (capabilities?.['extension:prf'] === false) return false;
    return await pkc.isUserVerifyingPlatformAuthenticatorAvailable();
  } catch {
    return false;
  }
}

const prfOf = (credential: PublicKeyCredential): ArrayBuffer | undefined =>
  (credential.getClientExtensionResults() as PrfResults).prf?.results?.first;

/** The authenticator's PRF output for `credentialId` and `prfInput`, after it has verified the user. */
async function evaluate(credentialId: string, prfInput: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const assertion = (await navigator.credentials.get({
    publicKey: {
      challenge: random(32),
      allowCredentials: [{ type: 'public-key', id: fromBase64(credentialId) }],
      userVerification: 'required',
      timeout: TIMEOUT_MS,
      extensions: { prf: { eval: { first: fromBase64(prfInput) } satisfies PrfValues } },
    } as PublicKeyCredentialRequestOptions,
  })) as PublicKeyCredential | null;
  const output = assertion && prfOf(assertion);
  return output ? new Uint8Array(output) : null;
}

/**
 * A new platform credential for this notebook, and its PRF output for a new random input: null when
 * the person cancels, the phone has no such authenticator, or it does not give PRF outputs.
 */
export async function enrolDevice(user: {
  id: string;
  name: string;
  phone: string;
}): Promise<DeviceSecret | null> {
  const prfInput = toBase64(random(PRF_INPUT_BYTES));
  const credential = (await navigator.credentials.create({
    publicKey: {
      rp: { name: 'Sổ 06' },
      // A random handle: the account's id is not given to the authenticator's list of passkeys.
      user: { id: random(16), name: user.phone, displayName: `Sổ 06 · ${user.name}` },
      challenge: random(32),
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      authenticatorSelection: {
        authenticatorAttachment: 'platform',
        userVerification: 'required',
        residentKey: 'discouraged',
      },
      timeout: TIMEOUT_MS,
      extensions: { prf: { eval: { first: fromBase64(prfInput) } satisfies PrfValues } },
    } as PublicKeyCredentialCreationOptions,
  })) as PublicKeyCredential | null;
  if (!credential) return null;
  const results = (credential.getClientExtensionResults() as PrfResults).prf;
  if (!results?.enabled && !results?.results?.first) return null;
  const credentialId = toBase64(credential.rawId);
  // Some authenticators give the output at creation; the others at the first assertion.
  const first = results.results?.first;
  const prfOutput = first ? new Uint8Array(first) : await evaluate(credentialId, prfInput);
  return prfOutput ? { credentialId, prfInput, prfOutput } : null;
}

/** The secret for the notebook's credential, after the fingerprint; null when cancelled or refused. */
export async function deviceSecret(device: {
  credentialId: string;
  prfInput: string;
}): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    return await evaluate(device.credentialId, device.prfInput);
  } catch {
    // NotAllowedError (cancelled, timed out), InvalidStateError: the PIN is still there.
    return null;
  }
}
