// entra-user: licences. SKUs may be named by part number ("ENTERPRISEPACK"): the shared resolver
// (src/lib/licenses.ts) reads GET /subscribedSkus once per connection.
// https://learn.microsoft.com/graph/api/user-assignlicense, https://learn.microsoft.com/graph/api/user-list-licensedetails,
// https://learn.microsoft.com/graph/api/subscribedsku-list
import { inputError } from '../../lib/errors';
import { SkuResolver } from '../../lib/licenses';
import type { OperationTable } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';

export const licenseOperations: OperationTable = {
  assignLicense: {
    permission: 'LicenseAssignment.ReadWrite.All',
    inputs: {
      userId: { kind: 'string', required: true },
      addLicenses: { kind: 'list' },
      removeLicenses: { kind: 'list' },
    },
    run: async (v, ctx) => {
      const skus = new SkuResolver(ctx.client, ctx.request);
      const addLicenses = await skus.addLicenses('addLicenses', v.addLicenses ?? []);
      const removeLicenses: string[] = [];
      for (const r of (v.removeLicenses ?? []) as unknown[]) {
        const ref = typeof r === 'string' ? r : (r as { skuId?: unknown; skuPartNumber?: unknown } | null)?.skuId ?? (r as { skuPartNumber?: unknown } | null)?.skuPartNumber;
        if (typeof ref !== 'string' || !ref.trim()) throw inputError('removeLicenses', 'each licence is a skuId or a SKU part number');
        removeLicenses.push(await skus.skuId('removeLicenses', ref.trim()));
      }
      // Graph requires both lists, empty ones included (both empty changes nothing: a leaver flow
      // that removes "every licence" of a user who has none still succeeds).
      const res = await ctx.request({ method: 'POST', url: fillPath('/users/{userId}/assignLicense', v), body: { addLicenses, removeLicenses } });
      return { payload: res.data, statusCode: res.status, headers: res.headers };
    },
  },
  listLicenseDetails: {
    permission: 'LicenseAssignment.Read.All',
    inputs: { userId: { kind: 'string', required: true } },
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}/licenseDetails', v) }),
  },
  listSubscribedSkus: {
    permission: 'LicenseAssignment.Read.All',
    inputs: {},
    list: true,
    request: () => ({ method: 'GET', url: '/subscribedSkus' }),
  },
};
