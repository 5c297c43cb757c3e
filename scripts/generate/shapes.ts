// Turns request-side JSON Schemas into the shapes core's validator reads, as
// code: a package's `src/shapes.ts` holds one constant per component schema
// that an operation's input reaches, and every structured shape (an object
// or an array shape with keywords) that would otherwise be written twice;
// operations refer to them by name. Kinds (`string`, `object`, …) and formats
// are core's exports, referred to by identifier, so a bundler keeps only what
// the operations an app imports need. Recursion goes through lazy references
// (`() => Name`), never a cut-off.
import { resolveRef, type OpenApiDocument } from '../spec.ts';
import { pascalCase } from './names.ts';
import type { Operation } from './operations.ts';

const COMPONENT = '#/components/schemas/';
const KINDS = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object']);
/** String formats core checks, by the identifier it exports for each. */
const FORMATS: Record<string, string> = { 'date-time': 'dateTime', date: 'date', uuid: 'uuid', uri: 'uri' };
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];

/** A reference to a named shape of `shapes.ts`. */
export interface ShapeRef {
  ref: string;
}

/** A shape as data: its kind (core's identifier), keywords, and child shapes. */
export interface ShapeNode {
  k: string;
  nullable?: true;
  secret?: true;
  enum?: unknown[];
  keywords?: Record<string, number | true>;
  pattern?: string;
  format?: string;
  items?: ShapeExpr;
  props?: Record<string, ShapeExpr>;
  req?: string[];
  open?: true;
}

export type ShapeExpr = ShapeRef | ShapeNode;

function isRef(expr: ShapeExpr): expr is ShapeRef {
  return 'ref' in expr;
}

function componentName(raw: any): string | undefined {
  const ref = typeof raw?.$ref === 'string' ? raw.$ref : undefined;
  return ref?.startsWith(COMPONENT) ? ref.slice(COMPONENT.length).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

function mergeAllOf(document: OpenApiDocument, schema: any): any {
  if (!Array.isArray(schema.allOf)) return schema;
  const merged: any = { ...schema, allOf: undefined, type: schema.type ?? 'object', properties: { ...(schema.properties ?? {}) }, required: [...(schema.required ?? [])] };
  for (const raw of schema.allOf) {
    const branch = mergeAllOf(document, resolveRef<any>(document, raw));
    Object.assign(merged.properties, branch.properties ?? {});
    merged.required.push(...(branch.required ?? []));
    if (branch.additionalProperties !== undefined) merged.additionalProperties = branch.additionalProperties;
  }
  return merged;
}

function numbers(schema: any, names: string[]): Record<string, number> {
  return Object.fromEntries(names.filter((name) => typeof schema[name] === 'number').map((name) => [name, schema[name]]));
}

/**
 * The shape of a request-side schema: a reference for a `$ref` to a component
 * (unless `inline`: the component's own definition). `readOnly` properties
 * are not sent, so they are left out. `where` names the schema in errors.
 */
export function shapeOf(document: OpenApiDocument, raw: any, where: string, inline = false): ShapeExpr {
  const name = componentName(raw);
  if (name && !inline) return { ref: name };
  const schema = mergeAllOf(document, resolveRef<any>(document, raw ?? {}));
  if (schema.oneOf || schema.anyOf || schema.not) return { k: 'anyJson' };
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const kinds = types.filter((type) => type !== 'null');
  let kind = kinds.length === 1 ? kinds[0]! : kinds.length === 0 && (schema.properties || schema.additionalProperties !== undefined) ? 'object' : undefined;
  if (kinds.length === 0 && schema.items) kind = 'array';
  if (!kind || !KINDS.has(kind)) return { k: 'anyJson' };
  const node: ShapeNode = { k: kind };
  if (types.includes('null') || schema.nullable === true) node.nullable = true;
  if (schema.writeOnly === true && schema.format === 'password') node.secret = true;
  const values = schema.const !== undefined ? [schema.const] : Array.isArray(schema.enum) ? schema.enum.filter((value: unknown) => value !== null) : undefined;
  if (values && kind !== 'array' && kind !== 'object') node.enum = values;
  let keywords: Record<string, number | true> = {};
  switch (kind) {
    case 'string':
      keywords = numbers(schema, ['minLength', 'maxLength']);
      if (typeof schema.pattern === 'string') {
        try {
          new RegExp(schema.pattern, 'u');
        } catch (error) {
          throw new Error(`${where}: pattern ${JSON.stringify(schema.pattern)} is not a valid regular expression with the u flag: ${(error as Error).message}`);
        }
        node.pattern = new RegExp(schema.pattern, 'u').source;
      }
      if (FORMATS[schema.format]) node.format = FORMATS[schema.format];
      break;
    case 'integer':
    case 'number':
      keywords = numbers(schema, NUMBER_KEYWORDS);
      // OpenAPI 3.0's boolean exclusive bounds, written the 3.1 way.
      for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
        if (schema[flag] === true && typeof schema[bound] === 'number') {
          keywords[flag] = schema[bound];
          delete keywords[bound];
        }
      }
      break;
    case 'array':
      node.items = schema.items ? shapeOf(document, schema.items, `${where}[]`) : { k: 'anyJson' };
      keywords = numbers(schema, ['minItems', 'maxItems']);
      if (schema.uniqueItems === true) keywords.uniqueItems = true;
      break;
    case 'object': {
      const props: Record<string, ShapeExpr> = {};
      for (const [property, value] of Object.entries<any>(schema.properties ?? {})) {
        if (resolveRef<any>(document, value)?.readOnly === true) continue;
        props[property] = shapeOf(document, value, `${where}.${property}`);
      }
      if (Object.keys(props).length > 0) node.props = props;
      const required = (schema.required ?? []).filter((property: string) => property in props);
      if (required.length > 0) node.req = required;
      const open = schema.additionalProperties === true || (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) || (!node.props && schema.additionalProperties !== false);
      if (open) node.open = true;
      break;
    }
  }
  if (Object.keys(keywords).length > 0) node.keywords = keywords;
  // A string with no length, pattern or format to check: core's lighter kind.
  if (kind === 'string' && !node.keywords && node.pattern === undefined && !node.format) node.k = 'plainString';
  return node;
}

/** A canonical text of a shape: equal texts are equal shapes. */
function keyOf(expr: ShapeExpr): string {
  return JSON.stringify(expr);
}

/** An object or array shape, or one with items: what is never emitted twice. */
function isStructured(expr: ShapeExpr): expr is ShapeNode {
  return !isRef(expr) && (expr.props !== undefined || expr.items !== undefined);
}

function children(node: ShapeNode): ShapeExpr[] {
  return [...(node.items ? [node.items] : []), ...Object.values(node.props ?? {})];
}

/** One input shape of an operation: a parameter's or the body's. */
export interface InputShape {
  /** Names the shape if it is hoisted: `CreateFlowsBody`, `ListThingsStatus`. */
  owner: string;
  expr: ShapeExpr;
}

/** The shapes of a package: named definitions (for `shapes.ts`) and each input's expression. */
export interface ShapeTable {
  /** Named shapes in emission order (dependencies first); one may be another's alias (a reference). */
  definitions: Map<string, ShapeExpr>;
  /** Each input's shape, by the key given to `buildShapeTable`. */
  inputs: Map<string, ShapeExpr>;
}

/**
 * Builds a package's table of shapes from its operations' inputs: every
 * component schema they reach becomes a definition, and so does any structured
 * shape that occurs more than once (inline or identical to another component);
 * references replace the copies.
 */
export function buildShapeTable(document: OpenApiDocument, inputs: Map<string, InputShape>, reserved: Set<string>): ShapeTable {
  const definitions = new Map<string, ShapeExpr>();
  const queue: string[] = [];
  const visitRefs = (expr: ShapeExpr) => {
    if (isRef(expr)) queue.push(expr.ref);
    else children(expr).forEach(visitRefs);
  };
  for (const input of inputs.values()) visitRefs(input.expr);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (definitions.has(name)) continue;
    const expr = shapeOf(document, { $ref: `${COMPONENT}${name}` }, `components.schemas.${name}`, true) as ShapeNode;
    definitions.set(name, expr);
    visitRefs(expr);
  }

  // Hoist repeated structured shapes, largest first, until nothing structured occurs twice.
  const resolvedInputs = new Map([...inputs].map(([key, input]) => [key, input.expr]));
  const names = new Set([...definitions.keys(), ...reserved]);
  const owners = new Map<string, string>();
  for (;;) {
    const counts = new Map<string, number>();
    const count = (expr: ShapeExpr, owner: string, root: boolean) => {
      if (isRef(expr)) return;
      if (isStructured(expr)) {
        const key = keyOf(expr);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (!owners.has(key) && !root) owners.set(key, owner);
      }
      for (const [property, child] of Object.entries(expr.props ?? {})) count(child, `${owner}${pascalCase(property)}`, false);
      if (expr.items) count(expr.items, `${owner}Item`, false);
    };
    for (const [name, definition] of definitions) {
      count(definition, name, true);
      if (!owners.has(keyOf(definition))) owners.set(keyOf(definition), name);
    }
    for (const [key, input] of inputs) count(resolvedInputs.get(key)!, input.owner, false);
    const repeated = [...counts].filter(([, times]) => times > 1).sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1));
    if (repeated.length === 0) break;
    const [key] = repeated[0]!;
    let name = [...definitions.keys()].sort().find((definition) => keyOf(definitions.get(definition)!) === key);
    if (!name) {
      const base = owners.get(key) ?? 'Shape';
      name = base;
      for (let suffix = 2; names.has(name); suffix++) name = `${base}${suffix}`;
      names.add(name);
      definitions.set(name, JSON.parse(key));
    }
    const target = name;
    const replace = (expr: ShapeExpr, root: boolean): ShapeExpr => {
      if (isRef(expr)) return expr;
      if (!root && keyOf(expr) === key) return { ref: target };
      const copy: ShapeNode = { ...expr };
      if (expr.items) copy.items = replace(expr.items, false);
      if (expr.props) copy.props = Object.fromEntries(Object.entries(expr.props).map(([property, child]) => [property, replace(child, false)]));
      return copy;
    };
    // A second component identical to the first becomes its alias.
    for (const [definitionName, definition] of definitions) definitions.set(definitionName, replace(definition, definitionName === target));
    for (const [inputKey, expr] of resolvedInputs) resolvedInputs.set(inputKey, replace(expr, false));
  }
  return { definitions: ordered(definitions), inputs: resolvedInputs };
}

/** Definitions in name order, each after the ones it refers to (cycles aside). */
function ordered(definitions: Map<string, ShapeExpr>): Map<string, ShapeExpr> {
  const out = new Map<string, ShapeExpr>();
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (out.has(name) || visiting.has(name) || !definitions.has(name)) return;
    visiting.add(name);
    const walk = (expr: ShapeExpr) => (isRef(expr) ? visit(expr.ref) : children(expr).forEach(walk));
    walk(definitions.get(name)!);
    visiting.delete(name);
    out.set(name, definitions.get(name)!);
  };
  for (const name of [...definitions.keys()].sort()) visit(name);
  return out;
}

/** The shape expressions of an operation's inputs, keyed `<callable>.<parameter>` and `<callable>.body`. */
export function operationInputs(document: OpenApiDocument, operation: Operation): Map<string, InputShape> {
  const inputs = new Map<string, InputShape>();
  for (const callable of operation.callables) {
    for (const parameter of operation.parameters) {
      inputs.set(`${callable.name}.${parameter.name}`, {
        owner: `${callable.name}${pascalCase(parameter.name)}`,
        expr: shapeOf(document, parameter.schema, `${operation.operationId} parameter ${parameter.name}`),
      });
    }
    if (operation.body) {
      inputs.set(`${callable.name}.body`, { owner: `${callable.name}Body`, expr: shapeOf(document, operation.body.rawSchema, `${operation.operationId} body`) });
    }
  }
  return inputs;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Width past which a literal is broken over lines. */
const WIDTH = 100;

export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function renderKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quoteString(key);
}

/** `{ a: 1 }` on one line if it fits, else one entry per line. */
function block(open: string, close: string, entries: string[], indent: string): string {
  const flat = `${open}${open === '{' && entries.length > 0 ? ' ' : ''}${entries.join(', ')}${open === '{' && entries.length > 0 ? ' ' : ''}${close}`;
  if (flat.length + indent.length <= WIDTH && !flat.includes('\n')) return flat;
  return `${open}\n${entries.map((entry) => `${indent}  ${entry},`).join('\n')}\n${indent}${close}`;
}

/**
 * A TypeScript literal for a value: single-quoted strings, bare keys where
 * possible; broken over indented lines when it would run past 100 characters.
 */
export function renderLiteral(value: unknown, indent = ''): string {
  if (Array.isArray(value)) return block('[', ']', value.map((item) => renderLiteral(item, `${indent}  `)), indent);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return block('{', '}', entries.map(([key, item]) => `${renderKey(key)}: ${renderLiteral(item, `${indent}  `)}`), indent);
  }
  if (typeof value === 'string') return quoteString(value);
  return JSON.stringify(value);
}

/**
 * The code of a shape. `refer(name)` writes a reference to a named shape
 * (`shapes.FlowSource`, `FlowSource`, or `() => FlowSource` where it is not
 * defined yet); `use(identifier)` records each core export it needs.
 */
export function renderShape(expr: ShapeExpr, refer: (name: string) => string, use: (identifier: string) => void, indent = ''): string {
  if (isRef(expr)) return refer(expr.ref);
  use(expr.k);
  const entries: string[] = [];
  const inner = `${indent}  `;
  if (expr.nullable) entries.push('nullable: true');
  if (expr.secret) entries.push('secret: true');
  if (expr.enum) entries.push(`enum: ${renderLiteral(expr.enum, inner)}`);
  for (const [key, value] of Object.entries(expr.keywords ?? {})) entries.push(`${key}: ${JSON.stringify(value)}`);
  if (expr.pattern !== undefined) entries.push(`pattern: /${expr.pattern}/u`);
  if (expr.format) {
    use(expr.format);
    entries.push(`format: ${expr.format}`);
  }
  if (expr.items) entries.push(`items: ${renderShape(expr.items, refer, use, inner)}`);
  if (expr.props) {
    const props = Object.entries(expr.props).map(([key, child]) => `${renderKey(key)}: ${renderShape(child, refer, use, `${inner}  `)}`);
    entries.push(`props: ${block('{', '}', props, inner)}`);
  }
  if (expr.req) entries.push(`req: ${renderLiteral(expr.req, inner)}`);
  if (expr.open) entries.push('open: true');
  return entries.length === 0 ? expr.k : block('{', '}', [`k: ${expr.k}`, ...entries], indent);
}
