// Group owners: add and remove one owner or many.
// Add:     POST   /groups/{id}/owners/$ref {"@odata.id": …} → 204; 400 when already an owner
//          (https://learn.microsoft.com/graph/api/group-post-owners).
// Remove:  DELETE /groups/{id}/owners/{ownerId}/$ref → 204; 404 when not an owner; 400 for the last
//          user owner: "Once owners are assigned to a group, the last owner (a user object) of the
//          group cannot be removed" (https://learn.microsoft.com/graph/api/group-delete-owners).
// A list goes through $batch, 20 per batch: msg.payload = { added, alreadyOwners, failed } or
// { removed, notOwners, failed }, to Catch only when every owner failed (as members).
import { memberIdOf, memberRef, memberRefs } from '../../lib/directory-refs';
import type { Values } from '../../lib/inputs';
import type { OperationContext, OperationResult } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';
import { batchSorted, bulkResult, Failure, mentions } from './group-members';
import { t } from '../../lib/i18n';
import { groupError } from './group-errors';

const ALREADY_OWNER = /added object references already exist/i;

export async function addOwner(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const base = ctx.client.baseUrl;
  const path = fillPath('/groups/{groupId}/owners/$ref', v);
  if (!Array.isArray(v.ownerId)) {
    const ref = memberRef(base, 'ownerId', v.ownerId);
    const response = await ctx.request({ method: 'POST', url: path, body: { '@odata.id': ref.odataId } });
    return { payload: { groupId: v.groupId, ownerId: ref.id, added: true }, statusCode: response.status, headers: response.headers };
  }
  const refs = memberRefs(base, 'ownerId', v.ownerId);
  const result = { added: [] as string[], alreadyOwners: [] as string[], failed: [] as Failure[] };
  const answers = await batchSorted(
    ctx,
    refs,
    refs.map((r) => ({ method: 'POST' as const, url: path, body: { '@odata.id': r.odataId } })),
    {
      ok: result.added,
      skipped: result.alreadyOwners,
      failed: result.failed,
      skip: (a) => a.status === 400 && ALREADY_OWNER.test(a.body?.error?.message ?? ''),
      context: (a) =>
        a.status === 404
          ? {
              notFound: mentions(a, v.groupId) ? groupError('noGroup', { id: v.groupId }) : t('errors.notFound.owner'),
            }
          : {},
    },
    { ok: 'added', skipped: 'alreadyOwners' },
  );
  return bulkResult(result, result.added.length + result.alreadyOwners.length, refs.length, 'added', answers[answers.length - 1], 'owners');
}

export async function removeOwner(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const url = (ownerId: string) => fillPath('/groups/{groupId}/owners/{ownerId}/$ref', { groupId: v.groupId, ownerId });
  if (!Array.isArray(v.ownerId)) {
    const ownerId = memberIdOf('ownerId', v.ownerId);
    // The last user owner is refused with 400; graph-errors tells it as "Cannot remove the last owner".
    const response = await ctx.request({ method: 'DELETE', url: url(ownerId) });
    return { payload: { groupId: v.groupId, ownerId, removed: true }, statusCode: response.status, headers: response.headers };
  }
  const ids = [
    ...new Map(v.ownerId.map((o: unknown) => memberIdOf('ownerId', o)).map((id: string) => [id.toLowerCase(), id])).values(),
  ] as string[];
  const result = { removed: [] as string[], notOwners: [] as string[], failed: [] as Failure[] };
  // One after the other in Graph's eyes: the last user owner is refused whichever it is.
  const answers = await batchSorted(
    ctx,
    ids.map((id) => ({ id, odataId: id })),
    ids.map((ownerId) => ({ method: 'DELETE' as const, url: url(ownerId) })),
    {
      ok: result.removed,
      skipped: result.notOwners,
      failed: result.failed,
      skip: (a) => a.status === 404 && !mentions(a, v.groupId),
      context: (a) => (a.status === 404 ? { notFound: groupError('noGroup', { id: v.groupId }) } : {}),
    },
    { ok: 'removed', skipped: 'notOwners' },
  );
  return bulkResult(result, result.removed.length + result.notOwners.length, ids.length, 'removed', answers[answers.length - 1], 'owners');
}
