// entra-raw's one operation: any Graph call through the shared client (token, host guard, retries,
// paging), so a flow can reach endpoints no other node covers.
import { inputError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import type { OperationContext, OperationResult, OperationTable } from '../../lib/runner';
import { runList } from '../../lib/runner';
import { formatCount } from '../../lib/status';
import { resolveGraphUrl, withApiVersion } from '../../lib/url-guard';
import { rawRequest } from './raw-request';

export const API_VERSIONS = ['v1.0', 'beta'];

export function rawOperations(): OperationTable {
  return {
    request: {
      inputs: {
        url: { kind: 'string', required: true },
        method: { kind: 'string', default: 'GET' },
        data: { kind: 'any' },
        formData: { kind: 'object' },
        fileData: { kind: 'any' },
        fileDataFileNames: { kind: 'any' },
        queryParams: { kind: 'object' },
        headers: { kind: 'object' },
        responseType: { kind: 'string', default: 'json' },
        timeout: { kind: 'number' },
        retryDelayMs: { kind: 'number' },
        retryOnAllErrors: { kind: 'boolean', default: false },
        maxRetryCount: { kind: 'number' },
        useExponentialBackoff: { kind: 'boolean', default: false },
        getAll: { kind: 'boolean', default: false },
      },
      validate: (v, ctx) => {
        // Refused before anything is sent: the token goes to the connection's Graph host only.
        resolveGraphUrl(withApiVersion(ctx.client.baseUrl, apiVersionOf(ctx)), v.url);
        if (v.data !== undefined && (v.formData !== undefined || v.fileData !== undefined)) {
          throw inputError('data', 'give either data or formData/fileData (a multipart upload), not both');
        }
      },
      run: runRaw,
    },
  };
}

function apiVersionOf(ctx: OperationContext): string {
  const version = ctx.config.apiVersion || 'v1.0';
  if (!API_VERSIONS.includes(version)) throw inputError('apiVersion', `must be v1.0 or beta, got ${JSON.stringify(version)}`);
  return version;
}

async function runRaw(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const req = rawRequest(v, ctx.msg, apiVersionOf(ctx), ctx.connection.retryBaseDelayMs ?? 1000);
  const debug = ctx.config.debugRequest === true || ctx.config.debugRequest === 'true';
  if (v.getAll && ctx.config.pageOutput === 'perPage') return runList(req, v, ctx, debug);
  if (v.getAll) {
    const all = await ctx.client.collectAll({ debug, log: (line) => ctx.node.log(line), ...req }, (page, items) => ctx.status.progress(`page ${page} · ${formatCount(items)} items`));
    // Not a collection (no value array): the body as it came.
    const isCollection = Array.isArray(all.first.data?.value);
    const props: Record<string, unknown> = {};
    if (isCollection && all.first.data?.['@odata.count'] !== undefined) props.count = all.first.data['@odata.count'];
    return { payload: isCollection ? all.items : all.first.data, statusCode: all.last.status, headers: all.last.headers, props };
  }
  const response = await ctx.request(req);
  // No body (204, HEAD): an empty string, or an empty Buffer for binary.
  const payload = response.data === undefined ? '' : response.data;
  const nextLink = (response.data as Record<string, unknown> | undefined)?.['@odata.nextLink'];
  return { payload, statusCode: response.status, headers: response.headers, props: typeof nextLink === 'string' ? { nextLink } : {} };
}
