// Group membership: add and remove one member or many.
// Add one:    POST /groups/{id}/members/$ref {"@odata.id": …}; 400 when already a member.
// Add many:   PATCH /groups/{id} {"members@odata.bind": [≤20]}, applied all or nothing; a failed
//             chunk is retried member by member through $batch to find out which ones failed.
// Remove:     DELETE /groups/{id}/members/{memberId}/$ref — never without /$ref, which deletes
//             the member object itself from the directory.
// https://learn.microsoft.com/graph/api/group-post-members, https://learn.microsoft.com/graph/api/group-delete-members
import type { BatchItem, BatchResult } from '../../lib/batch';
import { chunk } from '../../lib/batch';
import { EntraError, isCancelled } from '../../lib/errors';
import { t } from '../../lib/i18n';
import { batchFailure, ErrorContext } from '../../lib/graph-errors';
import type { Values } from '../../lib/inputs';
import type { Progress } from '../../lib/in-flight';
import type { OperationContext, OperationResult } from '../../lib/runner';
import { formatCount } from '../../lib/status';
import { fillPath } from '../../lib/url-guard';
import { memberIdOf, MemberRef, memberRef, memberRefs } from './group-fields';
import { groupError } from './group-errors';

/** Graph's limit of references in one members@odata.bind PATCH. */
export const BIND_LIMIT = 20;

const ALREADY_MEMBER = /added object references already exist/i;
const NOT_A_MEMBER = /removed object references do not exist/i;

export interface Failure {
  id: string;
  code: string;
  message: string;
}

/** A 404 (or invalid id) that names the group itself, not a member: nothing can succeed. */
export function isGroupMissing(err: unknown, groupId: string): boolean {
  if (!(err instanceof EntraError) || err.kind !== 'graph') return false;
  if (err.statusCode !== 404 && !/invalid object identifier/i.test(err.graphMessage ?? '')) return false;
  return (err.graphMessage ?? '').toLowerCase().includes(`'${groupId.toLowerCase()}'`);
}

/** What a 404 from a membership request means: the group is missing, or the member is. */
export function membershipNotFound(memberText: () => string) {
  return (v: Values, err: EntraError): string => (isGroupMissing(err, v.groupId) ? groupError('noGroup', { id: v.groupId }) : memberText());
}

export async function addMember(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const base = ctx.client.baseUrl;
  if (Array.isArray(v.groupMemberOdataId)) return addMembers(ctx, v.groupId, memberRefs(base, 'groupMemberOdataId', v.groupMemberOdataId));
  const ref = memberRef(base, 'groupMemberOdataId', v.groupMemberOdataId);
  const payload = { groupId: v.groupId, memberId: ref.id, '@odata.id': ref.odataId };
  try {
    const response = await ctx.request({
      method: 'POST',
      url: fillPath('/groups/{groupId}/members/$ref', v),
      body: { '@odata.id': ref.odataId },
    });
    return { payload: { ...payload, alreadyMember: false }, statusCode: response.status, headers: response.headers };
  } catch (err) {
    // Idempotent flows: an existing membership is the state they asked for.
    if (v.ignoreExisting === true && err instanceof EntraError && err.statusCode === 400 && ALREADY_MEMBER.test(err.graphMessage ?? '')) {
      return {
        payload: { ...payload, alreadyMember: true },
        statusCode: err.statusCode,
        headers: err.requestId ? { 'request-id': err.requestId } : undefined,
      };
    }
    throw err;
  }
}

async function addMembers(ctx: OperationContext, groupId: string, refs: MemberRef[]): Promise<OperationResult> {
  const groupPath = fillPath('/groups/{groupId}', { groupId });
  const result = { added: [] as string[], alreadyMembers: [] as string[], failed: [] as Failure[] };
  const names = { ok: 'added', skipped: 'alreadyMembers' };
  let last: { status: number; headers?: Record<string, string> } | undefined;
  // How far it got, for the warning when the node closes midway ("after 40 of 100; added: …").
  const report = (notDone: MemberRef[]) =>
    ctx.partial(bulkProgress({ ok: result.added, skipped: result.alreadyMembers, failed: result.failed }, names, notDone, refs.length));
  report(refs);
  const parts = chunk(refs, BIND_LIMIT);
  for (const [k, part] of parts.entries()) {
    const later = refs.slice((k + 1) * BIND_LIMIT);
    try {
      const response = await ctx.request({ method: 'PATCH', url: groupPath, body: { 'members@odata.bind': part.map((r) => r.odataId) } });
      result.added.push(...part.map((r) => r.id));
      last = response;
    } catch (err) {
      // The node closed: the chunk was not sent; nothing more is.
      if (isCancelled(err)) throw err;
      // Nothing can succeed without the group or the permission: say so at once.
      if (isGroupMissing(err, groupId) || (err instanceof EntraError && (err.statusCode === 401 || err.statusCode === 403))) throw err;
      const sorting: Sorting = {
        ok: result.added,
        skipped: result.alreadyMembers,
        skip: (a) => a.status === 400 && ALREADY_MEMBER.test(a.body?.error?.message ?? ''),
        failed: result.failed,
      };
      const answers = await ctx.batch(
        part.map((r) => ({ method: 'POST', url: `${groupPath}/members/$ref`, body: { '@odata.id': r.odataId } })),
        (results) => {
          const { sorted, unanswered } = sortAnswered(part, results, sorting);
          ctx.partial(bulkProgress(sorted, names, [...unanswered, ...later], refs.length));
        },
      );
      sortAnswers(part, answers, sorting);
      last = answers[answers.length - 1];
    }
    report(later);
    ctx.status.progress(
      t('status.added', {
        done: formatCount(result.added.length + result.alreadyMembers.length + result.failed.length),
        total: formatCount(refs.length),
      }),
    );
  }
  return bulkResult(result, result.added.length + result.alreadyMembers.length, refs.length, 'added', last);
}

export async function removeMember(v: Values, ctx: OperationContext): Promise<OperationResult> {
  if (Array.isArray(v.memberId))
    return removeMembers(
      ctx,
      v.groupId,
      v.memberId.map((m: unknown) => memberIdOf('memberId', m)),
    );
  const memberId = memberIdOf('memberId', v.memberId);
  // /$ref removes the membership; without it Graph deletes the member object itself [GMDEL].
  const response = await ctx.request({
    method: 'DELETE',
    url: fillPath('/groups/{groupId}/members/{memberId}/$ref', { groupId: v.groupId, memberId }),
  });
  return { payload: { groupId: v.groupId, memberId, removed: true }, statusCode: response.status, headers: response.headers };
}

async function removeMembers(ctx: OperationContext, groupId: string, ids: string[]): Promise<OperationResult> {
  const unique = [...new Map(ids.map((id) => [id.toLowerCase(), id])).values()];
  const result = { removed: [] as string[], notMembers: [] as string[], failed: [] as Failure[] };
  const answers = await batchSorted(
    ctx,
    unique.map((id) => ({ id, odataId: id })),
    unique.map((memberId) => ({ method: 'DELETE', url: fillPath('/groups/{groupId}/members/{memberId}/$ref', { groupId, memberId }) })),
    {
      ok: result.removed,
      skipped: result.notMembers,
      // A non-member answers 404 naming the member (or 400 "removed object references do not exist");
      // a 404 naming the group is a failure.
      skip: (a) => (a.status === 404 && !mentions(a, groupId)) || (a.status === 400 && NOT_A_MEMBER.test(a.body?.error?.message ?? '')),
      failed: result.failed,
      context: (a) =>
        a.status === 404 ? { notFound: mentions(a, groupId) ? groupError('noGroup', { id: groupId }) : t('errors.graph.notMember') } : {},
    },
    { ok: 'removed', skipped: 'notMembers' },
  );
  return bulkResult(result, result.removed.length + result.notMembers.length, unique.length, 'removed', answers[answers.length - 1]);
}

export function mentions(a: BatchResult, id: string): boolean {
  return String(a.body?.error?.message ?? '')
    .toLowerCase()
    .includes(`'${id.toLowerCase()}'`);
}

export interface Sorting {
  ok: string[];
  skipped: string[];
  skip: (a: BatchResult) => boolean;
  failed: Failure[];
  context?: (a: BatchResult) => ErrorContext;
}

export function sortAnswers(refs: MemberRef[], answers: BatchResult[], s: Sorting): void {
  refs.forEach((ref, i) => {
    const a = answers[i];
    if (a.status >= 200 && a.status < 300) s.ok.push(ref.id);
    else if (s.skip(a)) s.skipped.push(ref.id);
    else {
      const f = batchFailure(a.status, a.body, s.context?.(a));
      s.failed.push({ id: ref.id, code: f.code, message: f.message });
    }
  });
}

/**
 * One $batch item per ref (`items[i]` for `refs[i]`), the answers sorted into `s` in the refs'
 * order. After each $batch is answered, ctx.partial is told how far it got: the ids done under
 * msg.payload's names (`names.ok`, `names.skipped`, failed) and those not carried out yet, so
 * that a msg whose node closes midway says which ids were done ("after 20 of 25; removed: …").
 */
export async function batchSorted(
  ctx: OperationContext,
  refs: MemberRef[],
  items: BatchItem[],
  s: Sorting,
  names: { ok: string; skipped: string },
): Promise<BatchResult[]> {
  if (refs.length === 0) return [];
  ctx.partial(bulkProgress(s, names, refs, refs.length));
  const answers = await ctx.batch(items, (results) => {
    const { sorted, unanswered } = sortAnswered(refs, results, s);
    ctx.partial(bulkProgress(sorted, names, unanswered, refs.length));
  });
  sortAnswers(refs, answers, s);
  return answers;
}

/**
 * The answers so far (`results[i]` answers `refs[i]`; undefined: none yet) sorted into copies of
 * `s`'s lists, after what they already hold; and the refs still without an answer.
 */
function sortAnswered(refs: MemberRef[], results: ReadonlyArray<BatchResult | undefined>, s: Sorting) {
  const sorted: Sorting = { ...s, ok: [...s.ok], skipped: [...s.skipped], failed: [...s.failed] };
  const answered = refs.flatMap((ref, i) => (results[i] ? [{ ref, answer: results[i] as BatchResult }] : []));
  sortAnswers(
    answered.map((x) => x.ref),
    answered.map((x) => x.answer),
    sorted,
  );
  return { sorted, unanswered: refs.filter((_, i) => !results[i]) };
}

/** How far a list got (in-flight.ts Progress): the ids done under msg.payload's names, and those not carried out. */
function bulkProgress(
  s: Pick<Sorting, 'ok' | 'skipped' | 'failed'>,
  names: { ok: string; skipped: string },
  notDone: MemberRef[],
  total: number,
): Progress {
  return {
    done: s.ok.length + s.skipped.length + s.failed.length,
    total,
    lists: { [names.ok]: s.ok, [names.skipped]: s.skipped, failed: s.failed.map((f) => f.id) },
    notDone: notDone.map((r) => r.id),
  };
}

/**
 * Output when at least one member succeeded (or needed nothing); Catch when every one failed.
 * Partial failures are warned and shown in the status.
 */
export function bulkResult(
  payload: { failed: Failure[] } & Record<string, unknown>,
  fine: number,
  total: number,
  verb: 'added' | 'removed',
  last?: { status: number; headers?: Record<string, string> },
  noun: 'members' | 'owners' = 'members',
): OperationResult {
  const failed = payload.failed;
  if (total > 0 && fine === 0) {
    const first = failed[0];
    const words = { total, noun: t(`errors.bulk.${noun}`), verb: t(`errors.bulk.${verb}`), first: `${first.id}: ${first.message}` };
    throw new EntraError(
      failed.length > 1 ? t('errors.bulk.noneMore', { ...words, more: failed.length - 1 }) : t('errors.bulk.none', words),
      {
        code: first.code,
        kind: 'graph',
        statusCode: last?.status,
        statusText: t('status.allFailed', { total, code: first.code }),
        payload,
      },
    );
  }
  const result: OperationResult = { payload, statusCode: last?.status, headers: last?.headers };
  if (failed.length) {
    result.warning = {
      log: t('errors.bulk.partial', {
        failed: failed.length,
        total,
        noun: t(`errors.bulk.${noun}`),
        verb: t(`errors.bulk.${verb}`),
        list: failed.map((f) => `${f.id} (${f.code})`).join(', '),
      }),
      status: t(verb === 'removed' ? 'status.partialRemoved' : 'status.partialAdded', { done: fine, failed: failed.length }),
    };
  }
  return result;
}
