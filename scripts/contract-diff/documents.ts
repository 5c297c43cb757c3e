// One side of a comparison: an OpenAPI 3.0 or 3.1 document, read through its
// local `$ref`s (a bundle has no other kind), with schemas flattened into one
// plain object each — `$ref` siblings (3.1) and `allOf` members merged, 3.0's
// `nullable` and boolean `exclusiveMinimum`/`exclusiveMaximum` rewritten the
// 3.1 way — so that the walk in schema.ts compares meaning, not spelling.
// Nothing here throws on a strange but valid shape; what cannot be resolved is
// left as it is and compared as written.

export type Json = any;

const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface Flat {
  /** The merged schema: no `$ref`, no `allOf` at its top; nested schemas are still raw. */
  schema: Record<string, any>;
  /** The component it was reached through (`Pet` for `#/components/schemas/Pet`), if any. */
  name?: string;
  /** The `$ref`s followed to build it, for cycle detection ('' when none). */
  key: string;
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains'];
const ANY_OF_FLAGS = ['uniqueItems', 'readOnly', 'writeOnly', 'deprecated'];

export class Doc {
  readonly is30: boolean;
  private readonly flatCache = new WeakMap<object, Flat>();

  constructor(readonly root: Json) {
    this.is30 = /^3\.0/.test(String(root?.openapi ?? ''));
  }

  /** The node a local JSON pointer (`#/components/schemas/Pet`) names, or undefined. */
  pointer(ref: string): Json {
    if (ref === '#' || ref === '#/') return this.root;
    if (!ref.startsWith('#/')) return undefined;
    let node: Json = this.root;
    for (const raw of ref.slice(2).split('/')) {
      let part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      try {
        part = decodeURIComponent(part);
      } catch {
        // not percent-encoded after all
      }
      if (node === null || typeof node !== 'object' || !(part in node)) return undefined;
      node = node[part];
    }
    return node;
  }

  /**
   * A parameter, response, header, request body, path item…: its `$ref` chain
   * followed. In 3.1 a Reference Object's `summary`/`description` override the
   * target's; in 3.0 siblings of `$ref` are ignored.
   */
  resolve(node: Json): Json {
    let current = node;
    const overrides: Record<string, unknown> = {};
    const seen = new Set<string>();
    while (isObject(current) && typeof current.$ref === 'string') {
      if (seen.has(current.$ref)) return {};
      seen.add(current.$ref);
      if (!this.is30) {
        for (const key of ['summary', 'description']) if (key in current && !(key in overrides)) overrides[key] = current[key];
      }
      const target = this.pointer(current.$ref);
      if (target === undefined) return current;
      current = target;
    }
    return Object.keys(overrides).length > 0 && isObject(current) ? { ...current, ...overrides } : current;
  }

  /** A schema merged into one plain object (see the file comment). `undefined` is "any value". */
  flatten(schema: Json): Flat {
    if (schema === undefined || schema === true) return { schema: {}, key: '' };
    if (schema === false) return { schema: { type: [] }, key: '' };
    if (!isObject(schema)) return { schema: {}, key: '' };
    const cached = this.flatCache.get(schema);
    if (cached) return cached;
    const flat = this.flattenWith(schema, new Set());
    this.flatCache.set(schema, flat);
    return flat;
  }

  private flattenWith(schema: Json, seen: Set<string>): Flat {
    if (schema === false) return { schema: { type: [] }, key: '' };
    if (!isObject(schema)) return { schema: {}, key: '' };
    const refs: string[] = [];
    let name: string | undefined;
    const parts: Array<Record<string, any>> = [];

    const own: Record<string, any> = {};
    let target: Json;
    if (typeof schema.$ref === 'string') {
      const ref = schema.$ref;
      const resolved = seen.has(ref) ? undefined : this.pointer(ref);
      if (resolved === undefined && !seen.has(ref)) own['$ref (unresolved)'] = ref; // compared as written
      else if (resolved !== undefined) {
        refs.push(ref);
        name = ref.split('/').pop();
        target = resolved;
      }
      if (!this.is30) for (const [key, value] of Object.entries(schema)) if (key !== '$ref') own[key] = value;
    } else Object.assign(own, schema);

    // In 3.1, siblings of $ref apply together with the target (they are listed
    // first, so their annotations win); in 3.0 they are ignored.
    const members = Array.isArray(own.allOf) ? own.allOf : [];
    delete own.allOf;
    parts.push(this.normalize(own));
    if (target !== undefined) {
      const inner = this.flattenWith(target, new Set([...seen, ...refs]));
      parts.push(inner.schema);
      if (inner.key) refs.push(inner.key);
    }
    for (const member of members) {
      const inner = this.flattenWith(member, new Set([...seen, ...refs]));
      parts.push(inner.schema);
      if (inner.key) refs.push(inner.key);
      if (!name && members.length === 1 && isObject(member) && typeof member.$ref === 'string') name = member.$ref.split('/').pop();
    }
    const merged = parts.reduce((into, part) => merge(into, part), {} as Record<string, any>);
    return { schema: merged, name, key: refs.join('&') };
  }

  /** 3.0 spellings rewritten the 3.1 way. */
  private normalize(schema: Record<string, any>): Record<string, any> {
    if (!this.is30) return schema;
    const out = { ...schema };
    if (out.nullable === true && out.type !== undefined) {
      const types = Array.isArray(out.type) ? out.type : [out.type];
      out.type = types.includes('null') ? types : [...types, 'null'];
    }
    delete out.nullable;
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (typeof out[flag] === 'boolean') {
        if (out[flag] && typeof out[bound] === 'number') {
          out[flag] = out[bound];
          delete out[bound];
        } else delete out[flag];
      }
    }
    return out;
  }
}

function intersectTypes(a: unknown, b: unknown): unknown {
  const left = (Array.isArray(a) ? a : [a]) as string[];
  const right = (Array.isArray(b) ? b : [b]) as string[];
  const out = new Set<string>();
  for (const type of left) {
    if (right.includes(type)) out.add(type);
    else if (type === 'integer' && right.includes('number')) out.add('integer');
    else if (type === 'number' && right.includes('integer')) out.add('integer');
  }
  return [...out];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Both schemas at once (what `allOf` means), as one plain object. `into`'s annotations win. */
export function merge(into: Record<string, any>, from: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...into };
  for (const [key, value] of Object.entries(from)) {
    if (!(key in out)) {
      out[key] = value;
      continue;
    }
    const mine = out[key];
    if (key === 'type') out.type = intersectTypes(mine, value);
    else if (key === 'enum' && Array.isArray(mine) && Array.isArray(value)) out.enum = mine.filter((item) => value.some((other) => same(item, other)));
    else if (key === 'required' && Array.isArray(mine) && Array.isArray(value)) out.required = [...new Set([...mine, ...value])];
    else if (key === 'properties' && isObject(mine) && isObject(value)) {
      const properties: Record<string, any> = { ...mine };
      for (const [name, schema] of Object.entries(value)) properties[name] = name in mine && !same(mine[name], schema) ? { allOf: [mine[name], schema] } : schema;
      out.properties = properties;
    } else if (key === 'additionalProperties' || key === 'items' || key === 'unevaluatedProperties') {
      if (mine === false || value === false) out[key] = false;
      else if (mine === true) out[key] = value;
      else if (value !== true && !same(mine, value)) out[key] = { allOf: [mine, value] };
    } else if (LOWER_BOUNDS.includes(key) && typeof mine === 'number' && typeof value === 'number') out[key] = Math.max(mine, value);
    else if (UPPER_BOUNDS.includes(key) && typeof mine === 'number' && typeof value === 'number') out[key] = Math.min(mine, value);
    else if (ANY_OF_FLAGS.includes(key)) out[key] = mine === true || value === true;
    else if (key === 'pattern' && !same(mine, value)) out.pattern = [...new Set([...(Array.isArray(mine) ? mine : [mine]), ...(Array.isArray(value) ? value : [value])])];
    // anything else: the first definition stands
  }
  return out;
}

export { isObject };
