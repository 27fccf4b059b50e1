// An application's owners (users or service principals who may manage it):
//   listOwners   GET    /applications/{id}/owners
//   addOwner     POST   /applications/{id}/owners/$ref {"@odata.id": ".../directoryObjects/{ownerId}"} → 204
//   removeOwner  DELETE /applications/{id}/owners/{ownerId}/$ref → 204
// https://learn.microsoft.com/graph/api/application-list-owners, application-post-owners, application-delete-owners.
// Unlike a Microsoft 365 group, an application may be left without owners. A list of owners goes
// through $batch (20 per batch), as group owners: { added, alreadyOwners, failed } or
// { removed, notOwners, failed }, to Catch only when every owner failed.
import type { EntraError } from '../../lib/errors';
import { memberIdOf, memberRef } from '../../lib/directory-refs';
import type { InputSpec, Values } from '../../lib/inputs';
import type { OperationContext, OperationResult, OperationTable } from '../../lib/runner';
import { addOwnerList, OwnerList, removeOwnerList } from '../entra-group/owner-lists';
import { fillPath } from '../../lib/url-guard';
import { APPLICATION_ID_INPUTS, applicationKey, applicationNotFound, applicationPath, checkIdType } from './app-ids';
import { t } from '../../lib/i18n';

/** A 404 names the missing object: the application itself, or the owner. */
const ownerNotFound =
  (ownerText: () => string) =>
  (v: Values, err: EntraError): string => {
    const message = (err.graphMessage ?? '').toLowerCase();
    return message.includes(`'${String(v.applicationObjectId).toLowerCase()}'`) ? applicationNotFound(v) : ownerText();
  };

const OWNER_ID: InputSpec = {
  kind: 'any',
  required: true,
  label: 'Owner(s)',
  placeholder: 'object id or @odata.id, or an array',
  help: 'The user or service principal: an object id, an @odata.id URL, or an object with an id; an array adds or removes them all, 20 per $batch.',
};

/** The application's side of a list of owners. */
const owners = (v: Values): OwnerList => ({
  parentId: String(v.applicationObjectId),
  parentMissing: () => applicationNotFound(v),
  key: applicationKey(v),
});

const addOwners = (v: Values, ctx: OperationContext): Promise<OperationResult> =>
  addOwnerList(ctx, `${applicationPath(v)}/owners/$ref`, v.ownerId, owners(v));

const removeOwners = (v: Values, ctx: OperationContext): Promise<OperationResult> =>
  removeOwnerList(
    ctx,
    (ownerId) => `${applicationPath(v)}/owners/${fillPath('{ownerId}', { ownerId })}/$ref`,
    v.ownerId as unknown[],
    owners(v),
  );

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
    notFound: (v) => applicationNotFound(v),
    list: true,
    request: (v) => ({ method: 'GET', url: `${applicationPath(v)}/owners` }),
  },
  addOwner: {
    label: 'Add owner(s)',
    summary: 'Makes users or service principals owners of the application (a list goes through $batch).',
    method: 'POST',
    path: '/applications/{id}/owners/$ref',
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-post-owners',
    output: 'One owner: { id, ownerId, added: true }; a list: { id, added, alreadyOwners, failed }.',
    inputs: { ...APPLICATION_ID_INPUTS, ownerId: OWNER_ID },
    validate: checkIdType,
    notFound: ownerNotFound(() => t('errors.notFound.owner')),
    run: async (v, ctx) => {
      if (Array.isArray(v.ownerId)) return addOwners(v, ctx);
      const ref = memberRef(ctx.client.baseUrl, 'ownerId', v.ownerId);
      const response = await ctx.request({ method: 'POST', url: `${applicationPath(v)}/owners/$ref`, body: { '@odata.id': ref.odataId } });
      return { payload: { ...applicationKey(v), ownerId: ref.id, added: true }, statusCode: response.status, headers: response.headers };
    },
  },
  removeOwner: {
    label: 'Remove owner(s)',
    summary: 'Removes ownerships (a list goes through $batch); the owner objects stay (an application may be left without owners).',
    method: 'DELETE',
    path: '/applications/{id}/owners/{ownerId}/$ref',
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-delete-owners',
    output: 'One owner: { id, ownerId, removed: true }; a list: { id, removed, notOwners, failed }.',
    inputs: { ...APPLICATION_ID_INPUTS, ownerId: OWNER_ID },
    validate: (v) => {
      checkIdType(v);
      for (const o of Array.isArray(v.ownerId) ? v.ownerId : [v.ownerId]) memberIdOf('ownerId', o);
    },
    notFound: ownerNotFound(() => t('errors.graph.notOwner')),
    // /$ref removes the ownership; the owner object itself stays.
    run: async (v, ctx) => {
      if (Array.isArray(v.ownerId)) return removeOwners(v, ctx);
      const ownerId = memberIdOf('ownerId', v.ownerId);
      const response = await ctx.request({
        method: 'DELETE',
        url: `${applicationPath(v)}/owners/${fillPath('{ownerId}', { ownerId })}/$ref`,
      });
      return { payload: { ...applicationKey(v), ownerId, removed: true }, statusCode: response.status, headers: response.headers };
    },
  },
};
