// Client secrets and the expiring-credentials report.
//   addPassword      POST /applications/{id}/addPassword {"passwordCredential": {displayName, endDateTime}}
//                    → 200 + the new secret (secretText), which Graph returns this one time only
//                    (https://learn.microsoft.com/graph/api/application-addpassword).
//   removePassword   POST /applications/{id}/removePassword {"keyId"} → 204
//                    (https://learn.microsoft.com/graph/api/application-removepassword).
//   listExpiringCredentials  every application's passwordCredentials and keyCredentials, all pages,
//                    one item per secret or certificate that expires within withinDays (or has expired).
// The secret goes only on msg.secret: never msg.payload, the status or a log (debug logging redacts
// secretText like every secret).
import { graphBody, mergeAdditional, type MicrosoftGraph } from '../../lib/body';
import { EntraError, inputError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import { MAX_PAGE_SIZE } from '../../lib/list-query';
import { OperationTable, runList } from '../../lib/runner';
import { PAGE_OUTPUT } from '../../lib/shared-inputs';
import { APPLICATION_ID_INPUTS, applicationKey, applicationNotFound, applicationPath, checkIdType } from './app-ids';
import { appError } from './app-errors';

const DAY_MS = 86_400_000;

const notFound = (v: Values) => applicationNotFound(v);

/** An ISO 8601 date-time as Graph wants it (UTC), or an input error naming the input. */
function isoDate(input: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const time = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(time)) throw inputError(input, appError('isoDate', { value: String(JSON.stringify(value)) }));
  return new Date(time).toISOString();
}

export interface ExpiringCredential {
  app: { id: string; appId: string; displayName: string };
  kind: 'password' | 'certificate';
  keyId: string;
  displayName: string | null;
  endDateTime: string;
  /** Whole days until it expires: 0 within the next 24 hours, negative once expired. */
  daysLeft: number;
  expired: boolean;
}

/** The secrets and certificates of these applications that expire before now + withinDays, soonest first. */
export function expiringCredentials(apps: any[], withinDays: number, now = Date.now()): ExpiringCredential[] {
  const limit = now + withinDays * DAY_MS;
  const out: ExpiringCredential[] = [];
  for (const a of apps) {
    const app = { id: a.id, appId: a.appId, displayName: a.displayName };
    const kinds: Array<['password' | 'certificate', any[]]> = [
      ['password', a.passwordCredentials ?? []],
      ['certificate', a.keyCredentials ?? []],
    ];
    for (const [kind, list] of kinds) {
      for (const c of list) {
        const end = Date.parse(c?.endDateTime);
        if (!Number.isFinite(end) || end > limit) continue;
        out.push({
          app,
          kind,
          keyId: c.keyId,
          displayName: c.displayName ?? null,
          endDateTime: c.endDateTime,
          daysLeft: Math.floor((end - now) / DAY_MS),
          expired: end <= now,
        });
      }
    }
  }
  return out.sort((x, y) => Date.parse(x.endDateTime) - Date.parse(y.endDateTime));
}

export const secretOperations: OperationTable = {
  addPassword: {
    label: 'Add client secret',
    summary: 'Adds a client secret; Graph returns its text this one time only, and it goes only on msg.secret.',
    method: 'POST',
    path: '/applications/{id}/addPassword',
    permissions: {
      application: 'Application.ReadWrite.All',
      delegated: 'Application.ReadWrite.All',
      note: "Application.ReadWrite.OwnedBy is enough for the app's own registrations",
    },
    docs: 'https://learn.microsoft.com/graph/api/application-addpassword',
    output:
      'The new credential without its text ({ id, keyId, displayName, startDateTime, endDateTime, hint }); the secret is on msg.secret.',
    inputs: {
      ...APPLICATION_ID_INPUTS,
      displayName: {
        kind: 'string',
        label: 'Description',
        placeholder: 'nightly job',
        help: "The secret's description, shown in the portal.",
      },
      endDateTime: {
        kind: 'any',
        label: 'Expires',
        placeholder: '2027-01-31T00:00:00Z',
        help: "An ISO 8601 date-time; empty: Graph's default of two years.",
      },
    },
    validate: (v) => {
      checkIdType(v);
      isoDate('endDateTime', v.endDateTime);
    },
    notFound,
    // Not retried after a network error (a POST): a repeat would add a second secret.
    run: async (v, ctx) => {
      const response = await ctx.request({
        method: 'POST',
        url: `${applicationPath(v)}/addPassword`,
        // application-addpassword: { passwordCredential } (an action's parameter: no type of its own).
        body: {
          passwordCredential: mergeAdditional(
            graphBody<MicrosoftGraph.PasswordCredential>({
              displayName: v.displayName,
              endDateTime: isoDate('endDateTime', v.endDateTime),
            }),
          ),
        },
      });
      const { secretText, '@odata.context': _context, ...credential } = (response.data ?? {}) as Record<string, unknown>;
      if (typeof secretText !== 'string' || secretText === '') {
        throw new EntraError(appError('noSecretText'), {
          code: 'MissingSecret',
          kind: 'graph',
          statusCode: response.status,
        });
      }
      return {
        payload: { ...applicationKey(v), ...credential },
        statusCode: response.status,
        headers: response.headers,
        props: { secret: secretText },
      };
    },
  },
  removePassword: {
    label: 'Remove client secret',
    summary: 'Removes a client secret by its keyId.',
    method: 'POST',
    path: '/applications/{id}/removePassword',
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-removepassword',
    output: '{ id, keyId, removed: true }.',
    inputs: {
      ...APPLICATION_ID_INPUTS,
      keyId: {
        kind: 'string',
        required: true,
        label: 'Key id',
        placeholder: 'keyId (GUID)',
        help: "The secret's keyId, as addPassword or get returned it.",
      },
    },
    validate: checkIdType,
    notFound,
    request: (v) => ({ method: 'POST', url: `${applicationPath(v)}/removePassword`, body: { keyId: v.keyId } }),
    noContent: (v) => ({ ...applicationKey(v), keyId: v.keyId, removed: true }),
  },
  listExpiringCredentials: {
    label: 'List expiring secrets and certificates',
    summary:
      "Reads every application's secrets and certificates (all pages) and lists those that expire within the given days, or have expired.",
    method: 'GET',
    path: '/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials',
    permissions: { application: 'Application.Read.All', delegated: 'Application.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-list',
    output: 'The array of { app: { id, appId, displayName }, kind, keyId, displayName, endDateTime, daysLeft, expired }, soonest first.',
    inputs: {
      withinDays: {
        kind: 'number',
        default: 30,
        label: 'Within days',
        placeholder: '30',
        help: 'How many days ahead to look; 0: only what has expired or expires today.',
      },
      pageOutput: PAGE_OUTPUT,
    },
    validate: (v) => {
      if (v.withinDays < 0) throw inputError('withinDays', appError('withinDays', { value: String(v.withinDays) }));
    },
    run: (v, ctx) => {
      const now = Date.now();
      // Every page: a report that stops at the first page would miss applications.
      const req = {
        method: 'GET' as const,
        url: '/applications',
        query: { $select: 'id,appId,displayName,passwordCredentials,keyCredentials', $top: String(MAX_PAGE_SIZE) },
      };
      return runList(req, { getAll: true }, ctx, undefined, (apps) => expiringCredentials(apps, v.withinDays, now));
    },
  },
};
