// Licences named the way admins know them. assignLicense takes skuIds (GUIDs); flows may also give
// SKU part numbers ("ENTERPRISEPACK") and service plan names ("TEAMS1") for disabledPlans. Names are
// resolved through GET /subscribedSkus (https://learn.microsoft.com/graph/api/subscribedsku-list),
// read once per connection (client) and read again only when a name is not found (a SKU bought
// since). Shared by entra-user and entra-group (group-based licensing).
import type { MicrosoftGraph } from './body';
import { inputError } from './errors';
import { t } from './i18n';
import type { GraphClient, GraphRequest, GraphResponse } from './graph-client';
import type { InputSpecs, Values } from './inputs';

export interface SubscribedSku {
  skuId: string;
  skuPartNumber: string;
  servicePlans?: { servicePlanId: string; servicePlanName: string }[];
}

/** An assignedLicense as Graph's v1.0 types name it (`@microsoft/microsoft-graph-types`), both fields set. */
export type AssignedLicense = Pick<MicrosoftGraph.AssignedLicense, 'skuId' | 'disabledPlans'> & { skuId: string; disabledPlans: string[] };

type Send = (req: GraphRequest) => Promise<GraphResponse>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cache = new WeakMap<GraphClient, Promise<SubscribedSku[]>>();

async function fetchSkus(send: Send): Promise<SubscribedSku[]> {
  const res = await send({ method: 'GET', url: '/subscribedSkus', query: { $select: 'skuId,skuPartNumber,servicePlans' } });
  return Array.isArray(res.data?.value) ? res.data.value : [];
}

/** Resolves names to GUIDs; `send` carries the node's debug logging. */
export class SkuResolver {
  private fresh = false;

  constructor(
    private readonly client: GraphClient,
    private readonly send: Send,
  ) {}

  private skus(reload = false): Promise<SubscribedSku[]> {
    // One list per connection: keyed by its own client, not by a msg's view of it (withSignal).
    const key = this.client.origin;
    let p = cache.get(key);
    if (!p || reload) {
      p = fetchSkus(this.send);
      this.fresh = true;
      cache.set(key, p);
      // A failed read (a cancelled one too) is not remembered.
      p.catch(() => {
        if (cache.get(key) === p) cache.delete(key);
      });
    }
    return p;
  }

  private async find(input: string, name: string): Promise<SubscribedSku> {
    const match = (list: SubscribedSku[]) => list.find((s) => s.skuPartNumber?.toLowerCase() === name.toLowerCase());
    let sku = match(await this.skus());
    if (!sku && !this.fresh) sku = match(await this.skus(true));
    if (!sku) {
      const known = (await this.skus()).map((s) => s.skuPartNumber).join(', ');
      throw inputError(input, known ? t('errors.licences.noSku', { name, known }) : t('errors.licences.noSkuAtAll', { name }));
    }
    return sku;
  }

  /** A skuId GUID as is, or the skuId of a SKU part number. */
  async skuId(input: string, value: string): Promise<string> {
    return GUID.test(value) ? value : (await this.find(input, value)).skuId;
  }

  /** addLicenses entries: a skuId, a part number, or { skuId, disabledPlans } with plan ids or names. */
  async addLicenses(input: string, list: unknown[]): Promise<AssignedLicense[]> {
    const out: AssignedLicense[] = [];
    for (const item of list) {
      if (typeof item === 'string') {
        out.push({ skuId: await this.skuId(input, item.trim()), disabledPlans: [] });
        continue;
      }
      const o = item as { skuId?: unknown; skuPartNumber?: unknown; disabledPlans?: unknown } | null;
      const ref = typeof o?.skuId === 'string' ? o.skuId : typeof o?.skuPartNumber === 'string' ? o.skuPartNumber : undefined;
      if (!ref) throw inputError(input, t('errors.licences.entry'));
      const plans = o!.disabledPlans === undefined ? [] : o!.disabledPlans;
      if (!Array.isArray(plans)) throw inputError(input, t('errors.licences.disabledPlans'));
      const skuId = await this.skuId(input, ref.trim());
      const disabledPlans: string[] = [];
      for (const p of plans.map(String)) disabledPlans.push(GUID.test(p) ? p : await this.planId(input, skuId, p));
      out.push({ skuId, disabledPlans });
    }
    return out;
  }

  /** removeLicenses entries: a skuId, a part number, or an object with one of them. */
  async removeLicenses(input: string, list: unknown[]): Promise<string[]> {
    const out: string[] = [];
    for (const r of list) {
      const o = r as { skuId?: unknown; skuPartNumber?: unknown } | null;
      const ref = typeof r === 'string' ? r : typeof o?.skuId === 'string' ? o.skuId : o?.skuPartNumber;
      if (typeof ref !== 'string' || !ref.trim()) throw inputError(input, t('errors.licences.removeEntry'));
      out.push(await this.skuId(input, ref.trim()));
    }
    return out;
  }

  private async planId(input: string, skuId: string, name: string): Promise<string> {
    const sku = (await this.skus()).find((s) => s.skuId.toLowerCase() === skuId.toLowerCase());
    const plan = sku?.servicePlans?.find((p) => p.servicePlanName?.toLowerCase() === name.toLowerCase());
    if (!plan) throw inputError(input, t('errors.licences.noPlan', { name, sku: sku?.skuPartNumber ?? skuId }));
    return plan.servicePlanId;
  }
}

/** The licence inputs of entra-user and entra-group assignLicense (the same names and texts). */
export const LICENSE_INPUTS = {
  addLicenses: {
    kind: 'list',
    label: 'Add licences',
    placeholder: 'ENTERPRISEPACK or a skuId, or an array',
    help: 'skuIds, SKU part numbers (e.g. ENTERPRISEPACK) or { skuId, disabledPlans } objects, as an array or comma-separated.',
  },
  removeLicenses: {
    kind: 'list',
    label: 'Remove licences',
    placeholder: 'skuId or SKU part number, or an array',
    help: 'skuIds or SKU part numbers to remove.',
  },
} satisfies InputSpecs;

/**
 * The assignLicense body of users and groups (user-assignlicense, group-assignlicense): names
 * resolved to ids. Graph requires both lists, empty ones included (both empty changes nothing: a
 * leaver flow that removes "every licence" of a user who has none still succeeds).
 */
export async function assignLicenseBody(
  v: Values,
  client: GraphClient,
  send: Send,
): Promise<{ addLicenses: AssignedLicense[]; removeLicenses: string[] }> {
  const skus = new SkuResolver(client, send);
  const addLicenses = await skus.addLicenses('addLicenses', (v.addLicenses as unknown[] | undefined) ?? []);
  const removeLicenses = await skus.removeLicenses('removeLicenses', (v.removeLicenses as unknown[] | undefined) ?? []);
  return { addLicenses, removeLicenses };
}
