// The parts of Node-RED's editor API (window.RED) this bundle uses.
export interface EditorNode {
  id: string;
  type: string;
  _def?: { set?: { id: string } };
  credentials?: Record<string, any>;
  _?: (key: string, options?: Record<string, unknown>) => string;
  [property: string]: any;
}

export interface NodeDefault {
  value: unknown;
  type?: string;
  required?: boolean;
  validate?: (this: EditorNode, value: any, opt?: any) => boolean | string;
}

export interface RedEditor {
  nodes: {
    registerType(type: string, def: Record<string, unknown>): void;
    getType(type: string): { defaults?: Record<string, NodeDefault> } | undefined;
  };
  events: { on(event: string, handler: (node: EditorNode) => void): void };
  utils: { validateTypedProperty(value: unknown, type: string, opt?: unknown): true | string };
  validators: { number(blank?: boolean): (v: unknown) => boolean };
  _(key: string, options?: Record<string, unknown>): string;
}

declare global {
  interface Window {
    RED: RedEditor;
    EntraEditor?: unknown;
  }
  const RED: RedEditor;
  interface JQuery {
    typedInput(options: Record<string, unknown>): JQuery;
    typedInput(method: 'type' | 'value'): string;
    typedInput(method: 'type' | 'value', value: string): JQuery;
  }
}
