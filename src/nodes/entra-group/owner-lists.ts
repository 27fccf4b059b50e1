// A list of owners added to or removed from a group or an application: 20 per $batch, as members.
// msg.payload = { ...key, added, alreadyOwners, failed } or { ...key, removed, notOwners, failed },
// to Catch only when every owner failed. A 404 that names the group or application (`parentId`)
// is that object missing (`parentMissing`), another one the owner missing (add) or not an owner
// (remove).
import { memberIdOf, memberRefs } from '../../lib/directory-refs';
import { t } from '../../lib/i18n';
import type { OperationContext, OperationResult } from '../../lib/runner';
import { batchSorted, bulkResult, Failure, mentions } from './group-members';

const ALREADY_OWNER = /added object references already exist/i;

export interface OwnerList {
  /** The id of the group or application, as Graph's 404 message names it. */
  parentId: string;
  /** Why a 404 that names the parent failed: the group or application does not exist. */
  parentMissing: () => string;
  /** What identifies the parent in msg.payload. */
  key: Record<string, unknown>;
}

/** POST <refPath> (…/owners/$ref) for each owner of `ownerIds`. */
export async function addOwnerList(ctx: OperationContext, refPath: string, ownerIds: unknown[], o: OwnerList): Promise<OperationResult> {
  const refs = memberRefs(ctx.client.baseUrl, 'ownerId', ownerIds);
  const result = { added: [] as string[], alreadyOwners: [] as string[], failed: [] as Failure[] };
  const answers = await batchSorted(
    ctx,
    refs,
    refs.map((r) => ({ method: 'POST' as const, url: refPath, body: { '@odata.id': r.odataId } })),
    {
      ok: result.added,
      skipped: result.alreadyOwners,
      failed: result.failed,
      skip: (a) => a.status === 400 && ALREADY_OWNER.test(a.body?.error?.message ?? ''),
      context: (a) => (a.status === 404 ? { notFound: mentions(a, o.parentId) ? o.parentMissing() : t('errors.notFound.owner') } : {}),
    },
    { ok: 'added', skipped: 'alreadyOwners' },
  );
  const done = result.added.length + result.alreadyOwners.length;
  return bulkResult({ ...o.key, ...result }, done, refs.length, 'added', answers[answers.length - 1], 'owners');
}

/** DELETE ownerUrl(ownerId) (…/owners/{ownerId}/$ref) for each owner of `ownerIds`, each id once. */
export async function removeOwnerList(
  ctx: OperationContext,
  ownerUrl: (ownerId: string) => string,
  ownerIds: unknown[],
  o: OwnerList,
): Promise<OperationResult> {
  const ids = [...new Map(ownerIds.map((x) => memberIdOf('ownerId', x)).map((id) => [id.toLowerCase(), id])).values()];
  const result = { removed: [] as string[], notOwners: [] as string[], failed: [] as Failure[] };
  // One after the other in Graph's eyes: a group's last user owner is refused whichever it is.
  const answers = await batchSorted(
    ctx,
    ids.map((id) => ({ id, odataId: id })),
    ids.map((ownerId) => ({ method: 'DELETE' as const, url: ownerUrl(ownerId) })),
    {
      ok: result.removed,
      skipped: result.notOwners,
      failed: result.failed,
      skip: (a) => a.status === 404 && !mentions(a, o.parentId),
      context: (a) => (a.status === 404 ? { notFound: o.parentMissing() } : {}),
    },
    { ok: 'removed', skipped: 'notOwners' },
  );
  const done = result.removed.length + result.notOwners.length;
  return bulkResult({ ...o.key, ...result }, done, ids.length, 'removed', answers[answers.length - 1], 'owners');
}
