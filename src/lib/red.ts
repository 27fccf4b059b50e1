// The slice of Node-RED's runtime API this package uses. Typed here (not from @types/node-red)
// so that the code states exactly what it relies on, on Node-RED 4 and 5 alike.

export type NodeMessage = Record<string, any> & { _msgid?: string };
export type SendFn = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;
export type DoneFn = (err?: Error) => void;

export interface StatusObject {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface ContextStore {
  get(key: string, store?: string, cb?: (err: Error | null, value: any) => void): any;
  set(key: string, value: any, store?: string, cb?: (err: Error | null) => void): void;
}

export interface RedNode {
  id: string;
  type: string;
  name?: string;
  z?: string;
  credentials: Record<string, any>;
  on(event: 'input', handler: (msg: NodeMessage, send: SendFn, done: DoneFn) => void | Promise<void>): void;
  on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
  on(event: string, handler: (...args: any[]) => void): void;
  send(msg: NodeMessage | Array<NodeMessage | null>): void;
  status(status: StatusObject | Record<string, never>): void;
  log(msg: unknown): void;
  warn(msg: unknown): void;
  error(err: unknown, msg?: NodeMessage): void;
  debug(msg: unknown): void;
  trace(msg: unknown): void;
  context(): { get: ContextStore['get']; set: ContextStore['set']; flow: ContextStore; global: ContextStore; keys?: any };
}

export interface NodeDefBase {
  id: string;
  type: string;
  name?: string;
  z?: string;
  [key: string]: any;
}

export interface RED {
  nodes: {
    createNode(node: any, config: NodeDefBase): void;
    registerType(
      type: string,
      ctor: any,
      options?: { credentials?: Record<string, { type: 'text' | 'password' }>; settings?: Record<string, unknown> },
    ): void;
    getNode(id: string): any;
    getCredentials(id: string): Record<string, any> | undefined;
    addCredentials(id: string, creds: Record<string, any>): Promise<void> | void;
    deleteCredentials?(id: string): void;
  };
  util: {
    evaluateNodeProperty(value: any, type: string, node: any, msg: any, callback?: (err: Error | null, result: any) => void): any;
    cloneMessage<T>(msg: T): T;
    generateId(): string;
    getSetting?(node: any, name: string): any;
  };
  httpAdmin: any;
  /** Messages to the editors connected (RED.comms.subscribe in the editor). */
  comms?: { publish(topic: string, data: unknown, retain?: boolean): void };
  httpNode: any;
  server?: any;
  auth: { needsPermission(permission: string): any };
  settings: Record<string, any> & { get?(name: string): any };
  log: { info(m: unknown): void; warn(m: unknown): void; error(m: unknown): void; debug(m: unknown): void; trace(m: unknown): void };
  events?: {
    on(event: string, handler: (...args: any[]) => void): void;
    removeListener(event: string, handler: (...args: any[]) => void): void;
  };
  version?(): string;
  _?: (key: string, subs?: Record<string, unknown>) => string;
}
