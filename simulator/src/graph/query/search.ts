// $search for directory objects [QP]: "prop:value" clauses in double quotes, combined with AND/OR
// (uppercase) and parentheses; \" and \\ escape inside quotes. displayName/description use a
// tokenised match (case, symbols and digits split words; every search word must start a word of the
// value, in any order); other properties behave as startswith.

export type SearchNode = { k: 'and' | 'or'; l: SearchNode; r: SearchNode } | { k: 'clause'; prop: string; value: string };

export class SearchSyntaxError extends Error {}

export function parseSearch(src: string): SearchNode {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const fail = (m: string): never => {
    throw new SearchSyntaxError(m);
  };

  function clause(): SearchNode {
    ws();
    if (src[i] === '(') {
      i++;
      const e = or();
      ws();
      if (src[i] !== ')') fail(`Syntax error: expected ')' at position ${i} in '${src}'.`);
      i++;
      return e;
    }
    if (src[i] !== '"') fail(`Syntax error: character '${src[i] ?? ''}' is not valid at position ${i} in '${src}'.`);
    i++;
    let s = '';
    while (i < src.length && src[i] !== '"') {
      if (src[i] === '\\' && i + 1 < src.length) {
        s += src[i + 1];
        i += 2;
        continue;
      }
      s += src[i++];
    }
    if (src[i] !== '"') fail(`Syntax error: unterminated quoted clause in '${src}'.`);
    i++;
    const colon = s.indexOf(':');
    if (colon <= 0) fail(`Invalid $search clause '${s}': use "property:value".`);
    return { k: 'clause', prop: s.slice(0, colon).trim(), value: s.slice(colon + 1) };
  }
  function keyword(w: string): boolean {
    ws();
    if (src.startsWith(w, i) && /[\s("]/.test(src[i + w.length] ?? '')) {
      i += w.length;
      return true;
    }
    return false;
  }
  function and(): SearchNode {
    let l = clause();
    while (keyword('AND')) l = { k: 'and', l, r: clause() };
    return l;
  }
  function or(): SearchNode {
    let l = and();
    while (keyword('OR')) l = { k: 'or', l, r: and() };
    return l;
  }
  const tree = or();
  ws();
  if (i !== src.length) fail(`Syntax error: unexpected '${src.slice(i)}' in '${src}'.`);
  return tree;
}

export function searchProperties(n: SearchNode): string[] {
  return n.k === 'clause' ? [n.prop] : [...searchProperties(n.l), ...searchProperties(n.r)];
}

/** Splits "HelloWorld-Team42" into hello, world, team, 42. */
export function tokens(s: string): string[] {
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9\u00C0-\uFFFF]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

export function matchSearch(n: SearchNode, get: (prop: string) => unknown, tokenized: string[]): boolean {
  if (n.k !== 'clause') {
    return n.k === 'and'
      ? matchSearch(n.l, get, tokenized) && matchSearch(n.r, get, tokenized)
      : matchSearch(n.l, get, tokenized) || matchSearch(n.r, get, tokenized);
  }
  const c = n;
  const raw = get(c.prop);
  const values = Array.isArray(raw) ? raw : [raw];
  return values.some((v) => {
    if (typeof v !== 'string') return false;
    if (tokenized.includes(c.prop)) {
      const have = tokens(v);
      const want = tokens(c.value);
      return want.length > 0 && want.every((w) => have.some((h) => h.startsWith(w)));
    }
    return v.toLowerCase().startsWith(c.value.toLowerCase());
  });
}
