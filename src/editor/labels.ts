// Workspace labels of nodes that say more than "<node>: <operation>" when they have no name.
import type { EditorNode } from './red';

const literal = (node: EditorNode, name: string) => !node[`${name}Type`] || node[`${name}Type`] === 'str';

export const customLabels: Record<string, (this: EditorNode) => string> = {
  'entra-delta'(this: EditorNode) {
    return 'delta: ' + (literal(this, 'url') ? '' : `${this.urlType}.`) + (this.url || '/users/delta');
  },
  'entra-raw'(this: EditorNode) {
    const method = literal(this, 'method') ? `${this.method || 'GET'} ` : '';
    return this.url && literal(this, 'url') ? method + this.url : 'raw request';
  },
};
