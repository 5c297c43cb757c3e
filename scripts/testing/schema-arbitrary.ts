// fast-check arbitraries from the JSON Schemas of a bundled spec: random valid
// request bodies and parameter values for the spec-driven property tests, and
// mutations that make a valid input invalid in one named place.
import fc from 'fast-check';
import { resolveRef, type OpenApiDocument } from '../spec.ts';

const WORD = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

function mergeAllOf(document: OpenApiDocument, schema: any): any {
  if (!Array.isArray(schema.allOf)) return schema;
  const merged: any = { ...schema, type: schema.type ?? 'object', properties: { ...(schema.properties ?? {}) }, required: [...(schema.required ?? [])] };
  delete merged.allOf;
  for (const raw of schema.allOf) {
    const branch = mergeAllOf(document, resolveRef<any>(document, raw));
    Object.assign(merged.properties, branch.properties ?? {});
    merged.required.push(...(branch.required ?? []));
  }
  return merged;
}

function typeOf(schema: any): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type.filter((type: string) => type !== 'null') : schema.type ? [schema.type] : [];
  if (types.length === 1) return types[0];
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function stringArbitrary(schema: any): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 16, 16));
  if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length >= min && value.length <= (schema.maxLength ?? Infinity));
    } catch {
      // fall through to plain strings
    }
  }
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' });
}

function numberBounds(schema: any, fallbackMin: number, fallbackMax: number): [number, number] {
  let min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : fallbackMin);
  let max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : fallbackMax);
  if (min > max) [min, max] = [max, min];
  return [min, max];
}

/** Random values valid against a schema (read-only properties left out: they are not sent). */
export function arbitraryFor(document: OpenApiDocument, raw: any, depth = 0): fc.Arbitrary<unknown> {
  const schema = mergeAllOf(document, resolveRef<any>(document, raw ?? {}));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum.filter((value: unknown) => value !== null));
  const branches = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(branches)) return fc.oneof(...branches.map((branch: any) => arbitraryFor(document, branch, depth + 1)));
  switch (typeOf(schema)) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer': {
      const int32 = schema.format !== 'int64';
      const [min, max] = numberBounds(schema, int32 ? -1000 : -1_000_000, int32 ? 100_000 : 10_000_000_000);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case 'number': {
      const [min, max] = numberBounds(schema, -1e6, 1e6);
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, depth > 2 ? minLength : 3));
      const item = arbitraryFor(document, schema.items ?? {}, depth + 1);
      return schema.uniqueItems ? fc.uniqueArray(item, { minLength, maxLength, selector: (value) => JSON.stringify(value) }) : fc.array(item, { minLength, maxLength });
    }
    case 'object': {
      const properties = Object.entries<any>(schema.properties ?? {}).filter(([, property]) => resolveRef<any>(document, property)?.readOnly !== true);
      const required = new Set<string>(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of properties) record[name] = arbitraryFor(document, property, depth + 1);
      const optional = properties.map(([name]) => name).filter((name) => !required.has(name));
      return fc.record(record, { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) }).map((value) => {
        // Keep deep optional subtrees small: beyond depth 3, drop optional properties.
        if (depth > 3) for (const name of optional) delete (value as Record<string, unknown>)[name];
        return value;
      });
    }
    default:
      return fc.oneof(WORD, fc.integer(), fc.boolean());
  }
}

/** One way to make a valid body invalid, with the path the client must name. */
export interface BodyMutation {
  kind: 'missing required' | 'wrong type' | 'not in enum' | 'unknown property' | 'not an array';
  /** `body.source_urls[0]`-style path of the broken place. */
  path: string;
  apply(body: unknown): unknown;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Mutations of a concrete valid body, one per kind where the schema allows it,
 * found by walking the body and its schema together.
 */
export function bodyMutations(document: OpenApiDocument, raw: any, body: unknown, fixed: readonly string[] = []): BodyMutation[] {
  const found: BodyMutation[] = [];
  const kinds = new Set<string>();
  const add = (mutation: BodyMutation) => {
    if (kinds.has(mutation.kind)) return;
    kinds.add(mutation.kind);
    found.push(mutation);
  };
  function walk(schemaRaw: any, value: unknown, path: string, set: (root: any, next: unknown) => any, get: (root: any) => any): void {
    const schema = mergeAllOf(document, resolveRef<any>(document, schemaRaw ?? {}));
    if (schema.oneOf || schema.anyOf) return;
    const type = typeOf(schema);
    if (Array.isArray(schema.enum) && typeof value === 'string') {
      add({ kind: 'not in enum', path, apply: (root) => set(clone(root), `${value}-not-a-value`) });
    }
    if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') {
      const wrong = type === 'string' ? 12345 : 'not-a-number';
      add({ kind: 'wrong type', path, apply: (root) => set(clone(root), wrong) });
    }
    if (type === 'array' && Array.isArray(value)) {
      add({ kind: 'not an array', path, apply: (root) => set(clone(root), value.length > 0 ? value[0] : 'single-value') });
      value.forEach((item, index) =>
        walk(schema.items, item, `${path}[${index}]`, (root, next) => { get(root)[index] = next; return root; }, (root) => get(root)[index]),
      );
    }
    if (type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
      const object = value as Record<string, unknown>;
      for (const name of schema.required ?? []) {
        if (object[name] === undefined) continue;
        add({ kind: 'missing required', path: `${path}.${name}`, apply: (root) => { const copy = clone(root); delete get(copy)[name]; return copy; } });
      }
      const names = Object.keys(schema.properties ?? {});
      if (path === 'body' && names.length > 0 && schema.additionalProperties === undefined) {
        // A property a client method fixes is not the caller's to misspell: misspell another one.
        const own = names.filter((name) => !fixed.includes(name));
        const target = own.find((name) => name.length > 4) ?? own[0] ?? names[0]!;
        const typo = `${target.slice(0, -1)}${target.endsWith('x') ? 'y' : 'x'}`;
        if (!names.includes(typo)) {
          add({ kind: 'unknown property', path: `${path}.${typo}`, apply: (root) => { const copy = clone(root); get(copy)[typo] = object[target] ?? 'x'; return copy; } });
        }
      }
      for (const [name, property] of Object.entries<any>(schema.properties ?? {})) {
        if (object[name] === undefined) continue;
        walk(property, object[name], `${path}.${name}`, (root, next) => { get(root)[name] = next; return root; }, (root) => get(root)[name]);
      }
    }
  }
  walk(raw, body, 'body', (_root, next) => next, (root) => root);
  return found;
}
