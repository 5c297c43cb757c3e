// Operations compared part by part: identity, parameters (path, query, header,
// cookie), request body, responses (status codes, headers, media types),
// callbacks and the `x-` extensions the generator reads. Operations are matched
// by method and path template (parameter names aside), so operationIds are not
// needed; webhooks by name and method. In a webhook or callback the API calls
// the client, so the sides flip: its request body is what the client receives.
import { Doc, isObject, type Json } from './documents.ts';
import { compareRoot, documentation, flip, type Finding, type Side, type Walk } from './schema.ts';
import { compareSecurity, effectiveSecurity } from './security.ts';
import { compareServers } from './servers.ts';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface OperationRef {
  /** Matching key: `GET /v1/{}/tasks` or `webhook newPet POST`. */
  key: string;
  kind: 'path' | 'webhook';
  method: string;
  /** The path as written, or the webhook's name. */
  path: string;
  item: Record<string, any>;
  operation: Record<string, any>;
  label: string;
}

const template = (path: string) => path.replace(/\{[^}]*\}/g, '{}');

export function labelOf(kind: 'path' | 'webhook', method: string, path: string, operation: Record<string, any>): string {
  const where = kind === 'path' ? `${method} ${path}` : `webhook ${path}, ${method}`;
  const id = typeof operation?.operationId === 'string' && operation.operationId ? operation.operationId : undefined;
  if (id) return `${id} (${where})`;
  return kind === 'path' ? where : `webhook ${path} (${method})`;
}

/** Every operation of the document, under `paths` and `webhooks`. */
export function operationsOf(doc: Doc): OperationRef[] {
  const found: OperationRef[] = [];
  for (const [kind, map] of [
    ['path', doc.root?.paths],
    ['webhook', doc.root?.webhooks],
  ] as const) {
    if (!isObject(map)) continue;
    for (const [path, raw] of Object.entries(map)) {
      const item = doc.resolve(raw);
      if (!isObject(item)) continue;
      for (const method of METHODS) {
        const operation = item[method];
        if (!isObject(operation)) continue;
        const upper = method.toUpperCase();
        found.push({
          key: kind === 'path' ? `${upper} ${template(path)}` : `webhook ${path} ${upper}`,
          kind,
          method: upper,
          path,
          item,
          operation,
          label: labelOf(kind, upper, path, operation),
        });
      }
    }
  }
  return found;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const emit = (w: Walk, severity: Finding['severity'], description: string) => w.out.push({ severity, description });

// ------------------------------------------------------------- deprecation

/**
 * The sunset of a deprecated operation or parameter: `x-sunset`, a date
 * (`2027-06-30`) or an RFC 3339 date-time, after which it may go (the
 * `Sunset` HTTP header's meaning, RFC 8594). `undefined` when absent or not a date.
 */
export function sunsetOf(node: Record<string, any> | undefined): number | undefined {
  const value = node?.['x-sunset'];
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string') return undefined;
  const parts = /^(\d{4})-(\d{2})-(\d{2})([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$/.exec(value.trim());
  if (!parts) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const time = parts[4] ? Date.parse(value.trim().replace(' ', 'T')) : date.getTime();
  return Number.isNaN(time) ? undefined : time;
}

const showSunset = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * How an operation or parameter that goes is described: removal always breaks
 * the generated client (its method or argument goes), so it is always
 * breaking; the finding says whether it went before its announced sunset.
 */
export function removal(w: Walk, what: string, node: Record<string, any>): string {
  const sunset = sunsetOf(node);
  const today = w.today ?? Date.now();
  if (sunset !== undefined && sunset > today) return `${what} removed before its announced sunset (${showSunset(node['x-sunset'])})`;
  if (sunset !== undefined) return `${what} removed after its sunset (${showSunset(node['x-sunset'])}); the generated client still loses it`;
  if (node['x-sunset'] !== undefined) return `${what} removed (its sunset ${showSunset(node['x-sunset'])} is not a date)`;
  return node.deprecated === true ? `${what} removed (deprecated, no sunset announced)` : `${what} removed`;
}

/**
 * A sunset that goes while the deprecation stays, becomes invalid or moves
 * earlier is a warning: callers planned on the date they were given.
 */
export function compareSunset(w: Walk, subject: string, a: Record<string, any>, b: Record<string, any>): void {
  const [ra, rb] = [a['x-sunset'], b['x-sunset']];
  if (same(ra, rb)) return;
  const prefix = subject ? `${subject}: ` : '';
  const [da, db] = [sunsetOf(a), sunsetOf(b)];
  if (ra === undefined) {
    if (db === undefined) emit(w, 'warning', `${prefix}sunset ${JSON.stringify(rb)} announced, but it is not a date (x-sunset)`);
    else emit(w, 'non-breaking', `${prefix}sunset ${showSunset(rb)} announced (x-sunset)`);
  } else if (rb === undefined) {
    if (b.deprecated === true) emit(w, 'warning', `${prefix}sunset date ${showSunset(ra)} removed while still deprecated (x-sunset): callers no longer know when it goes`);
    else emit(w, 'non-breaking', `${prefix}sunset date ${showSunset(ra)} removed with the deprecation (x-sunset)`);
  } else if (db === undefined) {
    emit(w, 'warning', `${prefix}sunset ${showSunset(ra)} → ${JSON.stringify(rb)}, which is not a date (x-sunset)`);
  } else if (da === undefined || db > da) {
    emit(w, 'non-breaking', `${prefix}sunset ${showSunset(ra)} → ${showSunset(rb)} (x-sunset)`);
  } else if (db < da) {
    emit(w, 'warning', `${prefix}sunset moved earlier, ${showSunset(ra)} → ${showSunset(rb)} (x-sunset): callers planned on the later date`);
  } else w.out.push({ severity: 'non-breaking', description: `${prefix}sunset spelled ${showSunset(rb)} (x-sunset)`, doc: { subject, keys: ['x-sunset'] } });
}

/** A node without its `x-sunset` (judged by compareSunset, not as documentation). */
const withoutSunset = (node: Record<string, any>) => {
  const { ['x-sunset']: _sunset, ...rest } = node;
  return rest;
};

// -------------------------------------------------------------- parameters

interface Parameter {
  name: string;
  in: string;
  node: Record<string, any>;
}

const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

function parametersOf(doc: Doc, item: Record<string, any>, operation: Record<string, any>): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  for (const list of [item.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const node = doc.resolve(raw);
      if (!isObject(node) || typeof node.name !== 'string' || typeof node.in !== 'string') continue;
      if (node.in === 'header' && IGNORED_HEADERS.has(node.name.toLowerCase())) continue;
      out.set(`${node.in}:${node.in === 'header' ? node.name.toLowerCase() : node.name}`, { name: node.name, in: node.in, node });
    }
  }
  return out;
}

function parameterSchema(node: Record<string, any>): Json {
  if (node.schema !== undefined) return node.schema;
  if (isObject(node.content)) return (Object.values(node.content)[0] as any)?.schema;
  return undefined;
}

const styleOf = (p: Parameter) => p.node.style ?? (p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple');
const explodeOf = (p: Parameter) => (typeof p.node.explode === 'boolean' ? p.node.explode : styleOf(p) === 'form');
const pathIndex = (path: string, name: string) => path.split('/').findIndex((segment) => segment.includes(`{${name}}`));

function compareParameters(w: Walk, side: Side, a: OperationRef, b: OperationRef): void {
  const [pa, pb] = [parametersOf(w.base, a.item, a.operation), parametersOf(w.head, b.item, b.operation)];
  const removed = [...pa.keys()].filter((key) => !pb.has(key));
  const added = [...pb.keys()].filter((key) => !pa.has(key));
  const done = new Set<string>();
  const subjectOf = (p: Parameter) => `${p.in} parameter '${p.name}'`;
  for (const key of removed) {
    const gone = pa.get(key)!;
    const twin = added.find((other) => !done.has(other) && pb.get(other)!.name.toLowerCase() === gone.name.toLowerCase());
    if (twin) {
      done.add(key).add(twin);
      emit(w, 'breaking', `parameter '${gone.name}' moved from ${gone.in} to ${pb.get(twin)!.in}`);
    }
  }
  // A path parameter renamed in place: same position in the path template.
  for (const key of removed) {
    const gone = pa.get(key)!;
    if (done.has(key) || gone.in !== 'path') continue;
    const at = pathIndex(a.path, gone.name);
    const twin = added.find((other) => !done.has(other) && pb.get(other)!.in === 'path' && at >= 0 && pathIndex(b.path, pb.get(other)!.name) === at);
    if (twin) {
      done.add(key).add(twin);
      const now = pb.get(twin)!;
      emit(w, 'breaking', `path parameter '${gone.name}' renamed to '${now.name}' (the client's argument is renamed)`);
      compareParameter(w, side, gone, now, subjectOf(now));
    }
  }
  for (const key of removed) {
    if (done.has(key)) continue;
    emit(w, 'breaking', removal(w, subjectOf(pa.get(key)!), pa.get(key)!.node));
  }
  for (const key of added) {
    if (done.has(key)) continue;
    const p = pb.get(key)!;
    const required = p.node.required === true || p.in === 'path';
    if (side === 'request') emit(w, required ? 'breaking' : 'non-breaking', `new ${required ? 'required' : 'optional'} ${subjectOf(p)}`);
    else emit(w, 'non-breaking', `new ${subjectOf(p)}`);
  }
  for (const [key, before] of pa) {
    const after = pb.get(key);
    if (after) compareParameter(w, side, before, after, subjectOf(after));
  }
}

function compareParameter(w: Walk, side: Side, a: Parameter, b: Parameter, subject: string): void {
  const [ra, rb] = [a.node.required === true || a.in === 'path', b.node.required === true || b.in === 'path'];
  if (ra !== rb) {
    if (side === 'request') emit(w, rb ? 'breaking' : 'non-breaking', `${subject} became ${rb ? 'required' : 'optional'}`);
    else emit(w, rb ? 'non-breaking' : 'breaking', rb ? `${subject} is now always sent` : `${subject} may now be absent`);
  }
  if (styleOf(a) !== styleOf(b) || explodeOf(a) !== explodeOf(b)) {
    emit(w, 'breaking', `${subject}: serialization changed (style ${styleOf(a)}${explodeOf(a) ? ', explode' : ''} → ${styleOf(b)}${explodeOf(b) ? ', explode' : ''})`);
  }
  const [ea, eb] = [a.node.allowEmptyValue === true, b.node.allowEmptyValue === true];
  if (ea !== eb) emit(w, side === 'request' ? (eb ? 'non-breaking' : 'breaking') : eb ? 'breaking' : 'non-breaking', `${subject}: empty value ${eb ? 'now allowed' : 'no longer allowed'}`);
  if ((a.node.allowReserved === true) !== (b.node.allowReserved === true)) emit(w, 'warning', `${subject}: allowReserved ${b.node.allowReserved === true ? 'added' : 'removed'} (reserved characters are encoded differently)`);
  const [ma, mb] = [isObject(a.node.content) ? Object.keys(a.node.content) : [], isObject(b.node.content) ? Object.keys(b.node.content) : []];
  if (!same(ma, mb)) emit(w, 'breaking', `${subject}: serialized as ${mb.join(', ') || 'a plain value'} (was ${ma.join(', ') || 'a plain value'})`);
  if ((a.node.deprecated === true) !== (b.node.deprecated === true)) emit(w, 'non-breaking', `${subject} ${b.node.deprecated === true ? 'deprecated' : 'no longer deprecated'}`);
  compareSunset(w, subject, a.node, b.node);
  compareRoot(w, side, parameterSchema(a.node), parameterSchema(b.node), subject);
  documentation(w, subject, withoutSunset(a.node), withoutSunset(b.node), ['description', 'example', 'examples']);
}

// ------------------------------------------------------------ media types

const essence = (type: string) => type.split(';')[0]!.trim().toLowerCase();

function matchMedia(type: string, candidates: string[], wildcards: boolean): string | undefined {
  if (candidates.includes(type)) return type;
  const found = candidates.find((candidate) => essence(candidate) === essence(type));
  if (found || !wildcards) return found;
  const [major] = essence(type).split('/');
  return candidates.find((candidate) => essence(candidate) === `${major}/*`) ?? candidates.find((candidate) => essence(candidate) === '*/*');
}

/** Bodies per media type. `side` is the side of the schemas; `where` names the body in messages. */
function compareContent(w: Walk, side: Side, a: Json, b: Json, subject: string, where: string): void {
  const [ca, cb] = [isObject(a) ? a : {}, isObject(b) ? b : {}];
  const [ta, tb] = [Object.keys(ca), Object.keys(cb)];
  const matched = new Set<string>();
  for (const type of ta) {
    const twin = matchMedia(type, tb, side === 'request');
    if (twin === undefined) {
      if (side === 'request') emit(w, 'breaking', `${where} no longer accepts ${type}`);
      else emit(w, 'breaking', `${where} no longer returns ${type}`);
      continue;
    }
    matched.add(twin);
    compareRoot(w, side, ca[type]?.schema, cb[twin]?.schema, subject);
    documentation(w, subject, ca[type] ?? {}, cb[twin] ?? {}, ['example', 'examples']);
    if (!same(ca[type]?.encoding, cb[twin]?.encoding)) emit(w, 'warning', `${where} (${type}): encoding changed (parts are serialized differently)`);
  }
  for (const type of tb) {
    if (!matched.has(type) && !ta.some((old) => matchMedia(old, [type], side === 'request'))) {
      emit(w, 'non-breaking', `${where} now also ${side === 'request' ? 'accepts' : 'returns'} ${type}`);
    }
  }
}

function compareRequestBody(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>): void {
  const [ba, bb] = [w.base.resolve(a.requestBody), w.head.resolve(b.requestBody)];
  if (!isObject(ba) && !isObject(bb)) return;
  const sends = side === 'request';
  if (!isObject(ba)) {
    const required = bb.required === true;
    if (sends) emit(w, required ? 'breaking' : 'non-breaking', `new ${required ? 'required' : 'optional'} request body`);
    else emit(w, 'non-breaking', 'new request body (the API now sends a body)');
    return;
  }
  if (!isObject(bb)) {
    emit(w, 'breaking', sends ? 'request body removed' : 'request body removed (the API no longer sends one)');
    return;
  }
  const [ra, rb] = [ba.required === true, bb.required === true];
  if (ra !== rb) {
    if (sends) emit(w, rb ? 'breaking' : 'non-breaking', `request body became ${rb ? 'required' : 'optional'}`);
    else emit(w, rb ? 'non-breaking' : 'breaking', rb ? 'request body is now always sent' : 'request body may now be absent');
  }
  compareContent(w, side, ba.content, bb.content, 'body', 'request body');
  documentation(w, 'request body', ba, bb, ['description']);
}

// --------------------------------------------------------------- responses

const normalizeCode = (code: string) => (code.toLowerCase() === 'default' ? 'default' : code.toUpperCase());
const isSuccess = (code: string) => /^2/.test(code);

function responsesOf(doc: Doc, operation: Record<string, any>): Map<string, Record<string, any>> | undefined {
  if (!isObject(operation.responses)) return undefined;
  const out = new Map<string, Record<string, any>>();
  for (const [code, raw] of Object.entries(operation.responses)) {
    const node = doc.resolve(raw);
    if (isObject(node)) out.set(normalizeCode(code), node);
  }
  return out;
}

function rangeOf(code: string, codes: Iterable<string>): string | undefined {
  const range = `${code[0]}XX`;
  return /^\d{3}$/.test(code) && [...codes].includes(range) ? range : undefined;
}

function compareResponses(w: Walk, side: Side, a: Record<string, any>, b: Record<string, any>, api: boolean): void {
  const [ra, rb] = [responsesOf(w.base, a), responsesOf(w.head, b)];
  if (!ra && !rb) return;
  if (!ra) {
    emit(w, 'non-breaking', `responses now documented (${[...rb!.keys()].join(', ')})`);
    return;
  }
  const after = rb ?? new Map<string, Record<string, any>>();
  for (const [code, before] of ra) {
    const twinCode = after.has(code) ? code : rangeOf(code, after.keys());
    if (twinCode) {
      if (twinCode !== code) emit(w, 'non-breaking', `response ${code} now documented as ${twinCode}`);
      compareResponse(w, side, code, before, after.get(twinCode)!, api);
    } else if (!api) emit(w, 'warning', `response ${code} removed (the API no longer documents it as an answer)`);
    else if (isSuccess(code)) emit(w, 'breaking', `success response ${code} removed`);
    else emit(w, 'warning', `response ${code} removed (no longer documented; clients that handle it by status may not compile)`);
  }
  for (const code of after.keys()) {
    if (ra.has(code) || [...ra.keys()].some((old) => rangeOf(old, [code]) === code)) continue;
    if (api && isSuccess(code)) {
      const known = [...ra.keys()].filter(isSuccess);
      emit(w, known.length > 0 ? 'warning' : 'non-breaking', `new success response ${code}${known.length > 0 ? `: clients that expect ${known.join(', ')} may not handle it` : ''}`);
    } else emit(w, 'non-breaking', `new response ${code}`);
  }
}

function headersOf(doc: Doc, response: Record<string, any>): Map<string, { name: string; node: Record<string, any> }> {
  const out = new Map<string, { name: string; node: Record<string, any> }>();
  if (!isObject(response.headers)) return out;
  for (const [name, raw] of Object.entries(response.headers)) {
    const node = doc.resolve(raw);
    if (isObject(node) && name.toLowerCase() !== 'content-type') out.set(name.toLowerCase(), { name, node });
  }
  return out;
}

function compareResponse(w: Walk, side: Side, code: string, a: Record<string, any>, b: Record<string, any>, api: boolean): void {
  const receives = side === 'response';
  const success = api && isSuccess(code);
  const [ha, hb] = [headersOf(w.base, a), headersOf(w.head, b)];
  for (const [key, before] of ha) {
    const after = hb.get(key);
    const subject = `response ${code} header '${(after ?? before).name}'`;
    if (!after) {
      if (!receives) emit(w, 'non-breaking', `${subject} removed`);
      else if (before.node.required === true) emit(w, 'breaking', `required ${subject} removed`);
      else emit(w, 'warning', `optional ${subject} removed (clients that read it get nothing)`);
      continue;
    }
    const [qa, qb] = [before.node.required === true, after.node.required === true];
    if (qa !== qb) {
      if (receives) emit(w, qb ? 'non-breaking' : 'breaking', qb ? `${subject} is now always sent` : `${subject} may now be absent`);
      else emit(w, qb ? 'breaking' : 'non-breaking', `${subject} became ${qb ? 'required' : 'optional'}`);
    }
    if ((before.node.deprecated === true) !== (after.node.deprecated === true)) emit(w, 'non-breaking', `${subject} ${after.node.deprecated === true ? 'deprecated' : 'no longer deprecated'}`);
    compareRoot(w, side, parameterSchema(before.node), parameterSchema(after.node), subject);
    documentation(w, subject, before.node, after.node, ['description', 'example', 'examples']);
  }
  for (const [key, after] of hb) {
    if (ha.has(key)) continue;
    const subject = `response ${code} header '${after.name}'`;
    if (!receives && after.node.required === true) emit(w, 'breaking', `new required ${subject}`);
    else emit(w, 'non-breaking', `new ${subject}`);
  }
  const [ca, cb] = [isObject(a.content) && Object.keys(a.content).length > 0, isObject(b.content) && Object.keys(b.content).length > 0];
  if (ca && !cb) {
    if (!receives) emit(w, 'non-breaking', `response ${code} no longer needs a body`);
    else emit(w, 'breaking', `${success ? 'success ' : ''}response ${code} lost its ${Object.keys(a.content).join(', ')} body`);
  } else if (!ca && cb) {
    emit(w, receives ? 'non-breaking' : 'breaking', `response ${code} now ${receives ? 'has' : 'needs'} a body (${Object.keys(b.content).join(', ')})`);
  } else if (ca && cb) compareContent(w, side, a.content, b.content, `response ${code} body`, `response ${code}`);
  documentation(w, `response ${code}`, a, b, ['description', 'links']);
}

// -------------------------------------------------------------- extensions

function compareExtensions(w: Walk, a: Record<string, any>, b: Record<string, any>): void {
  const methods = (operation: Record<string, any>) =>
    new Map<string, unknown>((Array.isArray(operation['x-client-methods']) ? operation['x-client-methods'] : []).filter(isObject).map((entry: any) => [String(entry.name), entry]));
  const [ma, mb] = [methods(a), methods(b)];
  for (const [name, entry] of ma) {
    if (!mb.has(name)) emit(w, 'breaking', `client method ${name} removed (x-client-methods)`);
    else if (!same((entry as any).body, (mb.get(name) as any).body)) emit(w, 'breaking', `client method ${name} now fixes a different body (x-client-methods)`);
  }
  for (const name of mb.keys()) if (!ma.has(name)) emit(w, 'non-breaking', `new client method ${name} (x-client-methods)`);
  if (!same(a['x-pagination'], b['x-pagination'])) {
    if (a['x-pagination'] === undefined) emit(w, 'non-breaking', 'new paginator (x-pagination)');
    else if (b['x-pagination'] === undefined) emit(w, 'breaking', 'paginator removed (x-pagination)');
    else emit(w, 'warning', 'paging changed (x-pagination): the paginator reads other parameters or fields');
  }
  const [wa, wb] = [a['x-waiter'], b['x-waiter']];
  if (!same(wa, wb)) {
    if (wa === undefined) emit(w, 'non-breaking', `new waiter${wb?.name ? ` waitFor${wb.name}` : ''} (x-waiter)`);
    else if (wb === undefined || wa?.name !== wb?.name) emit(w, 'breaking', `waiter${wa?.name ? ` waitFor${wa.name}` : ''} ${wb === undefined ? 'removed' : `renamed to waitFor${wb.name}`} (x-waiter)`);
    else {
      const [ua, ub] = [Object.keys(wa?.until ?? {}), Object.keys(wb?.until ?? {})];
      const lost = ua.filter((target) => !ub.includes(target));
      if (lost.length > 0) emit(w, 'breaking', `waiter waitFor${wb.name} no longer offers until: ${lost.join(', ')} (x-waiter)`);
      else emit(w, 'warning', `waiter waitFor${wb.name} changed (x-waiter): it polls other fields or states`);
    }
  }
  const [ia, ib] = [a['x-iam']?.action, b['x-iam']?.action];
  if (!same(ia, ib) && ia !== undefined) emit(w, 'warning', `IAM action ${JSON.stringify(ia)} → ${JSON.stringify(ib ?? null)}: callers' permission policies may need updating`);
}

const JUDGED_EXTENSIONS = ['x-client-methods', 'x-pagination', 'x-waiter'];

// --------------------------------------------------------------- operation

export interface Pair {
  base: OperationRef;
  head: OperationRef;
}

/** Everything about one operation present on both sides. Callbacks are reported under their own labels. */
export function compareOperation(w: Walk, pair: Pair, report: (label: string, findings: Finding[]) => void): void {
  const { base: a, head: b } = pair;
  const api = a.kind === 'path';
  const input: Side = api ? 'request' : 'response';
  const [oa, ob] = [a.operation, b.operation];
  const [ida, idb] = [oa.operationId, ob.operationId];
  if (ida !== idb) {
    if (ida === undefined) emit(w, 'non-breaking', `operationId ${JSON.stringify(idb)} added`);
    else if (idb === undefined) emit(w, 'breaking', `operationId ${JSON.stringify(ida)} removed (the client method loses its name)`);
    else emit(w, 'breaking', `operationId renamed ${JSON.stringify(ida)} → ${JSON.stringify(idb)} (the client method is renamed)`);
  }
  if ((oa.deprecated === true) !== (ob.deprecated === true)) emit(w, 'non-breaking', ob.deprecated === true ? 'operation deprecated' : 'operation no longer deprecated');
  compareSunset(w, '', oa, ob);
  compareExtensions(w, oa, ob);
  const docKeys = ['summary', 'description', 'tags', 'externalDocs'];
  const strip = (operation: Record<string, any>) => Object.fromEntries(Object.entries(operation).filter(([key]) => !JUDGED_EXTENSIONS.includes(key) && key !== 'x-iam' && key !== 'x-sunset'));
  documentation(w, '', strip(oa), strip(ob), docKeys);
  if (!same(oa['x-iam'], ob['x-iam']) && same(oa['x-iam']?.action, ob['x-iam']?.action)) w.out.push({ severity: 'non-breaking', description: 'documentation changed (x-iam)', doc: { subject: '', keys: ['x-iam'] } });
  compareParameters(w, input, a, b);
  compareRequestBody(w, input, oa, ob);
  compareResponses(w, flip(input), oa, ob, api);

  // Servers and security declared on the operation or its path item (the
  // document's own are compared once, for all operations).
  const serversOf = (doc: Doc, ref: OperationRef) => ref.operation.servers ?? ref.item.servers ?? doc.root?.servers;
  if (oa.servers !== undefined || ob.servers !== undefined || a.item.servers !== undefined || b.item.servers !== undefined) {
    for (const finding of compareServers(serversOf(w.base, a), serversOf(w.head, b))) w.out.push(finding);
  }
  if (oa.security !== undefined || ob.security !== undefined) {
    for (const finding of compareSecurity(effectiveSecurity(w.base.root, oa), effectiveSecurity(w.head.root, ob))) w.out.push(finding);
  }

  const callbacks = (doc: Doc, operation: Record<string, any>) => {
    const out = new Map<string, { item: Record<string, any>; name: string; expression: string }>();
    if (!isObject(operation.callbacks)) return out;
    for (const [name, raw] of Object.entries(operation.callbacks)) {
      const callback = doc.resolve(raw);
      if (!isObject(callback)) continue;
      for (const [expression, rawItem] of Object.entries(callback)) {
        const item = doc.resolve(rawItem);
        if (isObject(item)) out.set(`${name} ${expression}`, { item, name, expression });
      }
    }
    return out;
  };
  const [cba, cbb] = [callbacks(w.base, oa), callbacks(w.head, ob)];
  for (const [key, before] of cba) {
    const after = cbb.get(key);
    for (const method of METHODS) {
      const [x, y] = [before.item[method], after?.item[method]];
      if (!isObject(x) && !isObject(y)) continue;
      const label = `${b.label} callback ${before.name} (${method.toUpperCase()} ${before.expression})`;
      if (!isObject(y)) report(label, [{ severity: 'breaking', description: 'callback removed (the API no longer calls it)' }]);
      else if (!isObject(x)) report(label, [{ severity: 'non-breaking', description: 'new callback' }]);
      else {
        const inner: Walk = { ...w, out: [] };
        const ref = (item: Record<string, any>, operation: Record<string, any>): OperationRef => ({ key, kind: 'webhook', method: method.toUpperCase(), path: before.expression, item, operation, label });
        compareOperation(inner, { base: ref(before.item, x), head: ref(after!.item, y) }, report);
        report(label, inner.out);
      }
    }
  }
  for (const [key, after] of cbb) {
    if (cba.has(key)) continue;
    for (const method of METHODS) {
      if (isObject(after.item[method])) report(`${b.label} callback ${after.name} (${method.toUpperCase()} ${after.expression})`, [{ severity: 'non-breaking', description: 'new callback' }]);
    }
  }
}
