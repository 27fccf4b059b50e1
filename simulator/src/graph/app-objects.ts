// What /applications and /servicePrincipals share: the list and /$count through the query engine,
// GET/PATCH/DELETE by object id or by the appId alternate key (`/<set>/{id}`, `/<set>(appId='…')`)
// [AGET, SPGET https://learn.microsoft.com/graph/api/serviceprincipal-get, SPUPD
// https://learn.microsoft.com/graph/api/serviceprincipal-update, SPDEL
// https://learn.microsoft.com/graph/api/serviceprincipal-delete], and the 201 answer of a create.
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import type { AppIdResource, Obj, Store } from '../state/store';
import { invalidObjectId } from './alternate-key';
import { contextUrl, defaultProjection, getEntity, listCollection } from './query/collection';
import { created, noContent } from './respond';
import type { ResourceSchema } from './schema';
import { BodyCheck, checkBody } from './writes';

export type CheckedBody = Extract<BodyCheck, { ok: true }>;

/** Regex source (on the raw path) for `/<set>/{id}` (group `id`) or `/<set>(appId='…')` (group `appId`). */
export function appKeyPattern(set: AppIdResource): string {
  return String.raw`\/${set}(?:\/(?<id>[^/()]+)|\(appId='(?<appId>[^']+)'\))`;
}

/** The live object addressed by the params of appKeyPattern. */
export function findByKey(store: Store, resource: AppIdResource, p: Record<string, string>): Obj | undefined {
  return p.appId !== undefined ? store.getByAppId(resource, p.appId) : store.collection(resource).get(p.id);
}

/** 201 + the new object with its default properties and a Location [APOST, SPPOST]. */
export function createdEntity(ctx: SimContext, req: SimRequest, obj: Obj, schema: ResourceSchema): SimResponse {
  const body = { '@odata.context': `${contextUrl(ctx, req, schema.set)}/$entity`, ...defaultProjection(obj, schema, undefined) };
  return created(body, `${ctx.baseUrl}/v1.0/${schema.set}/${obj.id}`);
}

export interface AppObjectRoutes {
  resource: AppIdResource;
  schema: ResourceSchema;
  /** Name used in "unsupported filter" messages, e.g. 'Application'. */
  label: string;
  /** Applies a checked PATCH body to an existing object (answers 204 or an error). */
  update: (obj: Obj, body: CheckedBody) => SimResponse;
  /** PATCH /<set>(appId='…') of a missing object: the upsert's create half, if the resource has one. */
  createMissing?: (req: SimRequest, appId: string, body: CheckedBody) => SimResponse;
}

export function registerAppObjectRoutes(ctx: SimContext, router: Router, o: AppObjectRoutes): void {
  const store = ctx.store;
  const { resource, schema } = o;
  const spec = (countOnly = false) => ({
    schemas: [schema],
    schemaOf: () => schema,
    items: () => [...store.collection(resource).values()],
    contextFragment: schema.set,
    countOnly,
    resourceLabel: o.label,
  });
  router.get(new RegExp(`^/${schema.set}/?$`), (req) => listCollection(ctx, req, spec()));
  router.get(new RegExp(`^/${schema.set}/\\$count$`), (req) => listCollection(ctx, req, spec(true)));

  const byKey = new RegExp(`^${appKeyPattern(resource)}$`);
  const key = (p: Record<string, string>) => p.appId ?? p.id;
  // Object ids are GUIDs: anything else is refused as an invalid identifier (Observed).
  const invalid = (p: Record<string, string>) => (p.id !== undefined ? invalidObjectId(p.id) : undefined);

  router.get(byKey, (req, p) => {
    const bad = invalid(p);
    if (bad) return bad;
    const obj = findByKey(store, resource, p);
    return obj ? getEntity(ctx, req, obj, schema, schema.set) : GraphErrors.notFound(key(p));
  });
  router.patch(byKey, (req, p) => {
    const bad = invalid(p);
    if (bad) return bad;
    const obj = findByKey(store, resource, p);
    if (!obj && !(p.appId !== undefined && o.createMissing)) return GraphErrors.notFound(key(p));
    const b = checkBody(req, schema);
    if (!b.ok) return b.response;
    return obj ? o.update(obj, b) : o.createMissing!(req, p.appId, b);
  });
  router.delete(byKey, (_req, p) => {
    const bad = invalid(p);
    if (bad) return bad;
    const obj = findByKey(store, resource, p);
    if (!obj) return GraphErrors.notFound(key(p));
    store.softDelete(resource, obj.id); // restorable from deletedItems for 30 days [ADEL, SPDEL]
    return noContent();
  });
}
