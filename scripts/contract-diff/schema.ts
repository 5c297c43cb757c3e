// Schema comparison by direction. A schema sits on one of two sides:
//
//   request   the client sends values, the server validates them: a change that
//             refuses a value it accepted (narrowing) breaks; widening does not.
//   response  the client receives values: a change that lets a value through
//             that could not come before (widening) breaks; narrowing does not.
//
// Each keyword is judged by which way it moved. Exceptions by policy (see
// ARCHITECTURE.md, "Contract diff"): a response enum that grows, a new
// oneOf/anyOf branch or discriminator value in a response are warnings (an
// exhaustive switch in a client misses the new value, a tolerant one does not);
// a response object that may now carry extra properties is non-breaking (clients
// ignore unknown fields); a changed `pattern` is a warning (no way to tell which
// way it moved), and so are a response pattern dropped, a changed `if`
// condition and a `patternProperties` regex swapped for another; a request property removed is breaking (the
// generated types and body checks refuse it); keywords the walk does not know
// are warnings. The JSON Schema 2020-12 applicators (contains, dependent*,
// if/then/else, patternProperties, propertyNames, unevaluated*, prefixItems)
// and the content* keywords are judged by direction like the rest.
import { Doc, isObject, type Json } from './documents.ts';
import { worst, type Severity } from './types.ts';

export type Side = 'request' | 'response';

export interface Finding {
  severity: Severity;
  description: string;
  /** Documentation-only changes, merged into one line per operation. */
  doc?: { subject: string; keys: string[] };
}

export interface Walk {
  base: Doc;
  head: Doc;
  out: Finding[];
  /**
   * Pairs of named schemas (reached through `$ref`) already compared under
   * the current parameter, header or body (see compareRoot): each is compared
   * once, where the walk first reaches it, so a changed component reachable
   * along many paths (or from itself) is reported once there, and cycles end.
   */
  visited: Set<string>;
  depth: number;
  /** The date sunsets (`x-sunset`) are measured against, in ms; now unless a test sets it. */
  today?: number;
}

export const flip = (side: Side): Side => (side === 'request' ? 'response' : 'request');

const texts = new WeakMap<object, string>();
/** JSON text of a node, cached (documents do not change while compared). */
function text(node: unknown): string {
  if (node === null || typeof node !== 'object') return JSON.stringify(node) ?? 'undefined';
  let found = texts.get(node);
  if (found === undefined) {
    found = JSON.stringify(node);
    texts.set(node, found);
  }
  return found;
}
const same = (a: unknown, b: unknown) => text(a) === text(b);
const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? 'undefined');
const showAll = (values: unknown[]) => values.map(show).join(', ');

/** Severity of a change that narrows and/or widens the accepted values, on a side. */
export function judge(side: Side, narrows: boolean, widens: boolean, responseWidening: Severity = 'breaking'): Severity {
  if (side === 'request') return narrows ? 'breaking' : 'non-breaking';
  return widens ? responseWidening : 'non-breaking';
}

function emit(w: Walk, severity: Severity, description: string): void {
  w.out.push({ severity, description });
}

const DOCUMENTATION = new Set(['description', 'title', 'example', 'examples', 'externalDocs', '$comment', 'xml', 'summary']);
const IGNORED = new Set(['$id', '$schema', '$anchor', '$dynamicAnchor', '$defs', 'definitions', 'readOnly', 'writeOnly', 'nullable']);
const JUDGED = new Set([
  'type', 'enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required', 'properties',
  'additionalProperties', 'items', 'prefixItems', 'oneOf', 'anyOf', 'not', 'discriminator', 'default', 'deprecated',
  'contains', 'minContains', 'maxContains', 'contentMediaType', 'contentEncoding', 'contentSchema', 'dependentRequired', 'dependentSchemas',
  'if', 'then', 'else', 'patternProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties',
]);

/** Records documentation keys that differ between two objects (and `x-` extensions). */
export function documentation(w: Walk, subject: string, a: Record<string, any>, b: Record<string, any>, keys: Iterable<string> = DOCUMENTATION): void {
  const changed: string[] = [];
  const wanted = new Set(keys);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if ((wanted.has(key) || key.startsWith('x-')) && !same(a[key], b[key])) changed.push(key);
  }
  if (changed.length > 0) w.out.push({ severity: 'non-breaking', description: `${subject}: documentation changed (${changed.join(', ')})`, doc: { subject, keys: changed } });
}

const hasRef = (node: unknown) => text(node).includes('"$ref"');

/** Compares two schemas (raw, as written in each document) found at `subject`. */
export function compareSchema(w: Walk, side: Side, rawA: Json, rawB: Json, subject: string): void {
  if (!hasRef(rawA) && !hasRef(rawB) && same(rawA, rawB)) return;
  const fa = w.base.flatten(rawA);
  const fb = w.head.flatten(rawB);
  const key = fa.key || fb.key ? `${side}|${fa.key}|${fb.key}` : '';
  if ((key && w.visited.has(key)) || w.depth > 64) return;
  if (key) w.visited.add(key);
  w.depth++;
  try {
    compareFlat(w, side, fa.schema, fb.schema, subject);
  } finally {
    w.depth--;
  }
}

/**
 * Compares the schema of one parameter, header or body: each starts with a
 * fresh `visited`, so a component shared by two bodies is reported in both.
 */
export function compareRoot(w: Walk, side: Side, rawA: Json, rawB: Json, subject: string): void {
  const visited = w.visited;
  w.visited = new Set();
  try {
    compareSchema(w, side, rawA, rawB, subject);
  } finally {
    w.visited = visited;
  }
}

/** The worst level a comparison would report, without reporting it. */
function trial(w: Walk, side: Side, a: Json, b: Json): Severity | 'none' {
  const scratch: Walk = { ...w, out: [], visited: new Set(w.visited) };
  compareSchema(scratch, side, a, b, '');
  return worst(scratch.out);
}
const fits = (level: Severity | 'none') => level === 'none' || level === 'non-breaking';

// ---------------------------------------------------------------- keywords

type Types = Set<string> | null; // null: any type

const jsonType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value === 'number' ? 'number' : typeof value === 'object' ? 'object' : typeof value;

/** The types a schema admits; without `type`, those of its `const`/`enum` values (a const is one type). */
function typesOf(schema: Record<string, any>): Types {
  if (schema.type === undefined) {
    const values = allowedValues(schema);
    return values === null ? null : new Set(values.map(jsonType));
  }
  return new Set((Array.isArray(schema.type) ? schema.type : [schema.type]).filter((type: unknown) => typeof type === 'string'));
}

const covers = (set: Types, type: string) => set === null || set.has(type) || (type === 'integer' && set.has('number'));
const showTypes = (set: Types) => (set === null ? 'any' : set.size === 0 ? 'nothing' : [...set].join(' | '));

function compareTypes(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [ta, tb] = [typesOf(a), typesOf(b)];
  const narrows = ta === null ? tb !== null : [...ta].some((type) => !covers(tb, type));
  const widens = tb === null ? ta !== null : [...tb].some((type) => !covers(ta, type));
  if (!narrows && !widens) return;
  const withoutNull = (set: Types) => (set === null ? null : new Set([...set].filter((type) => type !== 'null')));
  const [na, nb] = [withoutNull(ta), withoutNull(tb)];
  if (na !== null && nb !== null && same([...na].sort(), [...nb].sort())) {
    const nowNullable = tb!.has('null');
    emit(w, judge(side, !nowNullable, nowNullable), `${subject}: ${nowNullable ? 'now nullable' : 'no longer nullable'}`);
  } else emit(w, judge(side, narrows, widens), `${subject}: type ${showTypes(ta)} → ${showTypes(tb)}`);
}

function allowedValues(schema: Record<string, any>): unknown[] | null {
  let values: unknown[] | null = Array.isArray(schema.enum) ? schema.enum : null;
  if ('const' in schema) values = values ? values.filter((value) => same(value, schema.const)) : [schema.const];
  return values;
}

function compareValues(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [va, vb] = [allowedValues(a), allowedValues(b)];
  if (va === null && vb === null) return;
  const word = !Array.isArray(a.enum) && !Array.isArray(b.enum) ? 'const' : 'enum';
  if (va === null) {
    emit(w, judge(side, true, false), `${subject}: ${word} added (${showAll(vb!)}): other values ${side === 'request' ? 'are refused' : 'no longer come back'}`);
    return;
  }
  if (vb === null) {
    emit(w, judge(side, false, true, 'warning'), `${subject}: ${word} removed (was ${showAll(va)})${side === 'response' ? ': any value may come back, a client switching over the old ones misses it' : ''}`);
    return;
  }
  const removed = va.filter((value) => !vb.some((other) => same(other, value)));
  const added = vb.filter((value) => !va.some((other) => same(other, value)));
  if (removed.length === 0 && added.length === 0) return;
  if (word === 'const') {
    emit(w, 'breaking', `${subject}: const ${showAll(va)} → ${showAll(vb)}`);
    return;
  }
  if (removed.length > 0) emit(w, judge(side, true, false), `${subject}: enum narrowed (removed ${showAll(removed)})`);
  if (added.length > 0) {
    emit(
      w,
      judge(side, false, true, 'warning'),
      side === 'response' ? `${subject}: enum grew (added ${showAll(added)}): a client switching over every value misses it` : `${subject}: enum widened (added ${showAll(added)})`,
    );
  }
}

/**
 * A `pattern` that every string matches (`''`, `.*`, `^.*`, `[\s\S]*`): no
 * constraint, so compared as absent — `'' → '^\w+$'` is a pattern added. A
 * pattern is unanchored (ECMA-262 `test`), so one without lookarounds or word
 * boundaries that matches the empty string, and still matches strings that are
 * not empty, matches at the start or end of any string; `^.*$` is not among
 * them (`.` stops at a line break).
 */
export function matchesEverything(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  if (/\(\?[=!<]|\\[bB]/.test(pattern)) return false;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch {
    try {
      regex = new RegExp(pattern);
    } catch {
      return false;
    }
  }
  return ['', 'x', 'x\ny', ' é 9_-'].every((probe) => regex.test(probe));
}

const patternsOf = (schema: Record<string, any>): string[] =>
  (schema.pattern === undefined ? [] : Array.isArray(schema.pattern) ? schema.pattern : [schema.pattern]).filter((pattern: unknown) => !matchesEverything(pattern));

function comparePatterns(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [pa, pb] = [patternsOf(a), patternsOf(b)];
  const added = pb.filter((pattern) => !pa.includes(pattern));
  const removed = pa.filter((pattern) => !pb.includes(pattern));
  if (added.length === 1 && removed.length === 1) {
    emit(w, 'warning', `${subject}: pattern ${show(removed[0])} → ${show(added[0])} (which values it still accepts cannot be told; check both)`);
    return;
  }
  for (const pattern of added) emit(w, judge(side, true, false), `${subject}: pattern ${show(pattern)} added`);
  // In a response a value's pattern dropped is a warning, like a pattern
  // changed: the extreme of a pattern that widens should not weigh more than
  // the widening. Property names are the object's structure, not a value's
  // format: keys of another form coming back stays breaking.
  const names = subject.includes('(property names)');
  for (const pattern of removed)
    emit(w, judge(side, false, true, names ? 'breaking' : 'warning'), `${subject}: pattern ${show(pattern)} removed${side === 'response' && !names ? ': values of other forms may come back; check code that parses them by this format' : ''}`);
}

/** Formats whose values are a subset of another's. */
const WIDER_FORMAT: Record<string, string[]> = { int32: ['int64'], float: ['double'] };

function compareFormat(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [fa, fb] = [a.format, b.format];
  if (same(fa, fb)) return;
  if (fa === undefined) emit(w, judge(side, true, false), `${subject}: format ${show(fb)} added`);
  else if (fb === undefined) emit(w, judge(side, false, true), `${subject}: format ${show(fa)} removed`);
  else {
    const widens = !WIDER_FORMAT[fb]?.includes(fa);
    const narrows = !WIDER_FORMAT[fa]?.includes(fb);
    emit(w, judge(side, narrows, widens), `${subject}: format ${show(fa)} → ${show(fb)}`);
  }
}

interface Bound {
  value: number;
  exclusive: boolean;
  keyword: string;
}

function bound(schema: Record<string, any>, inclusive: string, exclusive: string | undefined, lower: boolean): Bound | undefined {
  const found: Bound[] = [];
  if (typeof schema[inclusive] === 'number') found.push({ value: schema[inclusive], exclusive: false, keyword: inclusive });
  if (exclusive && typeof schema[exclusive] === 'number') found.push({ value: schema[exclusive], exclusive: true, keyword: exclusive });
  if (found.length < 2) return found[0];
  const [x, y] = found as [Bound, Bound];
  if (x.value === y.value) return y; // the exclusive one is tighter
  return (lower ? x.value > y.value : x.value < y.value) ? x : y;
}

/** How a bound moved: `narrows` when it now refuses more. */
function moved(before: Bound | undefined, after: Bound | undefined, lower: boolean): { narrows: boolean; widens: boolean } {
  if (!before && !after) return { narrows: false, widens: false };
  if (!before) return { narrows: true, widens: false };
  if (!after) return { narrows: false, widens: true };
  const tighter = (x: Bound, y: Bound) => (lower ? x.value > y.value : x.value < y.value) || (x.value === y.value && x.exclusive && !y.exclusive);
  return { narrows: tighter(after, before), widens: tighter(before, after) };
}

const BOUNDS: Array<[string, string | undefined, boolean]> = [
  ['minimum', 'exclusiveMinimum', true],
  ['maximum', 'exclusiveMaximum', false],
  ['minLength', undefined, true],
  ['maxLength', undefined, false],
  ['minItems', undefined, true],
  ['maxItems', undefined, false],
  ['minProperties', undefined, true],
  ['maxProperties', undefined, false],
];

function compareBounds(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  for (const [inclusive, exclusive, lower] of BOUNDS) {
    const zero = lower && inclusive !== 'minimum' ? 0 : undefined; // minLength 0 is no bound
    const clean = (found: Bound | undefined) => (found && found.value === zero && !found.exclusive ? undefined : found);
    const [ba, bb] = [clean(bound(a, inclusive, exclusive, lower)), clean(bound(b, inclusive, exclusive, lower))];
    const { narrows, widens } = moved(ba, bb, lower);
    if (!narrows && !widens) continue;
    const text = !ba ? `${bb!.keyword} ${bb!.value} added` : !bb ? `${ba.keyword} ${ba.value} removed` : ba.keyword === bb.keyword ? `${ba.keyword} ${ba.value} → ${bb.value}` : `${ba.keyword} ${ba.value} → ${bb.keyword} ${bb.value}`;
    emit(w, judge(side, narrows, widens), `${subject}: ${text}`);
  }
  const [ma, mb] = [a.multipleOf, b.multipleOf];
  if (typeof ma === 'number' || typeof mb === 'number') {
    if (ma === mb) return;
    const multiple = (x: number, y: number) => Math.abs(x / y - Math.round(x / y)) < 1e-9;
    if (typeof ma !== 'number') emit(w, judge(side, true, false), `${subject}: multipleOf ${mb} added`);
    else if (typeof mb !== 'number') emit(w, judge(side, false, true), `${subject}: multipleOf ${ma} removed`);
    else emit(w, judge(side, !multiple(ma, mb), !multiple(mb, ma)), `${subject}: multipleOf ${ma} → ${mb}`);
  }
}

function compareArrays(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [ua, ub] = [a.uniqueItems === true, b.uniqueItems === true];
  if (ua !== ub) emit(w, judge(side, ub, ua), `${subject}: ${ub ? 'items must now be unique (uniqueItems)' : 'items may now repeat (uniqueItems removed)'}`);
  const [pa, pb] = [Array.isArray(a.prefixItems) ? a.prefixItems : [], Array.isArray(b.prefixItems) ? b.prefixItems : []];
  const length = Math.max(pa.length, pb.length);
  // Position i is held by prefixItems[i] where there is one, by `items` after the prefix.
  for (let index = 0; index < length; index++) {
    const [x, y] = [index < pa.length ? pa[index] : a.items, index < pb.length ? pb[index] : b.items];
    if (x === false && y !== false) emit(w, judge(side, false, true), `${subject}[${index}]: an item at this position is now ${side === 'request' ? 'accepted' : 'possible'} (prefixItems)`);
    else if (y === false && x !== false) emit(w, judge(side, true, false), `${subject}[${index}]: no item at this position any more (prefixItems)`);
    else compareSchema(w, side, x, y, `${subject}[${index}]`);
  }
  if (a.items !== undefined || b.items !== undefined) compareSchema(w, side, a.items, b.items, length > 0 ? `${subject}[${length}…]` : `${subject}[]`);
  // unevaluatedItems: the items no prefixItems, items or contains evaluated; `items` on both sides leaves none.
  if ((a.unevaluatedItems !== undefined || b.unevaluatedItems !== undefined) && (a.items === undefined || b.items === undefined)) {
    compareExtra(w, side, a.unevaluatedItems, b.unevaluatedItems, subject, 'unevaluatedItems');
  }
  compareContains(w, side, a, b, subject);
}

interface Contains {
  schema: Json;
  min: number;
  max?: number;
}

function containsOf(schema: Record<string, any>): Contains | undefined {
  if (schema.contains === undefined) return undefined;
  const found: Contains = { schema: schema.contains, min: typeof schema.minContains === 'number' ? schema.minContains : 1 };
  if (typeof schema.maxContains === 'number') found.max = schema.maxContains;
  return found.min > 0 || found.max !== undefined ? found : undefined; // minContains 0 and no maximum: no constraint
}

/** `contains` (at least minContains, at most maxContains items match it); a wider `contains` schema accepts more arrays. */
function compareContains(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [ca, cb] = [containsOf(a), containsOf(b)];
  if (!ca && !cb) return;
  const count = (found: Contains) => `${found.max === undefined ? `at least ${found.min}` : found.min > 0 ? `${found.min} to ${found.max}` : `at most ${found.max}`} item${found.max === 1 || (found.max === undefined && found.min === 1) ? '' : 's'}`;
  if (!ca) {
    emit(w, judge(side, true, false), `${subject}: contains added: ${count(cb!)} must match it`);
    return;
  }
  if (!cb) {
    emit(w, judge(side, false, true), `${subject}: contains removed (${count(ca)} had to match it)`);
    return;
  }
  compareSchema(w, side, ca.schema, cb.schema, `${subject}(contains)`);
  if (ca.min !== cb.min) emit(w, judge(side, cb.min > ca.min, cb.min < ca.min), `${subject}: minContains ${ca.min} → ${cb.min}`);
  const { narrows, widens } = moved(
    ca.max === undefined ? undefined : { value: ca.max, exclusive: false, keyword: 'maxContains' },
    cb.max === undefined ? undefined : { value: cb.max, exclusive: false, keyword: 'maxContains' },
    false,
  );
  if (narrows || widens) emit(w, judge(side, narrows, widens), `${subject}: maxContains ${ca.max ?? 'none'} → ${cb.max ?? 'none'}`);
}

const propertyPath = (subject: string, name: string) => (/^[A-Za-z_$][\w$-]*$/.test(name) ? `${subject}.${name}` : `${subject}[${JSON.stringify(name)}]`);

type Extra = 'open' | 'closed' | 'schema';
const extraKind = (value: unknown): Extra => (value === undefined || value === true || (isObject(value) && Object.keys(value).length === 0) ? 'open' : value === false ? 'closed' : 'schema');

function compareObjects(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const propsA: Record<string, any> = isObject(a.properties) ? a.properties : {};
  const propsB: Record<string, any> = isObject(b.properties) ? b.properties : {};
  const reqA = new Set<string>(Array.isArray(a.required) ? a.required : []);
  const reqB = new Set<string>(Array.isArray(b.required) ? b.required : []);
  const hidden = side === 'request' ? 'readOnly' : 'writeOnly';
  const names = new Set([...Object.keys(propsA), ...Object.keys(propsB), ...reqA, ...reqB]);
  for (const name of names) {
    const path = propertyPath(subject, name);
    const undeclared = reqB.has(name) && !(name in propsB) ? ' (required but not declared among the properties: it must still be sent)' : '';
    const [hasA, hasB] = [name in propsA || reqA.has(name), name in propsB || reqB.has(name)];
    const hidA = hasA && w.base.flatten(propsA[name]).schema[hidden] === true;
    const hidB = hasB && w.head.flatten(propsB[name]).schema[hidden] === true;
    const [liveA, liveB] = [hasA && !hidA, hasB && !hidB];
    if (!liveA && !liveB) continue;
    if (liveA && !liveB) {
      if (hasB) emit(w, 'breaking', side === 'request' ? `${path} became readOnly: clients can no longer send it` : `${path} became writeOnly: no longer returned`);
      else if (side === 'request' && extraKind(b.additionalProperties) === 'open' && b.additionalProperties !== undefined) {
        emit(w, 'non-breaking', `property ${path} removed (still accepted as an additional property)`);
      } else if (side === 'request' && extraKind(b.additionalProperties) === 'schema') compareSchema(w, side, propsA[name], b.additionalProperties, path);
      else emit(w, 'breaking', `property ${path} removed`);
      continue;
    }
    if (!liveA && liveB) {
      if (side === 'request') {
        if (reqB.has(name)) emit(w, 'breaking', hasA ? `${path} is no longer readOnly and is required: every request must send it` : `new required property ${path}${undeclared}`);
        else emit(w, 'non-breaking', hasA ? `${path} is no longer readOnly: clients may send it` : `new optional property ${path}`);
      } else emit(w, 'non-breaking', hasA ? `${path} is no longer writeOnly: now returned` : `new property ${path}`);
      continue;
    }
    const [requiredA, requiredB] = [reqA.has(name), reqB.has(name)];
    if (requiredA !== requiredB) {
      if (side === 'request') emit(w, requiredB ? 'breaking' : 'non-breaking', `${path} became ${requiredB ? `required${undeclared}` : 'optional'}`);
      else emit(w, requiredB ? 'non-breaking' : 'breaking', requiredB ? `${path} is now always present` : `${path} may now be absent`);
    }
    compareSchema(w, side, propsA[name], propsB[name], path);
  }

  compareExtra(w, side, a.additionalProperties, b.additionalProperties, subject, 'additionalProperties');
  if (a.unevaluatedProperties !== undefined || b.unevaluatedProperties !== undefined) compareExtra(w, side, a.unevaluatedProperties, b.unevaluatedProperties, subject, 'unevaluatedProperties');
  comparePatternProperties(w, side, a, b, subject);
  if (a.propertyNames !== undefined || b.propertyNames !== undefined) {
    // A property name is a string: `type: string` on both sides keeps a bare pattern from reading as a type change.
    const names = (raw: Json) => (raw === undefined ? { type: 'string' } : { type: 'string', allOf: [raw] });
    compareSchema(w, side, names(a.propertyNames), names(b.propertyNames), `${subject}(property names)`);
  }
  compareDependencies(w, side, a, b, subject);
}

const mapOf = (value: unknown): Record<string, any> => (isObject(value) ? value : {});

type ExtraKeyword = 'additionalProperties' | 'unevaluatedProperties' | 'unevaluatedItems';

/**
 * What an object (or array) does with the members its other keywords do not
 * describe: open, closed (`false`) or held to a schema. In a response, an
 * object that may now carry more properties breaks nothing (clients ignore
 * unknown fields); map values that lose their schema, or arrays that may carry
 * more items, do.
 */
function compareExtra(w: Walk, side: Side, xa: Json, xb: Json, subject: string, keyword: ExtraKeyword): void {
  const items = keyword === 'unevaluatedItems';
  const note = keyword === 'additionalProperties' ? '' : ` (${keyword})`;
  const [ka, kb] = [extraKind(xa), extraKind(xb)];
  const what = items ? 'items' : 'properties';
  if (ka === 'schema' && kb === 'schema') {
    compareSchema(w, side, xa, xb, items ? `${subject}[…]` : `${subject}.*`);
    return;
  }
  if (ka === kb) return;
  const narrows = kb === 'closed' || (ka === 'open' && kb === 'schema');
  if (side === 'request') {
    emit(w, narrows ? 'breaking' : 'non-breaking', `${subject}: ${kb === 'closed' ? `no longer accepts additional ${what}` : kb === 'schema' ? `additional ${what} must now match a schema` : `now accepts any additional ${what}`}${note}`);
    return;
  }
  if (items) {
    emit(w, narrows ? 'non-breaking' : 'breaking', `${subject}: ${kb === 'closed' ? 'no longer carries additional items' : kb === 'schema' ? 'additional items now follow a schema' : ka === 'closed' ? 'may now carry additional items' : 'additional item values are no longer constrained'}${note}`);
    return;
  }
  const breaks = ka === 'schema' && kb === 'open';
  emit(w, breaks ? 'breaking' : 'non-breaking', `${subject}: ${kb === 'closed' ? 'no longer carries additional properties' : kb === 'schema' ? 'additional properties now follow a schema' : breaks ? 'additional property values are no longer constrained' : 'may now carry additional properties'}${note}`);
}

/**
 * patternProperties: properties whose names match a regex must match its
 * schema. A regex added or removed is judged against what those names met
 * before or after: `additionalProperties` (open, closed or a schema).
 */
function comparePatternProperties(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [ma, mb] = [mapOf(a.patternProperties), mapOf(b.patternProperties)];
  const [keysA, keysB] = [Object.keys(ma), Object.keys(mb)];
  if (keysA.length === 0 && keysB.length === 0) return;
  const at = (regex: string) => `${subject}[/${regex}/]`;
  for (const regex of keysA) if (regex in mb) compareSchema(w, side, ma[regex], mb[regex], at(regex));
  const added = keysB.filter((regex) => !(regex in ma));
  const removed = keysA.filter((regex) => !(regex in mb));
  if (added.length === 1 && removed.length === 1) {
    emit(w, 'warning', `${subject}: patternProperties /${removed[0]}/ → /${added[0]}/ (which names it still matches cannot be told; check both)`);
    compareSchema(w, side, ma[removed[0]!], mb[added[0]!], at(added[0]!));
    return;
  }
  for (const regex of added) {
    const before = extraKind(a.additionalProperties);
    if (before === 'schema') compareSchema(w, side, a.additionalProperties, mb[regex], at(regex));
    else if (before === 'closed') emit(w, 'non-breaking', `${subject}: patternProperties /${regex}/ added: properties whose names match it are now ${side === 'request' ? 'accepted' : 'possible'}`);
    else if (extraKind(mb[regex]) !== 'open') emit(w, judge(side, true, false), `${subject}: patternProperties /${regex}/ added: properties whose names match it must now match its schema`);
  }
  for (const regex of removed) {
    const after = extraKind(b.additionalProperties);
    if (after === 'schema') compareSchema(w, side, ma[regex], b.additionalProperties, at(regex));
    else if (after === 'closed') emit(w, judge(side, true, false), `${subject}: patternProperties /${regex}/ removed: properties whose names match it are ${side === 'request' ? 'refused' : 'no longer returned'}`);
    else if (extraKind(ma[regex]) !== 'open') emit(w, judge(side, false, true), `${subject}: patternProperties /${regex}/ removed: properties whose names match it are no longer constrained`);
  }
}

/** dependentRequired (a property that needs others) and dependentSchemas (a schema that applies when a property is present). */
function compareDependencies(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [ra, rb] = [mapOf(a.dependentRequired), mapOf(b.dependentRequired)];
  for (const name of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const [la, lb] = [new Set<string>(Array.isArray(ra[name]) ? ra[name] : []), new Set<string>(Array.isArray(rb[name]) ? rb[name] : [])];
    const added = [...lb].filter((other) => !la.has(other) && other !== name);
    const removed = [...la].filter((other) => !lb.has(other) && other !== name);
    if (added.length > 0) emit(w, judge(side, true, false), `${subject}: with ${name} present, ${added.join(', ')} must now be present too (dependentRequired)`);
    if (removed.length > 0) emit(w, judge(side, false, true), `${subject}: with ${name} present, ${removed.join(', ')} may now be absent (dependentRequired)`);
  }
  const [sa, sb] = [mapOf(a.dependentSchemas), mapOf(b.dependentSchemas)];
  for (const name of new Set([...Object.keys(sa), ...Object.keys(sb)])) {
    if (name in sa && name in sb) compareSchema(w, side, sa[name], sb[name], `${subject}(with ${name})`);
    else if (name in sb) {
      if (extraKind(sb[name]) !== 'open') emit(w, judge(side, true, false), `${subject}: dependentSchemas for ${name} added: objects with ${name} must now match it`);
    } else if (extraKind(sa[name]) !== 'open') emit(w, judge(side, false, true), `${subject}: dependentSchemas for ${name} removed: objects with ${name} need no longer match it`);
  }
}

/** Whether two schemas differ in meaning (any finding beyond documentation). */
function differs(w: Walk, side: Side, a: Json, b: Json): boolean {
  const scratch: Walk = { ...w, out: [], visited: new Set(w.visited) };
  compareSchema(scratch, side, a, b, '');
  return scratch.out.some((finding) => !finding.doc);
}

/**
 * if/then/else: values matching `if` must match `then`, the others `else`.
 * Added, it only refuses values (narrows); removed, it only accepts more; with
 * the same condition, `then` and `else` are compared by direction. A changed
 * condition moves values between `then` and `else`, which refuses some and
 * accepts others in a way the walk cannot bound: a warning (breaking with --strict).
 */
function compareConditional(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const active = (schema: Record<string, any>) => schema.if !== undefined && (schema.then !== undefined || schema.else !== undefined);
  const [ha, hb] = [active(a), active(b)];
  if (!ha && !hb) return;
  if (!ha) {
    emit(w, judge(side, true, false), `${subject}: if/then/else added: ${b.then !== undefined ? `values matching its condition must now match its then${b.else !== undefined ? ', the others its else' : ''}` : 'values not matching its condition must now match its else'}`);
    return;
  }
  if (!hb) {
    emit(w, judge(side, false, true), `${subject}: if/then/else removed: ${a.then !== undefined && a.else !== undefined ? 'its then and else no longer apply' : a.then !== undefined ? 'its then no longer applies' : 'its else no longer applies'}`);
    return;
  }
  if (differs(w, side, a.if, b.if)) {
    emit(w, 'warning', `${subject}: if condition changed: which values it now sends to then or else cannot be told, so neither can what is refused (review it; breaking with --strict)`);
  }
  compareSchema(w, side, a.then, b.then, `${subject}(then)`);
  compareSchema(w, side, a.else, b.else, `${subject}(else)`);
}

/** contentMediaType/contentEncoding/contentSchema: what a string carries. A media range (`image/*`) covers its types. */
function compareContentKeywords(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const essence = (type: unknown) => String(type).split(';')[0]!.trim().toLowerCase();
  const covers = (range: unknown, type: unknown) => {
    const [r, t] = [essence(range), essence(type)];
    return r === t || r === '*/*' || (r.endsWith('/*') && t.startsWith(r.slice(0, -1)));
  };
  for (const keyword of ['contentMediaType', 'contentEncoding']) {
    const [x, y] = [a[keyword], b[keyword]];
    if (same(x, y) || (keyword === 'contentEncoding' && typeof x === 'string' && typeof y === 'string' && x.toLowerCase() === y.toLowerCase())) continue;
    if (x === undefined) emit(w, judge(side, true, false), `${subject}: ${keyword} ${show(y)} added`);
    else if (y === undefined) emit(w, judge(side, false, true), `${subject}: ${keyword} ${show(x)} removed`);
    else {
      const media = keyword === 'contentMediaType';
      emit(w, judge(side, !media || !covers(y, x), !media || !covers(x, y)), `${subject}: ${keyword} ${show(x)} → ${show(y)}`);
    }
  }
  if (a.contentSchema !== undefined || b.contentSchema !== undefined) compareSchema(w, side, a.contentSchema, b.contentSchema, `${subject}(content)`);
}

// ------------------------------------------------------------- composition

const COMPOSITIONS = ['oneOf', 'anyOf'] as const;
type Composition = (typeof COMPOSITIONS)[number];

function compositionOf(schema: Record<string, any>): Composition | undefined {
  return COMPOSITIONS.find((keyword) => Array.isArray(schema[keyword]));
}

function branchName(doc: Doc, branch: Json, index: number): string {
  if (isObject(branch) && typeof branch.$ref === 'string') return branch.$ref.split('/').pop()!;
  const title = doc.flatten(branch).schema.title;
  return typeof title === 'string' ? title : `#${index + 1}`;
}

/** A branch as it applies: the composite schema's own keywords and the branch's, together. */
function withSiblings(doc: Doc, schema: Record<string, any>, branch: Json): Record<string, any> {
  const siblings = { ...schema };
  for (const keyword of [...COMPOSITIONS, 'discriminator']) delete siblings[keyword];
  return { allOf: [siblings, branch] };
}

function compareBranches(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [ca, cb] = [compositionOf(a), compositionOf(b)];
  if (!ca && !cb) return;
  if (ca && cb) {
    if (ca !== cb) {
      const narrows = cb === 'oneOf'; // a value matching two branches is refused by oneOf
      emit(w, judge(side, narrows, !narrows), `${subject}: ${ca} became ${cb}`);
    }
    const [listA, listB] = [a[ca] as Json[], b[cb] as Json[]];
    const pairedB = new Set<number>();
    const pairs: Array<[number, number]> = [];
    const pairBy = (keyOf: (doc: Doc, branch: Json) => string | undefined) => {
      listA.forEach((branch, i) => {
        if (pairs.some(([x]) => x === i)) return;
        const key = keyOf(w.base, branch);
        if (key === undefined) return;
        const j = listB.findIndex((other, index) => !pairedB.has(index) && keyOf(w.head, other) === key);
        if (j >= 0) {
          pairs.push([i, j]);
          pairedB.add(j);
        }
      });
    };
    pairBy((_, branch) => (isObject(branch) && typeof branch.$ref === 'string' ? `ref:${branch.$ref}` : undefined));
    pairBy((doc, branch) => (isObject(branch) && typeof branch.$ref !== 'string' && typeof doc.flatten(branch).schema.title === 'string' ? `title:${doc.flatten(branch).schema.title}` : undefined));
    pairBy((_, branch) => (isObject(branch) && typeof branch.$ref !== 'string' ? `json:${JSON.stringify(branch)}` : undefined));
    let restA = listA.map((_, i) => i).filter((i) => !pairs.some(([x]) => x === i));
    let restB = listB.map((_, j) => j).filter((j) => !pairedB.has(j));
    const inline = (branch: Json) => !(isObject(branch) && typeof branch.$ref === 'string');
    if (restA.length === 1 && restB.length === 1 && inline(listA[restA[0]!]) && inline(listB[restB[0]!])) {
      pairs.push([restA[0]!, restB[0]!]);
      restA = [];
      restB = [];
    }
    for (const [i, j] of pairs) compareSchema(w, side, listA[i], listB[j], `${subject}<${branchName(w.head, listB[j], j)}>`);
    const nameA = (i: number) => `<${branchName(w.base, listA[i], i)}>`;
    const nameB = (j: number) => `<${branchName(w.head, listB[j], j)}>`;
    if (side === 'request') {
      const used = new Set<number>();
      for (const i of restA) {
        const j = restB.find((candidate) => fits(trial(w, side, listA[i], listB[candidate])));
        if (j === undefined) emit(w, 'breaking', `${subject}: ${ca} branch ${nameA(i)} removed`);
        else {
          used.add(j);
          emit(w, 'non-breaking', `${subject}: ${ca} branch ${nameA(i)} replaced by ${nameB(j)}, which accepts the same`);
        }
      }
      for (const j of restB) if (!used.has(j)) emit(w, 'non-breaking', `${subject}: new ${cb} branch ${nameB(j)}`);
      // oneOf refuses a value that matches more than one branch: a branch that
      // accepts everything an old branch accepted, beside that old branch's
      // own counterpart, makes those values match twice.
      // Values that already matched two branches were already refused.
      if (cb === 'oneOf' && listB.length > listA.length) {
        for (let i = 0; i < listA.length; i++) {
          const old = withSiblings(w.base, a, listA[i]);
          const before = ca === 'oneOf' ? listA.filter((branch) => fits(trial({ ...w, head: w.base }, side, old, withSiblings(w.base, a, branch)))).length : 1;
          const matching = listB.filter((branch) => fits(trial(w, side, old, withSiblings(w.head, b, branch))));
          if (before <= 1 && matching.length >= 2) {
            emit(w, 'breaking', `${subject}: what ${ca} branch ${nameA(i)} accepted now matches ${matching.length} oneOf branches, and oneOf refuses a value more than one branch matches`);
            break;
          }
        }
      }
    } else {
      const used = new Set<number>();
      for (const j of restB) {
        const i = restA.find((candidate) => fits(trial(w, side, listA[candidate], listB[j])));
        if (i === undefined) emit(w, 'warning', `${subject}: new ${cb} branch ${nameB(j)}: clients may receive a shape they do not handle`);
        else {
          used.add(i);
          emit(w, 'non-breaking', `${subject}: ${ca} branch ${nameA(i)} replaced by ${nameB(j)}, which returns the same`);
        }
      }
      for (const i of restA) if (!used.has(i)) emit(w, 'non-breaking', `${subject}: ${ca} branch ${nameA(i)} removed`);
    }
    return;
  }
  // One side plain, the other a composition: judged by trying the branches.
  if (cb) {
    const branches = (b[cb] as Json[]).map((branch) => withSiblings(w.head, b, branch));
    const results = branches.map((branch) => trial(w, side, a, branch));
    if (side === 'request') {
      const overlap = cb === 'oneOf' ? results.filter(fits).length : 0;
      if (overlap >= 2) emit(w, 'breaking', `${subject}: became oneOf with ${overlap} branches that each accept what it accepted: oneOf refuses a value more than one branch matches`);
      else if (results.some(fits)) emit(w, 'non-breaking', `${subject}: became ${cb} (${branches.length} shapes), one of which accepts what it accepted`);
      else emit(w, 'breaking', `${subject}: became ${cb} (${branches.length} shapes), none of which accepts everything it accepted`);
    } else if (results.every(fits)) emit(w, 'non-breaking', `${subject}: became ${cb} of shapes it already returned`);
    else if (results.some(fits)) emit(w, 'warning', `${subject}: became ${cb} (${branches.length} shapes): clients may receive a shape they do not handle`);
    else emit(w, 'breaking', `${subject}: became ${cb} of shapes unlike the one it returned`);
  } else {
    const branches = (a[ca!] as Json[]).map((branch) => withSiblings(w.base, a, branch));
    const results = branches.map((branch) => trial(w, side, branch, b));
    if (side === 'request') {
      if (results.every(fits)) emit(w, 'non-breaking', `${subject}: ${ca} replaced by one schema that accepts every branch`);
      else emit(w, 'breaking', `${subject}: ${ca} replaced by one schema that refuses some of its branches`);
    } else if (results.some(fits)) emit(w, 'non-breaking', `${subject}: ${ca} replaced by one of its shapes`);
    else emit(w, 'breaking', `${subject}: ${ca} replaced by a shape it did not return`);
  }
}

const mappingTarget = (value: unknown) => String(value).split('/').pop();

function compareDiscriminator(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const [da, db] = [isObject(a.discriminator) ? a.discriminator : undefined, isObject(b.discriminator) ? b.discriminator : undefined];
  if (!da && !db) return;
  if (!da) {
    emit(w, judge(side, true, false), `${subject}: discriminator '${db!.propertyName}' added: each value must now name its variant in it`);
    return;
  }
  if (!db) {
    emit(w, judge(side, false, true), `${subject}: discriminator '${da.propertyName}' removed${side === 'response' ? ': clients can no longer tell the variant by it' : ''}`);
    return;
  }
  if (da.propertyName !== db.propertyName) emit(w, 'breaking', `${subject}: discriminator property '${da.propertyName}' → '${db.propertyName}'`);
  const [ma, mb] = [isObject(da.mapping) ? da.mapping : {}, isObject(db.mapping) ? db.mapping : {}];
  for (const value of Object.keys(ma)) {
    if (!(value in mb)) emit(w, judge(side, true, false), `${subject}: discriminator value ${show(value)} removed`);
    else if (mappingTarget(ma[value]) !== mappingTarget(mb[value])) emit(w, 'breaking', `${subject}: discriminator value ${show(value)} now means ${mappingTarget(mb[value])} (was ${mappingTarget(ma[value])})`);
  }
  for (const value of Object.keys(mb)) {
    if (!(value in ma)) {
      emit(w, judge(side, false, true, 'warning'), `${subject}: new discriminator value ${show(value)}${side === 'response' ? ': clients may receive a variant they do not handle' : ''}`);
    }
  }
}

// ------------------------------------------------------------------- walk

function compareFlat(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, subject: string): void {
  const composite = [compositionOf(a), compositionOf(b)];
  if (!composite[0] !== !composite[1]) {
    // Plain on one side, oneOf/anyOf on the other: the branches carry the meaning.
    compareBranches(w, side, a, b, subject);
    documentation(w, subject, a, b);
    return;
  }
  compareTypes(w, side, a, b, subject);
  compareValues(w, side, a, b, subject);
  comparePatterns(w, side, a, b, subject);
  compareFormat(w, side, a, b, subject);
  compareBounds(w, side, a, b, subject);
  compareArrays(w, side, a, b, subject);
  compareObjects(w, side, a, b, subject);
  compareBranches(w, side, a, b, subject);
  compareDiscriminator(w, side, a, b, subject);
  compareConditional(w, side, a, b, subject);
  compareContentKeywords(w, side, a, b, subject);
  if (a.not !== undefined || b.not !== undefined) {
    if (a.not === undefined) emit(w, judge(side, true, false), `${subject}: not added`);
    else if (b.not === undefined) emit(w, judge(side, false, true), `${subject}: not removed`);
    else compareSchema(w, flip(side), a.not, b.not, `${subject}(not)`);
  }
  if (!same(a.default, b.default)) {
    if (side === 'request' && a.default !== undefined) {
      emit(w, 'warning', `${subject}: default ${show(a.default)} → ${b.default === undefined ? 'none' : show(b.default)}: requests that omit it now behave differently`);
    } else w.out.push({ severity: 'non-breaking', description: `${subject}: default ${b.default === undefined ? 'removed' : `${show(b.default)}`}`, doc: { subject, keys: ['default'] } });
  }
  if ((a.deprecated === true) !== (b.deprecated === true)) emit(w, 'non-breaking', `${subject} ${b.deprecated === true ? 'deprecated' : 'no longer deprecated'}`);
  documentation(w, subject, a, b);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JUDGED.has(key) || DOCUMENTATION.has(key) || IGNORED.has(key) || key.startsWith('x-')) continue;
    if (!same(a[key], b[key])) emit(w, 'warning', `${subject}: ${key} changed (not judged by direction; review it)`);
  }
}
