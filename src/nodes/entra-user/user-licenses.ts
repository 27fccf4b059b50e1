// entra-user: licences. SKUs may be named by part number ("ENTERPRISEPACK"): the shared resolver
// (src/lib/licenses.ts) reads GET /subscribedSkus once per connection.
// https://learn.microsoft.com/graph/api/user-assignlicense, https://learn.microsoft.com/graph/api/user-list-licensedetails,
// https://learn.microsoft.com/graph/api/subscribedsku-list
import { USER_ID } from './user-fields';
import { inputError } from '../../lib/errors';
import { SkuResolver } from '../../lib/licenses';
import type { OperationTable } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';

export const licenseOperations: OperationTable = {
  assignLicense: {
    label: 'Assign or remove licences',
    summary: 'Adds and/or removes licences of the user in one request.',
    method: 'POST',
    path: '/users/{id}/assignLicense',
    permissions: { application: 'LicenseAssignment.ReadWrite.All', delegated: 'LicenseAssignment.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-assignlicense',
    output: 'The user with its assignedLicenses.',
    inputs: {
      userId: USER_ID,
      addLicenses: {
        kind: 'list',
        label: 'Add licences',
        placeholder: 'ENTERPRISEPACK or a skuId, or an array',
        help: 'skuIds, SKU part numbers (e.g. ENTERPRISEPACK) or { skuId, disabledPlans } objects, as an array or comma-separated.',
      },
      removeLicenses: { kind: 'list', label: 'Remove licences', placeholder: 'skuId or SKU part number, or an array', help: 'skuIds or SKU part numbers to remove.' },
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
    label: 'List licence details',
    summary: 'Lists the licences assigned to the user, with their service plans.',
    method: 'GET',
    path: '/users/{id}/licenseDetails',
    permissions: { application: 'LicenseAssignment.Read.All', delegated: 'LicenseAssignment.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-list-licensedetails',
    output: 'The array of licenseDetails (skuId, skuPartNumber, servicePlans).',
    inputs: { userId: USER_ID },
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}/licenseDetails', v) }),
  },
  listSubscribedSkus: {
    label: "List the tenant's licences",
    summary: 'Lists the licences (SKUs) the organization has bought, with their counts.',
    method: 'GET',
    path: '/subscribedSkus',
    permissions: { application: 'LicenseAssignment.Read.All', delegated: 'LicenseAssignment.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/subscribedsku-list',
    output: 'The array of subscribedSkus (skuId, skuPartNumber, consumedUnits, prepaidUnits).',
    inputs: {},
    list: true,
    request: () => ({ method: 'GET', url: '/subscribedSkus' }),
  },
};
