// Turns a request body's JSON Schema into the compact shape core's `checkBody`
// reads (`BodyShape`): kinds, enums, items, properties, required, open objects.
// Ranges and patterns are left to the service; composition other than allOf
// accepts any value rather than guess.
import { resolveRef, type OpenApiDocument } from '../spec.ts';

export type Shape =
  | { k: 'string'; enum?: string[]; nullable?: true }
  | { k: 'integer' | 'number'; enum?: number[]; nullable?: true }
  | { k: 'boolean'; nullable?: true }
  | { k: 'array'; items: Shape; nullable?: true }
  | { k: 'object'; props: Record<string, Shape>; req?: string[]; open?: true; nullable?: true }
  | { k: 'any' };

const KINDS = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object']);

function mergeAllOf(document: OpenApiDocument, schema: any, seen: Set<string>): any {
  if (!Array.isArray(schema.allOf)) return schema;
  const merged: any = { ...schema, allOf: undefined, type: schema.type ?? 'object', properties: { ...(schema.properties ?? {}) }, required: [...(schema.required ?? [])] };
  for (const raw of schema.allOf) {
    const branch = mergeAllOf(document, resolveRef<any>(document, raw), seen);
    Object.assign(merged.properties, branch.properties ?? {});
    merged.required.push(...(branch.required ?? []));
    if (branch.additionalProperties !== undefined) merged.additionalProperties = branch.additionalProperties;
  }
  return merged;
}

/** The shape of a request-side schema; `readOnly` properties are not sent, so they are left out. */
export function bodyShape(document: OpenApiDocument, raw: any, seen: Set<string> = new Set()): Shape {
  const ref = typeof raw?.$ref === 'string' ? raw.$ref : undefined;
  if (ref && seen.has(ref)) return { k: 'any' }; // a recursive schema: checked one level deep
  const nextSeen = ref ? new Set([...seen, ref]) : seen;
  const schema = mergeAllOf(document, resolveRef<any>(document, raw ?? {}), nextSeen);
  if (schema.oneOf || schema.anyOf || schema.not) return { k: 'any' };

  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = types.includes('null') || schema.nullable === true;
  const kinds = types.filter((type) => type !== 'null');
  let kind = kinds.length === 1 ? kinds[0]! : kinds.length === 0 && (schema.properties || schema.additionalProperties !== undefined) ? 'object' : undefined;
  if (kinds.length === 0 && schema.items) kind = 'array';
  if (!kind || !KINDS.has(kind)) return { k: 'any' };
  const extra = nullable ? { nullable: true as const } : {};

  const values = schema.const !== undefined ? [schema.const] : Array.isArray(schema.enum) ? schema.enum.filter((value: unknown) => value !== null) : undefined;
  switch (kind) {
    case 'string':
      return { k: 'string', ...(values ? { enum: values.map(String) } : {}), ...extra };
    case 'integer':
    case 'number':
      return { k: kind, ...(values ? { enum: values.map(Number) } : {}), ...extra };
    case 'boolean':
      return { k: 'boolean', ...extra };
    case 'array':
      return { k: 'array', items: schema.items ? bodyShape(document, schema.items, nextSeen) : { k: 'any' }, ...extra };
    default: {
      const props: Record<string, Shape> = {};
      for (const [name, property] of Object.entries<any>(schema.properties ?? {})) {
        if (resolveRef<any>(document, property)?.readOnly === true) continue;
        props[name] = bodyShape(document, property, nextSeen);
      }
      const required = (schema.required ?? []).filter((name: string) => name in props);
      const declared = Object.keys(props).length > 0;
      const open = schema.additionalProperties === true || (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) || (!declared && schema.additionalProperties !== false);
      return { k: 'object', props, ...(required.length > 0 ? { req: required } : {}), ...(open ? { open: true as const } : {}), ...extra };
    }
  }
}

/** The shape with some top-level properties removed (those an `x-client-methods` entry fixes). */
export function withoutProperties(shape: Shape, names: string[]): Shape {
  if (shape.k !== 'object') return shape;
  const props = Object.fromEntries(Object.entries(shape.props).filter(([name]) => !names.includes(name)));
  const req = shape.req?.filter((name) => !names.includes(name));
  return { ...shape, props, ...(req ? { req } : {}) };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A TypeScript literal for a value: single-quoted strings, bare keys where possible. */
export function renderLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderLiteral).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, item]) => `${IDENTIFIER.test(key) ? key : renderLiteral(key)}: ${renderLiteral(item)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  return JSON.stringify(value);
}
