import { describeValue, InvalidInputError } from './errors.js';
import { closestName } from './names.js';

/**
 * How much of its input a client checks before sending:
 * - `full` (default): kinds, required, unknown names, enums, and the ranges,
 *   lengths, item counts, patterns and formats the spec declares;
 * - `types`: all but ranges, lengths, item counts, patterns and formats;
 * - `off`: only what keeps a request well-formed (a parameters object,
 *   required path values that stay inside their segment, header values
 *   without line breaks); the body is sent as given.
 */
export type ValidationMode = 'full' | 'types' | 'off';

/** Where a check runs: the operation (for messages) and whether bounds are checked. */
export interface CheckContext {
  /** The name in messages: the operationId, or the `x-client-methods` name. */
  readonly id: string;
  /** Ranges, lengths, item counts, patterns and formats too (`validate: 'full'`). */
  readonly full: boolean;
  /** Objects accept properties their shape does not list (`allowUnknownProperties`). */
  readonly open?: boolean;
}

/**
 * A JSON kind (`string`, `integer`, `object`, …): what it wants, as a phrase,
 * and its check. A kind is also a shape by itself, the shape with no keywords.
 * Each kind is a separate export, so an app ships only the kinds of the
 * operations it imports.
 */
export interface Kind {
  /** What the kind wants: `a string`. */
  readonly n: string;
  /**
   * Checks a value that is neither `undefined` nor an allowed `null`; returns
   * the value to send (a plain copy for arrays and objects: what was checked is
   * exactly what is sent) or throws an InvalidInputError.
   */
  readonly c: (shape: ShapeNode, value: unknown, at: string, context: CheckContext) => unknown;
}

/** A string format that is checked (`full`): `dateTime`, `date`, `uuid`, `uri`. */
export interface Format {
  readonly n: string;
  readonly t: (text: string) => boolean;
}

/**
 * What a value sent to a service may look like, generated from the spec's
 * schema: the one description every check of an operation's input reads —
 * parameters and request bodies alike. `k` is its kind; the JSON Schema
 * keywords keep their names (`minLength`, `maximum`, `pattern`, …; patterns
 * are RegExp literals with the `u` flag, compiled once). Objects list `props`,
 * `req` (the required ones) and `open` (accepts properties it does not list).
 * `secret` keeps the value out of messages (`format: password`).
 */
export interface ShapeNode {
  readonly k: Kind;
  readonly nullable?: true;
  readonly secret?: true;
  readonly enum?: readonly (string | number | boolean)[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  readonly format?: Format;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly items?: Shape;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: true;
  readonly props?: Readonly<Record<string, Shape>>;
  readonly req?: readonly string[];
  readonly open?: true;
}

/**
 * A shape: a node, a bare kind, or a function returning one — how a generated
 * package's shapes refer to each other (`() => FlowSource`), so that each is
 * written once and recursion needs no cut-off.
 */
export type Shape = ShapeNode | Kind | (() => Shape);

/** The node of a shape, lazy references followed. */
export function resolveShape(shape: Shape): ShapeNode {
  while (typeof shape === 'function') shape = shape();
  return 'c' in shape ? { k: shape } : shape;
}

/** Throws the InvalidInputError of the value at `at` (`body.sources[0].port`, `limit`). */
export function fail(context: CheckContext, at: string, problem: string): never {
  throw new InvalidInputError(`${context.id}.${at}`, `${context.id}: ${/[.[]/.test(at) || at === 'body' ? at : `parameter "${at}"`} ${problem}`);
}

function show(shape: ShapeNode, value: unknown): string {
  return shape.secret && typeof value === 'string' ? `a secret of ${value.length} characters (not shown)` : describeValue(value);
}

function list(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/** What a shape wants, as a phrase: `a string`, `one of "A", "B"`. */
export function expected(shape: Shape): string {
  const node = resolveShape(shape);
  return node.enum ? `one of ${list(node.enum)}` : node.k.n;
}

/**
 * Checks a value against its shape and returns what to send: the value itself
 * for strings, numbers and booleans, a plain copy for arrays and objects.
 * Throws an InvalidInputError naming the first wrong place and the fix.
 */
export function checkShape(shape: Shape, value: unknown, at: string, context: CheckContext): unknown {
  const node = resolveShape(shape);
  if (value === null && node.nullable) return null;
  const sent = node.k.c(node, value, at, context);
  if (node.enum && !node.enum.includes(sent as string)) fail(context, at, `must be one of ${list(node.enum)}; got ${show(node, value)}.`);
  return sent;
}

function wrong(node: ShapeNode, value: unknown, at: string, context: CheckContext, hint = ''): never {
  return fail(context, at, `must be ${node.k.n}; got ${show(node, value)}${hint}.`);
}

/** Fails when `size` is outside [low, high] (either may be absent), naming the range in `unit`s. */
function within(node: ShapeNode, value: unknown, at: string, context: CheckContext, size: number, low: number | undefined, high: number | undefined, unit: string): void {
  if ((low !== undefined && size < low) || (high !== undefined && size > high)) {
    fail(context, at, `must be ${low === undefined ? `at most ${high}` : high === undefined ? `at least ${low}` : `${low} to ${high}`}${unit}; got ${show(node, value)}.`);
  }
}

function bound(node: ShapeNode, value: unknown, at: string, context: CheckContext, broken: boolean, phrase: string): void {
  if (broken) fail(context, at, `must be ${phrase}; got ${show(node, value)}.`);
}

/**
 * A string with nothing to check but its kind (and an enum, which every kind
 * has): the generator's kind for a string shape without a length, pattern or
 * format, so apps whose strings have none do not bundle those checks.
 */
export const plainString: Kind = {
  n: 'a string',
  c: (node, value, at, context) => (typeof value === 'string' ? value : wrong(node, value, at, context)),
};

/** A string, with the lengths, pattern and format its shape declares checked under `validate: 'full'`. */
export const string: Kind = {
  n: 'a string',
  c: (node, value, at, context) => {
    if (typeof value !== 'string') wrong(node, value, at, context);
    if (context.full) {
      const { pattern, format } = node;
      within(node, value, at, context, [...value].length, node.minLength, node.maxLength, ' characters long');
      // lastIndex: a pattern with the g or y flag would otherwise resume where the last call stopped.
      if (pattern) bound(node, value, at, context, ((pattern.lastIndex = 0), !pattern.test(value)), `a string matching ${String(pattern)}`);
      if (format) bound(node, value, at, context, !format.t(value), format.n);
    }
    return value;
  },
};

function numeric(node: ShapeNode, value: unknown, at: string, context: CheckContext, integer: boolean): unknown {
  if (typeof value !== 'number' || !(integer ? Number.isSafeInteger(value) : Number.isFinite(value))) wrong(node, value, at, context);
  if (context.full) {
    const { exclusiveMinimum: above, exclusiveMaximum: below, multipleOf } = node;
    within(node, value, at, context, value, node.minimum, node.maximum, '');
    if (above !== undefined) bound(node, value, at, context, value <= above, `greater than ${above}`);
    if (below !== undefined) bound(node, value, at, context, value >= below, `less than ${below}`);
    if (multipleOf) bound(node, value, at, context, !Number.isInteger(value / multipleOf), `a multiple of ${multipleOf}`);
  }
  return value;
}

// Object literals, not calls: a bundler drops the kinds an app does not use.
export const integer: Kind = { n: 'an integer', c: (node, value, at, context) => numeric(node, value, at, context, true) };

export const number: Kind = { n: 'a finite number', c: (node, value, at, context) => numeric(node, value, at, context, false) };

export const boolean: Kind = {
  n: 'a boolean',
  c: (node, value, at, context) => (typeof value === 'boolean' ? value : wrong(node, value, at, context)),
};

/** An object whose prototype is Object.prototype or null: JSON data, not a Date, Map or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export const array: Kind = {
  n: 'an array',
  c: (node, value, at, context) => {
    const items = node.items ?? anyJson;
    if (!Array.isArray(value)) {
      let single = value !== undefined;
      try {
        checkShape(items, value, at, context);
      } catch {
        single = false;
      }
      wrong(node, value, at, context, single ? ' (wrap a single value in [ ])' : '');
    }
    if (context.full) within(node, value, at, context, value.length, node.minItems, node.maxItems, ' items long');
    const sent: unknown[] = [];
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) fail(context, `${at}[${index}]`, 'is a hole in a sparse array; pass a value at every index.');
      sent.push(checkShape(items, value[index], `${at}[${index}]`, context));
    }
    if (context.full && node.uniqueItems && new Set(sent.map((item) => JSON.stringify(item))).size < sent.length) {
      fail(context, at, 'must not hold the same item twice.');
    }
    return sent;
  },
};

export const object: Kind = {
  n: 'an object',
  c: (node, value, at, context) => {
    if (!isPlainObject(value)) wrong(node, value, at, context, value !== null && typeof value === 'object' && !Array.isArray(value) ? ' that is not a plain object' : '');
    const props = node.props ?? {};
    const known = Object.keys(props);
    // No prototype: an own "__proto__" key stays a key.
    const sent: Record<string, unknown> = Object.create(null);
    // Unknown names first: a misspelled property usually explains a "missing" required one.
    for (const name of Object.keys(value)) {
      if (Object.hasOwn(props, name) || node.open || context.open) continue;
      const closest = closestName(name, known);
      fail(context, `${at}.${name}`, `is not a property of ${at}${closest ? `; did you mean "${closest}"?` : '.'} Its properties are ${known.join(', ') || '(none)'}.`);
    }
    for (const name of Object.keys(value)) {
      const item = value[name];
      if (item !== undefined) sent[name] = checkShape(Object.hasOwn(props, name) ? props[name]! : anyJson, item, `${at}.${name}`, context);
    }
    for (const name of node.req ?? []) {
      if (sent[name] === undefined) fail(context, `${at}.${name}`, `is required; pass ${expected(props[name] ?? anyJson)}.`);
    }
    return sent;
  },
};

/** Any JSON value: strings, finite numbers, booleans, null, arrays and plain objects of them; copied. */
export const anyJson: Kind = {
  n: 'JSON data',
  c: (node, value, at, context) => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
    if (Array.isArray(value)) return array.c({ k: array }, value, at, context);
    if (isPlainObject(value)) return object.c({ k: object, open: true }, value, at, context);
    return wrong(node, value, at, context, typeof value === 'object' ? ' (plain objects, arrays and primitives only)' : '');
  },
};

export const dateTime: Format = {
  n: 'a date-time such as 2026-01-31T08:00:00Z',
  t: (text) => /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/.test(text),
};

export const date: Format = {
  n: 'a date such as 2026-01-31',
  t: (text) => /^\d{4}-\d\d-\d\d$/.test(text),
};

export const uuid: Format = {
  n: 'a UUID',
  t: (text) => /^[\da-f]{8}-([\da-f]{4}-){3}[\da-f]{12}$/i.test(text),
};

export const uri: Format = {
  n: 'an absolute URI',
  t: (text) => URL.canParse(text),
};
