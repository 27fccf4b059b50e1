// One device code sign-in: started from the dialog's Sign in button or, on a device without a
// browser, at runtime when a node needs a token and nobody has signed in. msal polls the token
// endpoint while the user enters the code elsewhere; this keeps the state the editor polls and turns
// the outcomes into plain messages.
import type { DelegatedTokenSource } from './delegated';

export type DeviceSessionStatus = 'starting' | 'pending' | 'signedIn' | 'declined' | 'expired' | 'failed' | 'cancelled';

export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  message: string;
  expiresAt: string;
}

export interface DeviceSessionView {
  status: DeviceSessionStatus;
  code?: DeviceCodeInfo;
  account?: string;
  message: string;
}

export class DeviceCodeSession {
  status: DeviceSessionStatus = 'starting';
  code?: DeviceCodeInfo;
  account?: string;
  error?: string;
  private readonly request: { cancel?: boolean } = {};
  /** Settles when the flow ends, whatever the outcome. */
  readonly done: Promise<void>;
  private codeKnown!: (info: DeviceCodeInfo | undefined) => void;
  private readonly codePromise = new Promise<DeviceCodeInfo | undefined>((resolve) => {
    this.codeKnown = resolve;
  });

  constructor(
    private readonly source: DelegatedTokenSource,
    hooks: { onCode?(info: DeviceCodeInfo): void; onEnd?(session: DeviceCodeSession): void } = {},
  ) {
    this.done = source
      .deviceCode((r) => {
        this.code = {
          userCode: r.userCode,
          verificationUri: r.verificationUri,
          message: r.message,
          expiresAt: new Date(Date.now() + r.expiresIn * 1000).toISOString(),
        };
        this.status = 'pending';
        this.codeKnown(this.code);
        hooks.onCode?.(this.code);
      }, this.request)
      .then(
        (result) => {
          this.status = 'signedIn';
          this.account = result.account?.username;
        },
        (err) => {
          const outcome = deviceCodeOutcome(err);
          this.status = this.request.cancel ? 'cancelled' : outcome.status;
          this.error = outcome.message;
        },
      )
      .finally(() => {
        this.codeKnown(undefined);
        source.close();
        hooks.onEnd?.(this);
      })
      // A throwing onEnd hook must not become an unhandled rejection (that stops Node-RED).
      .catch(() => {});
  }

  /** The code to show, once the identity platform has answered (undefined when it refused). */
  waitForCode(): Promise<DeviceCodeInfo | undefined> {
    return this.codePromise;
  }

  get active(): boolean {
    return this.status === 'starting' || this.status === 'pending';
  }

  cancel(): void {
    this.request.cancel = true;
  }

  view(): DeviceSessionView {
    return { status: this.status, code: this.active ? this.code : undefined, account: this.account, message: this.describe() };
  }

  describe(): string {
    switch (this.status) {
      case 'starting':
        return 'Asking the identity platform for a code…';
      case 'pending':
        return `To sign in, open ${this.code?.verificationUri} and enter the code ${this.code?.userCode} (waiting for the sign-in).`;
      case 'signedIn':
        return `Signed in as ${this.account}.`;
      default:
        return this.error ?? this.status;
    }
  }
}

/** msal's device code errors: the server's polling errors [DC] and its own expiry/cancel checks. */
export function deviceCodeOutcome(err: unknown): { status: DeviceSessionStatus; message: string } {
  const e = err as { errorCode?: string; errorMessage?: string; message?: string };
  const text = `${e?.errorCode ?? ''} ${e?.errorMessage ?? ''} ${e?.message ?? ''}`;
  if (/authorization_declined/.test(text))
    return { status: 'declined', message: 'The sign-in was declined on the verification page. Click Sign in to get a new code.' };
  if (/expired_token|device_code_expired|code_expired/.test(text))
    return { status: 'expired', message: 'The code expired before anyone signed in with it. Click Sign in to get a new code.' };
  if (/device_code_polling_cancelled/.test(text)) return { status: 'cancelled', message: 'The sign-in was cancelled.' };
  if (/bad_verification_code/.test(text))
    return { status: 'failed', message: 'The identity platform no longer recognises this code. Click Sign in to get a new code.' };
  const aadsts = /AADSTS\d+:[^\r\n]*/.exec(text)?.[0];
  return { status: 'failed', message: `Sign-in failed: ${aadsts ?? (e?.errorMessage || e?.message || String(err))}` };
}
