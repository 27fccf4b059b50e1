// One device code sign-in: started from the dialog's Sign in button or, on a device without a
// browser, at runtime when a node needs a token and nobody has signed in. msal polls the token
// endpoint while the user enters the code elsewhere; this keeps the state the editor polls and turns
// the outcomes into plain messages.
import type { DelegatedTokenSource } from './delegated';
import { answerText, Keyed, KeyedArgs, keyed, render } from './sign-in-messages';

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
  /** In Node-RED's language; the dialog shows messageKey/messageArgs in the editor's. */
  message: string;
  messageKey: string;
  messageArgs?: KeyedArgs;
}

export class DeviceCodeSession {
  status: DeviceSessionStatus = 'starting';
  code?: DeviceCodeInfo;
  account?: string;
  /** Why it failed, in Node-RED's language (errorText: its message key). */
  error?: string;
  errorText?: Keyed;
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
          this.errorText = outcome.text;
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
    return { status: this.status, code: this.active ? this.code : undefined, account: this.account, ...answerText(this.text()) };
  }

  /** The state in Node-RED's language. */
  describe(): string {
    return render(this.text());
  }

  /** The state as a message key of the connection's catalogue. */
  text(): Keyed {
    switch (this.status) {
      case 'starting':
        return keyed('signIn', 'askingForCode');
      case 'pending':
        return keyed('signIn', 'enterCode', { uri: this.code?.verificationUri ?? '', code: this.code?.userCode ?? '' });
      case 'signedIn':
        return keyed('signIn', 'signedInAs', { account: this.account ?? '' });
      default:
        return this.errorText ?? keyed('signIn', this.status === 'cancelled' ? 'cancelled' : 'failed', { reason: this.status });
    }
  }
}

/** msal's device code errors: the server's polling errors [DC] and its own expiry/cancel checks. */
export function deviceCodeOutcome(err: unknown): { status: DeviceSessionStatus; message: string; text: Keyed } {
  const e = err as { errorCode?: string; errorMessage?: string; message?: string };
  // One line each: an AADSTS reason is read to the end of its line.
  const all = [e?.errorCode, e?.errorMessage, e?.message].map((v) => v ?? '').join('\n');
  const outcome = (status: DeviceSessionStatus, text: Keyed) => ({ status, message: render(text), text });
  if (/authorization_declined/.test(all)) return outcome('declined', keyed('signIn', 'declined'));
  if (/expired_token|device_code_expired|code_expired/.test(all)) return outcome('expired', keyed('signIn', 'expired'));
  if (/device_code_polling_cancelled/.test(all)) return outcome('cancelled', keyed('signIn', 'cancelled'));
  if (/bad_verification_code/.test(all)) return outcome('failed', keyed('signIn', 'badCode'));
  // The identity platform's own reason (AADSTS…) as it wrote it.
  const aadsts = /AADSTS\d+:[^\r\n]*/.exec(all)?.[0];
  return outcome('failed', keyed('signIn', 'failed', { reason: aadsts ?? (e?.errorMessage || e?.message || String(err)) }));
}
