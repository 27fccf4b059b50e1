// The connection's sign-in and permission texts (issue 10): the English of the sections `signIn`,
// `signInPage`, `log` and `test` of the entra-connection catalogue (connection-messages.ts takes
// them in; the Japanese is entra-connection.ja.json). Here, in src/lib/auth, because the device
// code session, the sign-in state and the redirect URI check write them too.
//
// A text is a `Keyed` (a message key and its substitutions, which may be texts themselves): the
// runtime renders it in Node-RED's language (logs, the English-compatible `message` of a route
// answer), and a route answer also carries it as `messageKey` / `messageArgs`, so that the dialog
// shows it in the editor's language (RED._). Texts of the identity platform (AADSTS… reasons) stay
// as they are, as substitutions.
import { english, nodeTexts, t } from '../i18n';
import { SHARED_MESSAGES } from '../messages';

/** The device code sign-in, the sign-in routes' answers and their errors: `entra-connection.signIn`. */
export const SIGN_IN_TEXTS = {
  askingForCode: 'Asking the identity platform for a code…',
  enterCode: 'To sign in, open __uri__ and enter the code __code__ (waiting for the sign-in).',
  openAndEnter: 'open __uri__ and enter the code __code__',
  signedInAs: 'Signed in as __account__.',
  declined: 'The sign-in was declined on the verification page. Click Sign in to get a new code.',
  expired: 'The code expired before anyone signed in with it. Click Sign in to get a new code.',
  cancelled: 'The sign-in was cancelled.',
  badCode: 'The identity platform no longer recognises this code. Click Sign in to get a new code.',
  failed: 'Sign-in failed: __reason__',
  nobody: 'Nobody has signed in yet.',
  // The dialog's buttons, as named in "open the connection and click …".
  buttonSignIn: 'Sign in',
  buttonAuthenticate: 'Authenticate',
  noAnswer: 'no answer from __host__ within __seconds__ s',
  invalidId: 'invalid connection id',
  authenticateOnly: 'Authenticate is for authType authorizationCode',
  deviceCodeOnly: 'Sign in with a code is for authType deviceCode',
  notDelegated: 'this connection does not sign in as a user: choose authorization code or device code',
  needsTokenCache: '__authType__ needs a token cache',
  redirectInvalid: 'redirectUri: not a valid URL',
  redirectInsecure:
    'redirectUri: Microsoft accepts only https:// redirect URIs (or http://localhost), and this editor is served from __origin__. Serve Node-RED over HTTPS, open the editor at http://localhost, or use the device code sign-in.',
  redirectPath: 'redirectUri: must end in /__path__',
  linkUnknown:
    'This sign-in link is not known (it may come from another Node-RED, or Node-RED restarted since). Click Authenticate in the connection dialog again.',
  linkExpired:
    'This sign-in link has expired. Click Authenticate in the connection dialog again, and complete the sign-in within a few minutes.',
  linkUsed: 'This sign-in link was already used. Click Authenticate in the connection dialog again.',
};

/** The page the browser window shows after Authenticate: `entra-connection.signInPage`. */
export const SIGN_IN_PAGE_TEXTS = {
  refused: 'Sign-in refused',
  failed: 'Sign-in failed',
  signedIn: 'Signed in',
  platformAnswered: 'The identity platform answered: __reason__',
  noCode: 'The identity platform sent no authorization code.',
  signedInAs: 'Signed in as __account__ — you can close this window.',
  theUser: 'the user',
};

/** The connection's lines in the Node-RED log: `entra-connection.log`. */
export const LOG_TEXTS = {
  signedInAs: 'signed in as __account__',
  routeSignedInAs: 'entra-connection __id__: signed in as __account__',
  routeSignedOut: 'entra-connection __id__: signed out',
  routeDeviceCode: 'entra-connection __id__: to sign in, open __uri__ and enter the code __code__',
  deviceCode: 'To sign in, open __uri__ and enter the code __code__',
  connectionSettings: 'Connection settings: __reason__',
  throttled: 'throttled by Graph (429): every request of this connection waits __seconds__ s',
};

/** The answer of Test connection: `entra-connection.test`. */
export const TEST_TEXTS = {
  signedIn: 'Signed in: __source__, a token for __scope__',
  applicationGranted: 'Application permissions granted: __granted__',
  delegatedGranted: 'Delegated permissions granted: __granted__',
  problem: '__problem__; granted: __granted__',
  delegatedNote: "Note: delegated permissions: the signed-in user's own directory role can still refuse an operation.",
  // How the connection signs in (`source` of the answer, and the sidebar).
  sourceDefault: 'signed in',
  sourceClientCredentials: 'client credentials (__credential__)',
  credentialCertificate: 'certificate',
  credentialSecret: 'client secret',
  credentialTokenFile: 'federated token file __path__',
  sourceDeviceCode: 'user sign-in (device code)',
  sourceAuthorizationCode: 'user sign-in (authorization code)',
  sourceManaged: '__source__ (__identity__)',
  managedAppService: 'App Service managed identity',
  managedAzureArc: 'Azure Arc managed identity',
  managedCloudShell: 'Cloud Shell managed identity',
  managedMachineLearning: 'Azure Machine Learning managed identity',
  managedServiceFabric: 'Service Fabric managed identity',
  managedImds: 'IMDS managed identity (VM, scale set, AKS)',
  managedOther: '__source__ managed identity',
  identitySystem: 'system-assigned',
  identityUser: 'user-assigned, __type__ __id__',
};

const TYPE = 'entra-connection';
const SECTIONS = { signIn: SIGN_IN_TEXTS, signInPage: SIGN_IN_PAGE_TEXTS, log: LOG_TEXTS, test: TEST_TEXTS };
type Sections = typeof SECTIONS;

/** Substitutions that may be texts themselves (rendered in the same language). */
export type KeyedArgs = Record<string, string | number | Keyed>;
/** A message key of the connection's catalogue ("entra-connection.signIn.expired", "entra.errors.…") and its substitutions. */
export interface Keyed {
  key: string;
  args?: KeyedArgs;
}

/** A text of one of the sections above. */
export function keyed<S extends keyof Sections>(section: S, key: keyof Sections[S] & string, args?: KeyedArgs): Keyed {
  return args ? { key: `${TYPE}.${section}.${key}`, args } : { key: `${TYPE}.${section}.${key}` };
}

/** A text of the shared `entra` section ("errors.permissions.none"). */
export function sharedKeyed(key: string, args?: KeyedArgs): Keyed {
  return args ? { key: `entra.${key}`, args } : { key: `entra.${key}` };
}

/** The text in Node-RED's language (its English when the runtime has no catalogue). */
export function render(text: Keyed): string {
  const subs: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.args ?? {})) subs[name] = typeof value === 'object' ? render(value) : value;
  const args = text.args ? subs : undefined;
  if (text.key.startsWith('entra.')) return t(text.key.slice('entra.'.length), args);
  const [type, section, name] = text.key.split('.');
  const texts = (SECTIONS as Record<string, Record<string, string>>)[section];
  if (type !== TYPE || !texts || !Object.hasOwn(texts, name)) return text.key;
  return nodeTexts(TYPE, section, texts)(name, args);
}

/** The English of a key ("entra-connection.signInPage.failed", "entra.errors.…"); the key when there is none. */
export function englishText(key: string): string {
  if (key.startsWith('entra.')) return english(SHARED_MESSAGES, key.slice('entra.'.length));
  return english({ [TYPE]: SECTIONS }, key);
}

/** What a route answer carries: the text in Node-RED's language (`message`) and its key for the editor. */
export function answerText(text: Keyed): { message: string; messageKey: string; messageArgs?: KeyedArgs } {
  return text.args
    ? { message: render(text), messageKey: text.key, messageArgs: text.args }
    : { message: render(text), messageKey: text.key };
}

/** An error whose message is a Keyed text (rendered in Node-RED's language); a route answer passes the key on. */
export class KeyedError extends Error {
  readonly messageKey: string;
  readonly messageArgs?: KeyedArgs;
  constructor(text: Keyed) {
    super(render(text));
    this.messageKey = text.key;
    if (text.args) this.messageArgs = text.args;
  }
}

/** A route's answer to an error: its message, and its key when it has one (KeyedError, notForAuthorityError). */
export function errorAnswer(err: unknown): { message: string; messageKey?: string; messageArgs?: KeyedArgs } {
  const e = err as { message?: unknown; messageKey?: unknown; messageArgs?: KeyedArgs };
  const message = String(e?.message ?? err);
  if (typeof e?.messageKey !== 'string') return { message };
  return e.messageArgs ? { message, messageKey: e.messageKey, messageArgs: e.messageArgs } : { message, messageKey: e.messageKey };
}
