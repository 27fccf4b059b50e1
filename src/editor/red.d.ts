// The parts of Node-RED's editor API (window.RED) this bundle uses.
export interface EditorNode {
  id: string;
  type: string;
  _def?: { set?: { id: string }; label?: string | ((this: EditorNode) => string) };
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
    node(id: string): EditorNode | null | undefined;
  };
  events: { on(event: string, handler: (node: EditorNode) => void): void };
  /** The sidebar, the workspace and the server's comms: the "Entra ID" sidebar tab (sidebar.ts). */
  sidebar?: {
    addTab(options: {
      id: string;
      label: string;
      name: string;
      iconClass: string;
      content: JQuery;
      enableOnEdit?: boolean;
      onchange?: () => void;
    }): void;
    show(id: string): void;
  };
  view: { reveal(id: string): void };
  comms: { subscribe(topic: string, handler: (topic: string, payload: unknown) => void): void };
  user?: { hasPermission?(permission: string): boolean };
  utils: { validateTypedProperty(value: unknown, type: string, opt?: unknown): true | string };
  validators: { number(blank?: boolean): (v: unknown) => boolean };
  _(key: string, options?: Record<string, unknown>): string;
}

declare global {
  interface Window {
    RED: RedEditor;
    EntraEditor?: unknown;
    EntraSidebar?: boolean;
  }
  const RED: RedEditor;
  interface JQuery {
    typedInput(options: Record<string, unknown>): JQuery;
    typedInput(method: 'type' | 'value'): string;
    typedInput(method: 'type' | 'value', value: string): JQuery;
  }
}
