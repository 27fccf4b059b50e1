// entra-user: licences. SKUs may be named by part number ("ENTERPRISEPACK"): the shared resolver
// (src/lib/licenses.ts) reads GET /subscribedSkus once per connection.
// https://learn.microsoft.com/graph/api/user-assignlicense, https://learn.microsoft.com/graph/api/user-list-licensedetails,
// https://learn.microsoft.com/graph/api/subscribedsku-list
import { USER_ID } from './user-fields';
import { assignLicenseBody, LICENSE_INPUTS } from '../../lib/licenses';
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
      ...LICENSE_INPUTS,
    },
    run: async (v, ctx) => {
      const body = await assignLicenseBody(v, ctx.client, ctx.request);
      const res = await ctx.request({ method: 'POST', url: fillPath('/users/{userId}/assignLicense', v), body });
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
