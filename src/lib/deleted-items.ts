// The recycle bin of the directory: soft-deleted users, Microsoft 365 groups and applications stay
// restorable for 30 days (https://learn.microsoft.com/graph/api/resources/directory):
//   listDeleted        GET    /directory/deletedItems/microsoft.graph.{type}   (directory-deleteditems-list)
//   restore            POST   /directory/deletedItems/{id}/restore             (directory-deleteditems-restore, 200 + the object)
//   deletePermanently  DELETE /directory/deletedItems/{id}                      (directory-deleteditems-delete, 204)
// A permanent delete cannot be undone, so it runs only with the `confirm` input set to true.
import { inputError } from './errors';
import type { InputSpecs, Values } from './inputs';
import { LIST_INPUTS, listHeaders, listQuery } from './list-query';
import type { OperationTable } from './runner';
import { fillPath } from './url-guard';

export interface DeletedItemsOptions {
  /** Graph's type name: `user`, `group`, `application`. */
  type: string;
  /** The node's id input (`groupId`, `applicationObjectId`): always an object id here. */
  idInput: string;
  /** Least-privileged application permissions to read and to restore or delete. */
  readPermission: string;
  writePermission: string;
  /** Extra inputs of restore (e.g. entra-user's newUserPrincipalName) and how they become the body. */
  restoreInputs?: InputSpecs;
  restoreBody?(v: Values): Record<string, unknown> | undefined;
}

const { expand: _expand, ...DELETED_LIST_INPUTS } = LIST_INPUTS;

export function deletedItemsOperations(o: DeletedItemsOptions): OperationTable {
  const path = (v: Values, suffix = '') => `${fillPath('/directory/deletedItems/{id}', { id: v[o.idInput] })}${suffix}`;
  const notFound = (v: Values) => `Not found: no deleted ${o.type} with id ${v[o.idInput]} (not deleted, already restored, or deleted more than 30 days ago)`;
  const idInputs: InputSpecs = { [o.idInput]: { kind: 'string', required: true } };
  return {
    listDeleted: {
      permission: o.readPermission,
      inputs: DELETED_LIST_INPUTS,
      list: true,
      request: (v) => ({ method: 'GET', url: `/directory/deletedItems/microsoft.graph.${o.type}`, query: listQuery(v), headers: listHeaders(v) }),
    },
    restore: {
      permission: o.writePermission,
      inputs: { ...idInputs, ...(o.restoreInputs ?? {}) },
      notFound,
      request: (v) => ({ method: 'POST', url: path(v, '/restore'), body: o.restoreBody?.(v) }),
    },
    deletePermanently: {
      permission: o.writePermission,
      inputs: { ...idInputs, confirm: { kind: 'boolean', default: false } },
      notFound,
      validate: (v) => {
        if (v.confirm !== true) throw inputError('confirm', `must be true: a permanent delete cannot be undone (the ${o.type} cannot be restored afterwards)`);
      },
      request: (v) => ({ method: 'DELETE', url: path(v) }),
      noContent: (v) => ({ id: v[o.idInput], deletedPermanently: true }),
    },
  };
}
