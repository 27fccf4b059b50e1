// A stored client secret or certificate goes only to the authority (sign-in host) it was saved
// with. Node-RED keeps a password credential when the editor sends it unchanged, so without this an
// editor user could point `authorityHost` at a host of their own, deploy or press Test connection,
// and have the stored secret posted there. The binding {fingerprint of the secret, authority} lives
// in the encrypted userDir store: it changes only when the secret itself changes (someone typed a
// new one) or when someone who knows the secret types it again (Test connection).
import { createHash } from 'crypto';
import { EntraError } from '../errors';
import type { StateStore } from '../secure-store';
import { t } from '../i18n';

export const SECRET_NOT_FOR_AUTHORITY = 'SecretNotForThisAuthority';

interface Binding {
  fingerprint: string;
  authority: string;
}

const key = (nodeId: string) => `secret-authority:${nodeId}`;

/** The stored secret and certificate as one fingerprint (undefined when neither is set). */
export function secretFingerprint(credentials: Record<string, unknown>): string | undefined {
  const secret = typeof credentials.clientSecret === 'string' ? credentials.clientSecret : '';
  const certificate = typeof credentials.certificate === 'string' ? credentials.certificate : '';
  const tokenFile = typeof credentials.federatedTokenFile === 'string' ? credentials.federatedTokenFile : '';
  if (!secret && !certificate && !tokenFile) return undefined;
  return createHash('sha256').update(`${secret}\u0000${certificate}\u0000${tokenFile}`).digest('hex');
}

/** The authority as compared: its origin (scheme, host, port), lower case. */
export function authorityKey(authorityHost: string): string {
  try {
    return new URL(authorityHost).origin.toLowerCase();
  } catch {
    return authorityHost.toLowerCase();
  }
}

export function notForAuthorityError(): EntraError {
  const err = new EntraError(t('errors.secretNotForAuthority'), {
    code: SECRET_NOT_FOR_AUTHORITY,
    kind: 'security',
    statusText: t('status.enterSecretAgain'),
  });
  // The dialog's routes pass the key on, so the editor shows the text in its own language.
  return Object.assign(err, { messageKey: 'entra.errors.secretNotForAuthority' });
}

/**
 * At connection start: binds a new (or first seen) secret to the authority in use; refuses when
 * the same secret was bound to another authority.
 */
export async function checkRuntimeBinding(
  store: StateStore,
  nodeId: string,
  credentials: Record<string, unknown>,
  authorityHost: string,
): Promise<void> {
  const fingerprint = secretFingerprint(credentials);
  if (!fingerprint) return;
  const authority = authorityKey(authorityHost);
  const bound = await store.get<Binding>(key(nodeId));
  if (bound && bound.fingerprint === fingerprint) {
    if (bound.authority !== authority) throw notForAuthorityError();
    return;
  }
  // No binding yet, or the secret was changed in this deploy: it belongs to this authority.
  await store.set(key(nodeId), { fingerprint, authority } satisfies Binding);
}

/**
 * For the dialog (Test connection, sign-in): may the stored credentials of `nodeId` be used with
 * `authorityHost`? Only when they are bound to it.
 */
export async function storedSecretAllowed(
  store: StateStore,
  nodeId: string,
  stored: Record<string, unknown>,
  authorityHost: string,
): Promise<boolean> {
  const fingerprint = secretFingerprint(stored);
  if (!fingerprint) return true;
  const bound = await store.get<Binding>(key(nodeId));
  return !!bound && bound.fingerprint === fingerprint && bound.authority === authorityKey(authorityHost);
}

/** Someone typed the stored secret again in the dialog: it may now go to this authority. */
export async function rebindTypedSecret(
  store: StateStore,
  nodeId: string,
  typed: Record<string, unknown>,
  stored: Record<string, unknown>,
  authorityHost: string,
): Promise<void> {
  const fingerprint = secretFingerprint(typed);
  if (!fingerprint || fingerprint !== secretFingerprint(stored)) return;
  await store.set(key(nodeId), { fingerprint, authority: authorityKey(authorityHost) } satisfies Binding);
}
