// The generic runner behind every palette node that calls Graph. A node declares its operations
// as a table (inputs, and the request each one makes); this reads the typed inputs, validates
// them before anything is sent, calls the shared client and shapes the output msg.
import { activity } from './activity';
import { BatchItem, BatchOptions, BatchResult, runBatch } from './batch';
import type { EntraConnection } from './connection';
import { EntraError, inputError, toSafeError } from './errors';
import { abandonedText, closeGraceMs, InFlightWork, interruptedText, Job, Progress } from './in-flight';
import { assertCollectionPage, type GraphClient, type GraphRequest, type GraphResponse } from './graph-client';
import { invalidResponse, withErrorContext } from './graph-errors';
import { t, useRuntimeMessages } from './i18n';
import { readInputs, Values } from './inputs';
import { MAX_PAGE_SIZE } from './list-query';
import { editorSpec } from './editor-spec';
import { migrateConfig } from './migrations';
import type { NodeSpec, OperationDoc } from './operations';
import { registerPermissionTable, tableLookup } from './permissions';
import type { DoneFn, NodeDefBase, NodeMessage, RED, RedNode, SendFn } from './red';
import { formatCount, RequestStatus } from './status';

export interface OperationContext {
  RED: RED;
  node: RedNode;
  config: NodeDefBase;
  msg: NodeMessage;
  connection: EntraConnection;
  /** The connection's client, its requests cancelled by the node's close (GraphClient.withSignal). */
  client: GraphClient;
  status: RequestStatus;
  send: SendFn;
  /** Aborted when the node closes (redeploy, stop): `client` and `request` already carry it. */
  signal: AbortSignal;
  /**
   * A multi-request operation says how far it got after each step: when the node closes before
   * it ends, the msg's one warning says "after 40 of 100; added: …" (in-flight.ts).
   */
  partial(progress: Progress): void;
  /** Sends through the shared client with this node's debug logging applied. */
  request<T = any>(req: GraphRequest): Promise<GraphResponse<T>>;
  /**
   * Runs requests through $batch (20 per batch, inner throttling retried per the connection);
   * `onProgress` sees the answers so far after each $batch (BatchOptions.onProgress).
   */
  batch(items: BatchItem[], onProgress?: BatchOptions['onProgress']): Promise<BatchResult[]>;
}

export interface OperationResult {
  payload: unknown;
  statusCode?: number;
  headers?: Record<string, string>;
  /** Other msg properties to set (e.g. `created`, `nextLink`). */
  props?: Record<string, unknown>;
  /** Already sent by the operation itself (one msg per page): only `done` remains. */
  sent?: boolean;
  /** A partial failure: logged as a warning and shown as a yellow status; the msg is still sent. */
  warning?: { log: string; status: string };
}

/** One operation: its texts (OperationDoc: label, request, permissions, inputs…) and what it does. */
export interface OperationDef extends OperationDoc {
  /** What a 404 from Graph means for this operation (e.g. "Not a member"); Graph's message follows. */
  notFound?(v: Values, err: EntraError): string | undefined;
  /** Checks across inputs, before any request. Throw inputError to refuse. */
  validate?(v: Values, ctx: OperationContext): void;
  /** A single request; its body becomes msg.payload. */
  request?(v: Values, ctx: OperationContext): GraphRequest;
  /** msg.payload when Graph answers with no body (204). */
  noContent?(v: Values, req: GraphRequest): unknown;
  /** The request is a collection: page through it per getAll / top / pageOutput. */
  list?: boolean;
  /** For operations that take more than one request. */
  run?(v: Values, ctx: OperationContext): Promise<OperationResult>;
}

export type OperationTable = Record<string, OperationDef>;

export type GraphNodeOptions = NodeSpec;

/** The node's credentials: one `password` credential per secret input of its operations. */
export function credentialsOf(operations: OperationTable): Record<string, { type: 'password' }> | undefined {
  const names = Object.values(operations).flatMap((def) =>
    Object.entries(def.inputs)
      .filter(([, spec]) => spec.credential)
      .map(([name]) => name),
  );
  return names.length ? Object.fromEntries(names.map((name) => [name, { type: 'password' as const }])) : undefined;
}

/** Registers a palette node whose behaviour is entirely its operation table. */
export function registerGraphNode(RED: RED, options: GraphNodeOptions): void {
  // Status texts and error reasons in Node-RED's language, from this module's catalogue.
  useRuntimeMessages(RED, options.type);
  const inputs = editorSpec(options).inputs;
  function GraphNode(this: RedNode, saved: NodeDefBase) {
    RED.nodes.createNode(this, saved);
    // A config saved by an older version is read as it is upgraded (the saved flow is left as it is).
    const config = { ...saved };
    migrateConfig(config, inputs);
    const node = this;
    const status = new RequestStatus(node);
    const connection = RED.nodes.getNode(config.connection) as EntraConnection | null;
    if (!connection) node.status({ fill: 'red', shape: 'ring', text: t('status.noConnection') });
    else if (connection.configError) node.status({ fill: 'red', shape: 'ring', text: t('status.connectionSettings') });
    connection?.addUser?.(node);
    status.watch(connection?.client?.pacer);
    // Which permission the configured operation needs, checked against the connection's token.
    const need = tableLookup(options.operations)(config);
    if (need && connection?.requirePermissions) {
      connection.requirePermissions({
        id: node.id,
        type: options.type,
        name: config.name,
        ...need,
        status: (s) => node.status(s),
        warn: (t) => node.warn(t),
      });
    }
    // The msgs being handled: a close cancels what they have not sent yet (in-flight.ts).
    const work = new InFlightWork();
    const graceMs = closeGraceMs(RED);
    node.on('close', (removed: boolean, done: () => void) => {
      status.close();
      if (removed) activity.forget(node.id, true);
      connection?.removeUser?.(node);
      connection?.releasePermissions?.(node.id);
      // Waits (bounded) for requests on the wire; a msg still running after that is abandoned.
      work.close(graceMs).then(
        (running) => {
          for (const job of running) {
            if (job.reported) continue;
            job.reported = true;
            node.warn(abandonedText(job, graceMs));
            job.done();
          }
          done();
        },
        () => done(),
      );
    });

    node.on('input', (msg: NodeMessage, send: SendFn, done: DoneFn) => {
      const job = work.begin(options.type, done);
      // Once the node has closed, nothing more goes out for this msg.
      const guardedSend: SendFn = (m) => {
        if (job.cancelled) return;
        job.sent++;
        send(m);
      };
      /** The msg's one warning when the node closed while it was handled. */
      const interrupted = (err: unknown) => {
        if (job.reported) return;
        job.reported = true;
        node.warn(interruptedText(job, err));
        done();
      };
      // Never let a rejection escape: an async input handler that throws kills Node-RED.
      const running = handleInput(RED, options, node, config, connection, status, msg, guardedSend, job).then(
        () => (job.cancelled ? interrupted(undefined) : done()),
        (err) => {
          if (job.cancelled) return interrupted(err);
          const safe = toSafeError(err);
          if (safe instanceof EntraError) {
            if (safe.statusCode !== undefined) msg.statusCode = safe.statusCode;
            if (safe.requestId) msg.requestId = safe.requestId;
            if (safe.payload !== undefined) msg.payload = safe.payload;
          }
          status.fail(safe);
          activity.nodeError(
            { id: node.id, type: options.type, name: config.name },
            safe,
            typeof config.operation === 'string' && config.operation !== 'msg'
              ? config.operation
              : typeof msg.operation === 'string'
                ? msg.operation
                : undefined,
          );
          done(safe);
        },
      );
      work.track(job, running);
    });
  }
  registerPermissionTable(options.type, tableLookup(options.operations));
  const credentials = credentialsOf(options.operations);
  RED.nodes.registerType(options.type, GraphNode, credentials ? { credentials } : undefined);
}

/** The node's "debug request" setting: log requests and responses (secrets redacted). */
export function isDebug(config: NodeDefBase): boolean {
  return config.debugRequest === true || config.debugRequest === 'true';
}

export function resolveOperation(config: NodeDefBase, msg: NodeMessage, table: OperationTable): string {
  let operation: unknown = config.operation;
  // A node with a single operation (entra-delta, entra-raw) has no operation setting.
  const names = Object.keys(table);
  if ((operation === undefined || operation === '') && names.length === 1) return names[0];
  // msg.operation is honoured only when the node is set to take it from the msg.
  if (operation === 'msg') operation = msg.operation;
  // Only the table's own names: "constructor" or "toString" are not operations.
  if (typeof operation !== 'string' || !Object.prototype.hasOwnProperty.call(table, operation)) {
    const operations = Object.keys(table).join(', ');
    throw inputError(
      'operation',
      operation !== undefined
        ? t('errors.operationGot', { operations, value: JSON.stringify(operation) })
        : t('errors.operation', { operations }),
    );
  }
  return operation;
}

async function handleInput(
  RED: RED,
  options: GraphNodeOptions,
  node: RedNode,
  config: NodeDefBase,
  connection: EntraConnection | null,
  status: RequestStatus,
  msg: NodeMessage,
  send: SendFn,
  job: Job,
): Promise<void> {
  if (!connection) throw inputError('connection', t('errors.noConnection'));
  if (connection.configError || !connection.client) throw connection.configError ?? inputError('connection', t('errors.notReady'));
  const operation = resolveOperation(config, msg, options.operations);
  if (Object.keys(options.operations).length > 1) job.label = `${options.type} ${operation}`;
  const def = options.operations[operation];
  // Every request of this msg carries its signal, and its answers are counted for the warning.
  const client = connection.client.withSignal(job.signal, (status) => {
    job.answers++;
    job.lastStatus = status;
  });
  const debug = isDebug(config);
  const ctx: OperationContext = {
    RED,
    node,
    config,
    msg,
    connection,
    client,
    status,
    send,
    signal: job.signal,
    partial: (progress) => {
      job.progress = progress;
    },
    request: async (req) => {
      const response = await client.request({ debug, log: (line) => node.log(line), ...req });
      if (req.expectCreatedId !== false) assertCreatedId(response);
      return response;
    },
    batch: (items, onProgress) =>
      runBatch(client, items, {
        maxRetries: connection.maxRetries,
        baseDelayMs: connection.retryBaseDelayMs,
        request: { debug, log: (line) => node.log(line), signal: job.signal },
        onProgress,
      }),
  };
  const values = await readInputs(RED, node, config, msg, def.inputs);
  def.validate?.(values, ctx);
  status.begin();
  let result: OperationResult;
  try {
    result = await runOperation(operation, def, values, ctx, debug);
  } catch (err) {
    const notFound = err instanceof EntraError && err.statusCode === 404 ? def.notFound?.(values, err) : undefined;
    throw withErrorContext(err, { permission: def.permissions.application ?? undefined, notFound });
  }
  status.succeed();
  if (result.warning) {
    node.warn(result.warning.log);
    status.warn(result.warning.status);
  }
  if (result.sent) return;
  msg.payload = result.payload;
  if (result.statusCode !== undefined) msg.statusCode = result.statusCode;
  if (result.headers) msg.headers = result.headers;
  Object.assign(msg, result.props ?? {});
  send(msg);
}

async function runOperation(
  operation: string,
  def: OperationDef,
  values: Values,
  ctx: OperationContext,
  debug: boolean,
): Promise<OperationResult> {
  let result: OperationResult;
  if (def.run) {
    result = await def.run(values, ctx);
  } else if (def.request && def.list) {
    result = await runList(def.request(values, ctx), values, ctx, debug);
  } else if (def.request) {
    const req = def.request(values, ctx);
    const response = await ctx.request(req);
    const empty = response.status === 204 || response.data === undefined || response.data === '';
    result = {
      payload: empty && def.noContent ? def.noContent(values, req) : response.data,
      statusCode: response.status,
      headers: response.headers,
    };
  } else {
    throw new Error(`operation ${operation} has no request`);
  }
  return result;
}

/**
 * A collection request. getAll false: one page, msg.nextLink when more remain. getAll true with
 * pageOutput "array": every item in one msg; "perPage": one msg per page with msg.parts, so
 * memory stays flat and a Join node in automatic mode rebuilds the array. `mapItems` turns each
 * page's items (or all of them, in one array) into what msg.payload holds.
 */
export async function runList(
  req: GraphRequest,
  v: Values,
  ctx: OperationContext,
  debug = isDebug(ctx.config),
  mapItems: (items: any[]) => unknown[] = (items) => items,
): Promise<OperationResult> {
  const request: GraphRequest = { debug, log: (line) => ctx.node.log(line), ...req };
  const pageOutput = ctx.config.pageOutput === 'perPage' ? 'perPage' : 'array';
  if (!v.getAll) {
    const response = await ctx.client.request(request);
    assertCollectionPage(response);
    return listResult(response, mapItems(response.data?.value ?? []), response.data?.['@odata.count']);
  }
  if (pageOutput === 'array') {
    const all = await ctx.client.collectAll(request, (page, items) =>
      ctx.status.progress(t('status.page', { page, items: formatCount(items) })),
    );
    const count: number | undefined = all.first.data?.['@odata.count'];
    const result = listResult(all.last, mapItems(all.items), count);
    delete result.props!.nextLink;
    return result;
  }
  const partsId = ctx.RED.util.generateId();
  const pageSize = Number(new URL(request.url, 'https://x').searchParams.get('$top') ?? request.query?.$top ?? MAX_PAGE_SIZE);
  let index = 0;
  let items = 0;
  let count: number | undefined;
  for await (const response of ctx.client.pages(request)) {
    const value: unknown[] = Array.isArray(response.data?.value) ? response.data.value : [];
    if (index === 0) count = response.data?.['@odata.count'];
    items += value.length;
    const last = !response.data?.['@odata.nextLink'];
    const out = ctx.RED.util.cloneMessage(ctx.msg);
    out.payload = mapItems(value);
    out.statusCode = response.status;
    out.headers = response.headers;
    if (count !== undefined) out.count = count;
    // len is the requested page size, as the Split node's arrayLen: Join flattens when it is > 1.
    out.parts = { id: partsId, index, type: 'array', len: pageSize, ...(last ? { count: index + 1 } : {}) };
    ctx.send(out);
    index++;
    ctx.status.progress(t('status.page', { page: index, items: formatCount(items) }));
  }
  return { payload: undefined, sent: true };
}

/** Graph answers 201 Created with the new object, id included: one without it is not a success. */
export function assertCreatedId(response: GraphResponse): void {
  if (response.status !== 201) return;
  const id = (response.data as { id?: unknown } | undefined)?.id;
  if (typeof id === 'string' && id !== '') return;
  throw invalidResponse(response.status, response.headers, response.data, t('errors.invalid.noId'));
}

function listResult(response: GraphResponse, items: unknown[], count: unknown): OperationResult {
  const props: Record<string, unknown> = {};
  if (response.data?.['@odata.nextLink']) props.nextLink = response.data['@odata.nextLink'];
  if (count !== undefined) props.count = count;
  return { payload: items, statusCode: response.status, headers: response.headers, props };
}
