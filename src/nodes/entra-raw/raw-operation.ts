// entra-raw's one operation: any Graph call through the shared client (token, host guard, retries,
// paging), so a flow can reach endpoints no other node covers.
import { inputError } from '../../lib/errors';
import { t } from '../../lib/i18n';
import type { Values } from '../../lib/inputs';
import type { NodeSpec } from '../../lib/operations';
import { LIST_INPUTS, PAGE_OUTPUT } from '../../lib/shared-inputs';
import type { OperationContext, OperationResult, OperationTable } from '../../lib/runner';
import { runList } from '../../lib/runner';
import { formatCount } from '../../lib/status';
import { resolveGraphUrl, withApiVersion } from '../../lib/url-guard';
import { rawRequest } from './raw-request';
import { RAW_ERRORS, rawError } from './raw-errors';

export const API_VERSIONS = ['v1.0', 'beta'];

export function rawOperations(): OperationTable {
  return {
    request: {
      label: 'Raw request',
      summary:
        "Sends any request to Microsoft Graph with the connection's token, Graph host and retry policy, like Node-RED's http request node with a Graph path.",
      method: 'GET',
      path: '{url} (any method)',
      permissions: {
        application: null,
        delegated: null,
        note: 'whatever the endpoint called needs (see its Microsoft Graph reference page)',
      },
      docs: 'https://learn.microsoft.com/graph/use-the-api',
      output:
        'The response body: parsed JSON, text, or a Buffer per Response type; with Get all pages the array of items; msg.nextLink when Graph gives one.',
      details:
        "The retry inputs add to the connection's retry logic: a Retry-After header from Graph always wins, and a network error is repeated only for GET, PUT, DELETE, HEAD and OPTIONS.",
      inputs: {
        method: {
          kind: 'string',
          default: 'GET',
          icon: 'tasks',
          label: 'Method',
          placeholder: 'GET, POST, PUT, PATCH, DELETE',
          help: 'GET (default), POST, PUT, PATCH, DELETE, HEAD or OPTIONS.',
        },
        url: {
          kind: 'string',
          required: true,
          icon: 'globe',
          label: 'URL',
          placeholder: '/users',
          help: "A path relative to the connection's Graph base (/users, /users?$top=5), or an absolute URL on the connection's Graph host only: the token never leaves Graph.",
        },
        apiVersion: {
          kind: 'string',
          plain: true,
          default: 'v1.0',
          label: 'API version',
          choices: { 'v1.0': 'v1.0', beta: 'beta' },
          help: "v1.0 or beta: replaces the version of the connection's Graph base (not applied to an absolute URL); beta APIs may change without notice.",
        },
        queryParams: {
          kind: 'object',
          label: 'Query parameters',
          placeholder: '{"$select": "id,displayName", "$top": 5}',
          help: 'Name → value, added to the URL encoded; an array value is sent comma-separated.',
        },
        headers: {
          kind: 'object',
          label: 'Headers',
          placeholder: '{"ConsistencyLevel": "eventual"}',
          help: "Name → value; Authorization is the connection's and cannot be given.",
        },
        data: {
          kind: 'any',
          label: 'Data',
          placeholder: 'empty: msg.payload (not for GET/DELETE)',
          help: 'The request body (objects as JSON, text as text/plain, a Buffer as bytes); empty: msg.payload, except for GET, HEAD, DELETE and OPTIONS.',
        },
        formData: {
          kind: 'object',
          label: 'Form data',
          placeholder: '{"description": "Q1 report"}',
          help: 'Fields of a multipart/form-data upload, name → value; with Form data or File data, Data and msg.payload are not sent.',
        },
        fileData: {
          kind: 'any',
          label: 'File data',
          placeholder: 'msg.payload (a Buffer), or {name: Buffer}',
          help: 'Files of the multipart upload: name → Buffer or text; a single Buffer or text is the part named file.',
        },
        fileDataFileNames: {
          kind: 'any',
          label: 'File names',
          placeholder: '{"file": "report.pdf"}',
          help: 'The file name of each file part, with the same keys as File data (default: the key); text names the single file.',
        },
        responseType: {
          kind: 'string',
          default: 'json',
          label: 'Response type',
          placeholder: 'json, text or binary',
          help: 'json (parsed when the response is JSON), text (a string) or binary (a Buffer, e.g. a photo or a logo).',
        },
        getAll: {
          ...LIST_INPUTS.getAll,
          default: false,
          help: 'For a collection (a response with value): follow every @odata.nextLink, and msg.payload is the array of items.',
        },
        pageOutput: PAGE_OUTPUT,
        timeout: {
          kind: 'number',
          label: 'Timeout (ms)',
          placeholder: "the connection's",
          help: "Milliseconds to wait for each response; empty: the connection's.",
        },
        maxRetryCount: {
          kind: 'number',
          label: 'Max retry count',
          placeholder: "the connection's policy",
          help: "Empty: the connection's policy (429, 503, 504); 0: no retries; N: up to N retries with the settings below.",
        },
        retryOnAllErrors: {
          kind: 'boolean',
          default: false,
          label: 'Retry on all errors',
          help: 'false: retries 429 and 5xx responses (and network errors); true: every error response, 4xx included.',
        },
        useExponentialBackoff: {
          kind: 'boolean',
          default: false,
          label: 'Exponential backoff',
          help: "true: the wait doubles on each retry from the connection's base delay (with jitter), and Retry delay is ignored.",
        },
        retryDelayMs: {
          kind: 'number',
          label: 'Retry delay (ms)',
          placeholder: '0',
          help: 'The wait between retries when exponential backoff is off (default 0).',
        },
      },
      validate: (v, ctx) => {
        // Refused before anything is sent: the token goes to the connection's Graph host only.
        resolveGraphUrl(withApiVersion(ctx.client.baseUrl, apiVersionOf(ctx)), v.url);
        if (v.data !== undefined && (v.formData !== undefined || v.fileData !== undefined)) {
          throw inputError('data', rawError('bothBodies'));
        }
      },
      run: runRaw,
    },
  };
}

export const rawNode: NodeSpec = {
  type: 'entra-raw',
  errors: RAW_ERRORS,
  paletteLabel: 'entra raw',
  icon: 'entra-raw.svg',
  label: 'raw request',
  summary:
    'Sends any request to Microsoft Graph on the connection, for endpoints no other node covers (/organization, /servicePrincipals, a beta API, an application logo…).',
  operations: rawOperations(),
};

function apiVersionOf(ctx: OperationContext): string {
  const version = ctx.config.apiVersion || 'v1.0';
  if (!API_VERSIONS.includes(version)) throw inputError('apiVersion', rawError('apiVersion', { value: JSON.stringify(version) }));
  return version;
}

async function runRaw(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const req = rawRequest(v, ctx.msg, apiVersionOf(ctx), ctx.connection.retryBaseDelayMs ?? 1000);
  const debug = ctx.config.debugRequest === true || ctx.config.debugRequest === 'true';
  if (v.getAll && ctx.config.pageOutput === 'perPage') return runList(req, v, ctx, debug);
  if (v.getAll) {
    const all = await ctx.client.collectAll(
      { debug, log: (line) => ctx.node.log(line), ...req },
      (page, items) => ctx.status.progress(t('status.page', { page, items: formatCount(items) })),
      { allowNonCollection: true },
    );
    // Not a collection (no value array): the body as it came.
    const isCollection = Array.isArray(all.first.data?.value);
    const props: Record<string, unknown> = {};
    if (isCollection && all.first.data?.['@odata.count'] !== undefined) props.count = all.first.data['@odata.count'];
    return { payload: isCollection ? all.items : all.first.data, statusCode: all.last.status, headers: all.last.headers, props };
  }
  const response = await ctx.request({ ...req, expectCreatedId: false });
  // No body (204, HEAD): an empty string, or an empty Buffer for binary.
  const payload = response.data === undefined ? '' : response.data;
  const nextLink = (response.data as Record<string, unknown> | undefined)?.['@odata.nextLink'];
  return { payload, statusCode: response.status, headers: response.headers, props: typeof nextLink === 'string' ? { nextLink } : {} };
}
