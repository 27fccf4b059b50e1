// The recycle bin of the directory: soft-deleted users, Microsoft 365 groups and applications stay
// restorable for 30 days (https://learn.microsoft.com/graph/api/resources/directory):
//   listDeleted        GET    /directory/deletedItems/microsoft.graph.{type}   (directory-deleteditems-list)
//   restore            POST   /directory/deletedItems/{id}/restore             (directory-deleteditems-restore, 200 + the object)
//   deletePermanently  DELETE /directory/deletedItems/{id}                      (directory-deleteditems-delete, 204)
// A permanent delete cannot be undone, so it runs only with the `confirm` input set to true.
import { inputError } from './errors';
import { t } from './i18n';
import type { InputSpec, InputSpecs, Values } from './inputs';
import { LIST_INPUTS, listHeaders, listQuery } from './list-query';
import type { OperationTable } from './runner';
import { fillPath } from './url-guard';

export interface DeletedItemsOptions {
  /** Graph's type name: `user`, `group`, `application`. */
  type: string;
  /** The node's id input (`groupId`, `applicationObjectId`): always an object id here. */
  idInput: string;
  /** Least-privileged permissions (application and delegated) to read and to restore or delete. */
  readPermission: string;
  writePermission: string;
  /** The node's id input as the node declares it (label, help). */
  idSpec: InputSpec;
  /** `users`, `groups`, `applications`: the words of the texts. */
  plural: string;
  /** Extra inputs of restore (e.g. entra-user's newUserPrincipalName) and how they become the body. */
  restoreInputs?: InputSpecs;
  restoreBody?(v: Values): Record<string, unknown> | undefined;
}

const { expand: _expand, ...DELETED_LIST_INPUTS } = LIST_INPUTS;

export function deletedItemsOperations(o: DeletedItemsOptions): OperationTable {
  const path = (v: Values, suffix = '') => `${fillPath('/directory/deletedItems/{id}', { id: v[o.idInput] })}${suffix}`;
  const notFound = (v: Values) => t('errors.notFound.deleted', { type: o.type, id: String(v[o.idInput]) });
  const idInputs: InputSpecs = {
    [o.idInput]: { ...o.idSpec, kind: 'string', required: true, help: `The object id of the deleted ${o.type}.` },
  };
  const permissions = (p: string) => ({ application: p, delegated: p });
  const docs = (page: string) => `https://learn.microsoft.com/graph/api/${page}`;
  return {
    listDeleted: {
      label: `List deleted ${o.plural}`,
      summary: `Lists the ${o.plural} deleted in the last 30 days, which can still be restored.`,
      method: 'GET',
      path: `/directory/deletedItems/microsoft.graph.${o.type}`,
      permissions: permissions(o.readPermission),
      docs: docs('directory-deleteditems-list'),
      output: `The array of deleted ${o.plural} (with deletedDateTime); msg.nextLink when more pages remain.`,
      inputs: DELETED_LIST_INPUTS,
      list: true,
      request: (v) => ({
        method: 'GET',
        url: `/directory/deletedItems/microsoft.graph.${o.type}`,
        query: listQuery(v),
        headers: listHeaders(v),
      }),
    },
    restore: {
      label: `Restore deleted ${o.type}`,
      summary: `Restores ${/^[aeiou]/.test(o.type) ? 'an' : 'a'} ${o.type} deleted in the last 30 days.`,
      method: 'POST',
      path: '/directory/deletedItems/{id}/restore',
      permissions: permissions(o.writePermission),
      docs: docs('directory-deleteditems-restore'),
      output: `The restored ${o.type}.`,
      inputs: { ...idInputs, ...(o.restoreInputs ?? {}) },
      notFound,
      request: (v) => ({ method: 'POST', url: path(v, '/restore'), body: o.restoreBody?.(v) }),
    },
    deletePermanently: {
      label: `Delete ${o.type} permanently`,
      summary: `Deletes a deleted ${o.type} for good: it cannot be restored afterwards.`,
      method: 'DELETE',
      path: '/directory/deletedItems/{id}',
      permissions: permissions(o.writePermission),
      docs: docs('directory-deleteditems-delete'),
      output: '{ id, deletedPermanently: true }.',
      inputs: {
        ...idInputs,
        confirm: { kind: 'boolean', default: false, label: 'Confirm', help: 'Must be true: a permanent delete cannot be undone.' },
      },
      notFound,
      validate: (v) => {
        if (v.confirm !== true) throw inputError('confirm', t('errors.confirmPermanent', { type: o.type }));
      },
      request: (v) => ({ method: 'DELETE', url: path(v) }),
      noContent: (v) => ({ id: v[o.idInput], deletedPermanently: true }),
    },
  };
}
