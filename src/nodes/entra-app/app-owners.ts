// An application's owners (users or service principals who may manage it):
//   listOwners   GET    /applications/{id}/owners
//   addOwner     POST   /applications/{id}/owners/$ref {"@odata.id": ".../directoryObjects/{ownerId}"} → 204
//   removeOwner  DELETE /applications/{id}/owners/{ownerId}/$ref → 204
// https://learn.microsoft.com/graph/api/application-list-owners, application-post-owners, application-delete-owners.
// Unlike a Microsoft 365 group, an application may be left without owners.
import type { EntraError } from '../../lib/errors';
import { memberIdOf, memberRef } from '../../lib/directory-refs';
import type { InputSpec, Values } from '../../lib/inputs';
import type { OperationTable } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';
import { APPLICATION_ID_INPUTS, applicationIdText, applicationKey, applicationPath, checkIdType } from './app-ids';

/** A 404 names the missing object: the application itself, or the owner. */
const ownerNotFound = (ownerText: string) => (v: Values, err: EntraError): string => {
  const message = (err.graphMessage ?? '').toLowerCase();
  return message.includes(`'${String(v.applicationObjectId).toLowerCase()}'`) ? `Not found: no application with ${applicationIdText(v)}` : ownerText;
};

const OWNER_ID: InputSpec = { kind: 'any', required: true, label: 'Owner', placeholder: 'object id or @odata.id', help: 'The user or service principal: an object id, an @odata.id URL, or an object with an id.' };

export const ownerOperations: OperationTable = {
  listOwners: {
    label: 'List owners',
    summary: 'Lists the users and service principals who own the application.',
    method: 'GET',
    path: '/applications/{id}/owners',
    permissions: { application: 'Application.Read.All', delegated: 'Application.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-list-owners',
    output: 'The array of owners (each with its @odata.type).',
    inputs: APPLICATION_ID_INPUTS,
    validate: checkIdType,
    notFound: (v) => `Not found: no application with ${applicationIdText(v)}`,
    list: true,
    request: (v) => ({ method: 'GET', url: `${applicationPath(v)}/owners` }),
  },
  addOwner: {
    label: 'Add owner',
    summary: 'Makes a user or service principal an owner of the application.',
    method: 'POST',
    path: '/applications/{id}/owners/$ref',
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-post-owners',
    output: '{ id, ownerId, added: true }.',
    inputs: { ...APPLICATION_ID_INPUTS, ownerId: OWNER_ID },
    validate: checkIdType,
    notFound: ownerNotFound('Not found: the owner does not exist (no user or service principal with that id)'),
    run: async (v, ctx) => {
      const ref = memberRef(ctx.client.baseUrl, 'ownerId', v.ownerId);
      const response = await ctx.request({ method: 'POST', url: `${applicationPath(v)}/owners/$ref`, body: { '@odata.id': ref.odataId } });
      return { payload: { ...applicationKey(v), ownerId: ref.id, added: true }, statusCode: response.status, headers: response.headers };
    },
  },
  removeOwner: {
    label: 'Remove owner',
    summary: 'Removes an ownership; the owner object itself stays (an application may be left without owners).',
    method: 'DELETE',
    path: '/applications/{id}/owners/{ownerId}/$ref',
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-delete-owners',
    output: '{ id, ownerId, removed: true }.',
    inputs: { ...APPLICATION_ID_INPUTS, ownerId: OWNER_ID },
    validate: (v) => {
      checkIdType(v);
      memberIdOf('ownerId', v.ownerId);
    },
    notFound: ownerNotFound('Not an owner'),
    // /$ref removes the ownership; the owner object itself stays.
    request: (v) => ({ method: 'DELETE', url: `${applicationPath(v)}/owners/${fillPath('{ownerId}', { ownerId: memberIdOf('ownerId', v.ownerId) })}/$ref` }),
    noContent: (v) => ({ ...applicationKey(v), ownerId: memberIdOf('ownerId', v.ownerId), removed: true }),
  },
};
