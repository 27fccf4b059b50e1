// A small OData $filter parser and evaluator for directory objects [QP, AQ]:
// eq ne gt ge lt le, startswith(), endswith(), in (...), and/or/not, parentheses, lambda any()
// (e.g. groupTypes/any(c:c eq 'Unified')), literals 'str' ('' escapes a quote), true/false/null,
// numbers, GUIDs and date-times. String comparisons are case-insensitive like the directory's.

export type Literal = string | number | boolean | null;

export type FilterNode =
  | { k: 'and' | 'or'; l: FilterNode; r: FilterNode }
  | { k: 'not'; e: FilterNode }
  | { k: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; prop: string; value: Literal }
  | { k: 'in'; prop: string; values: Literal[] }
  | { k: 'fn'; name: 'startswith' | 'endswith'; prop: string; value: string }
  | { k: 'any'; prop: string; v: string; body: FilterNode | null };

export class FilterSyntaxError extends Error {}

type Tok = { t: 'str'; v: string } | { t: 'word'; v: string } | { t: 'num'; v: number } | { t: 'punct'; v: '(' | ')' | ',' | ':' | '/' };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new FilterSyntaxError(`Unterminated string literal at position ${i} in '${src}'.`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    if ('(),:/'.includes(c)) {
      out.push({ t: 'punct', v: c as '(' });
      i++;
      continue;
    }
    const m = /^[A-Za-z0-9_.$@#+-]+/.exec(src.slice(i));
    if (!m) throw new FilterSyntaxError(`Syntax error: character '${c}' is not valid at position ${i} in '${src}'.`);
    const w = m[0];
    // Date-times like 2024-01-01T00:00:00Z contain ':' — glue them back together.
    let word = w;
    i += w.length;
    if (/^\d{4}-\d{2}-\d{2}T\d{2}$/.test(word)) {
      const rest = /^(:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)/.exec(src.slice(i));
      if (rest) {
        word += rest[0];
        i += rest[0].length;
      }
    }
    if (/^-?\d+(\.\d+)?$/.test(word)) out.push({ t: 'num', v: Number(word) });
    else out.push({ t: 'word', v: word });
  }
  return out;
}

export function parseFilter(src: string): FilterNode {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isWord = (w: string) => peek()?.t === 'word' && (peek() as { v: string }).v.toLowerCase() === w;
  const isPunct = (c: string) => peek()?.t === 'punct' && (peek() as { v: string }).v === c;
  const fail = (what: string): never => {
    throw new FilterSyntaxError(`Syntax error at position ${p} in '${src}': ${what}.`);
  };
  const expectPunct = (c: string) => {
    if (!isPunct(c)) fail(`expected '${c}'`);
    p++;
  };

  function literal(): Literal {
    const t = peek();
    if (!t) return fail('expected a literal');
    if (t.t === 'str') {
      p++;
      return t.v;
    }
    if (t.t === 'num') {
      p++;
      return t.v;
    }
    if (t.t === 'word') {
      const w = t.v.toLowerCase();
      if (w === 'true' || w === 'false') {
        p++;
        return w === 'true';
      }
      if (w === 'null') {
        p++;
        return null;
      }
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t.v) || /^\d{4}-\d{2}-\d{2}/.test(t.v)) {
        p++;
        return t.v;
      }
    }
    return fail('expected a literal');
  }

  function propertyPath(): string {
    const t = peek();
    if (!t || t.t !== 'word') return fail('expected a property name');
    p++;
    return t.v;
  }

  function primary(lambdaVar?: string): FilterNode {
    if (isPunct('(')) {
      p++;
      const e = or(lambdaVar);
      expectPunct(')');
      return e;
    }
    if (isWord('not')) {
      p++;
      return { k: 'not', e: primary(lambdaVar) };
    }
    const t = peek();
    if (
      t?.t === 'word' &&
      ['startswith', 'endswith'].includes(t.v.toLowerCase()) &&
      toks[p + 1]?.t === 'punct' &&
      (toks[p + 1] as { v: string }).v === '('
    ) {
      const name = t.v.toLowerCase() as 'startswith' | 'endswith';
      p += 2;
      const prop = propertyPath();
      expectPunct(',');
      const v = literal();
      if (typeof v !== 'string') fail(`${name} expects a string`);
      expectPunct(')');
      return { k: 'fn', name, prop, value: v as string };
    }
    const prop = propertyPath();
    if (isPunct('/')) {
      // lambda: prop/any(x: body)
      p++;
      const fn = propertyPath();
      if (fn.toLowerCase() !== 'any') fail(`unsupported lambda '${fn}'`);
      expectPunct('(');
      if (isPunct(')')) {
        p++;
        return { k: 'any', prop, v: '', body: null };
      }
      const v = propertyPath();
      expectPunct(':');
      const body = or(v);
      expectPunct(')');
      return { k: 'any', prop, v, body };
    }
    if (isWord('in')) {
      p++;
      expectPunct('(');
      const values: Literal[] = [literal()];
      while (isPunct(',')) {
        p++;
        values.push(literal());
      }
      expectPunct(')');
      return { k: 'in', prop, values };
    }
    const opTok = peek();
    const op = opTok?.t === 'word' ? opTok.v.toLowerCase() : '';
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) return fail('expected an operator');
    p++;
    return { k: 'cmp', op: op as 'eq', prop, value: literal() };
  }

  function and(v?: string): FilterNode {
    let l = primary(v);
    while (isWord('and')) {
      p++;
      l = { k: 'and', l, r: primary(v) };
    }
    return l;
  }
  function or(v?: string): FilterNode {
    let l = and(v);
    while (isWord('or')) {
      p++;
      l = { k: 'or', l, r: and(v) };
    }
    return l;
  }

  const tree = or();
  if (p !== toks.length) fail('unexpected trailing input');
  return tree;
}

/** Every property a filter references (lambda variables excluded), for validation. */
export function filterProperties(n: FilterNode, vars: string[] = []): string[] {
  switch (n.k) {
    case 'and':
    case 'or':
      return [...filterProperties(n.l, vars), ...filterProperties(n.r, vars)];
    case 'not':
      return filterProperties(n.e, vars);
    case 'any':
      return [n.prop, ...(n.body ? filterProperties(n.body, [...vars, n.v]) : [])];
    default:
      return vars.includes(n.prop) ? [] : [n.prop];
  }
}

/** Operators that make a query "advanced" (ConsistencyLevel: eventual + $count=true) [AQ]. */
export function advancedOperators(n: FilterNode): string[] {
  switch (n.k) {
    case 'and':
    case 'or':
      return [...advancedOperators(n.l), ...advancedOperators(n.r)];
    case 'not':
      return ['not', ...advancedOperators(n.e)];
    case 'any':
      return n.body ? advancedOperators(n.body) : [];
    case 'cmp':
      return n.op === 'ne' ? ['ne'] : [];
    case 'fn':
      return n.name === 'endswith' ? ['endswith'] : [];
    default:
      return [];
  }
}

function norm(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

function compare(op: string, a: unknown, b: Literal): boolean {
  if (op === 'eq') return (a ?? null) === null ? b === null : norm(a) === norm(b);
  if (op === 'ne') return !compare('eq', a, b);
  if (a === null || a === undefined || b === null) return false;
  const x = norm(a) as string | number,
    y = norm(b) as string | number;
  switch (op) {
    case 'gt':
      return x > y;
    case 'ge':
      return x >= y;
    case 'lt':
      return x < y;
    case 'le':
      return x <= y;
    default:
      return false;
  }
}

/** resolve(prop) returns the object's value for a (validated, canonical) property name. */
export function evaluate(n: FilterNode, get: (prop: string) => unknown, vars: Record<string, unknown> = {}): boolean {
  const value = (prop: string) => (prop in vars ? vars[prop] : get(prop));
  switch (n.k) {
    case 'and':
      return evaluate(n.l, get, vars) && evaluate(n.r, get, vars);
    case 'or':
      return evaluate(n.l, get, vars) || evaluate(n.r, get, vars);
    case 'not':
      return !evaluate(n.e, get, vars);
    case 'cmp':
      return compare(n.op, value(n.prop), n.value);
    case 'in': {
      const v = value(n.prop);
      return n.values.some((x) => compare('eq', v, x));
    }
    case 'fn': {
      const v = value(n.prop);
      if (typeof v !== 'string') return false;
      return n.name === 'startswith' ? v.toLowerCase().startsWith(n.value.toLowerCase()) : v.toLowerCase().endsWith(n.value.toLowerCase());
    }
    case 'any': {
      const arr = value(n.prop);
      if (!Array.isArray(arr)) return false;
      if (!n.body) return arr.length > 0;
      return arr.some((el) => evaluate(n.body!, get, { ...vars, [n.v]: el }));
    }
  }
}
