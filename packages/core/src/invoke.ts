import type { BareClient, CallOptions } from './client.js';
import { describeValue, InvalidInputError } from './errors.js';
import { closestName } from './names.js';
import { send, type ParseAs, type SendResult } from './request.js';
import { checkShape, expected, fail, isPlainObject, type CheckContext, type Shape } from './shape.js';
import type { TimeWindowSpec } from './time-window.js';

/** One parameter of an operation: where it goes on the wire and what it may hold. */
export interface ParameterSpec {
  readonly in: 'path' | 'query' | 'header';
  readonly shape: Shape;
  readonly required?: true;
  /** A query array as one comma-joined value (`explode: false`); by default each item is its own `name=value`. */
  readonly explode?: false;
}

/**
 * A generated operation as data: everything `invoke` needs to check a call's
 * input and build its request. Each generated function is one such constant
 * and one call; the behaviour is here, once.
 */
export interface OperationSpec {
  /** The service whose clients may send it (`live`). */
  readonly service: string;
  /** The name in messages: the operationId, or the `x-client-methods` name. */
  readonly id: string;
  readonly method: string;
  /** The path template; `{project_id}` is filled from the client. */
  readonly path: string;
  /** The parameters the caller passes, by their wire names. */
  readonly params?: Readonly<Record<string, ParameterSpec>>;
  readonly body?: BodySpec;
  /** How a 2xx body is read (default JSON). */
  readonly parseAs?: ParseAs;
  /** The time window the service accepts (`x-time-window`; query parameters), checked with the ranges (`validate: 'full'`) on the values sent. */
  readonly window?: TimeWindowSpec;
}

/** An operation's JSON body. */
export interface BodySpec {
  /** `checkBody`: referenced here, so apps whose operations have no body do not bundle it. */
  readonly check: typeof checkBody;
  /** The body's shape; `fixed` properties are checked against it too. */
  readonly shape: Shape;
  readonly required?: true;
  /** Body properties this callable sets (`x-client-methods`): the caller may not pass them. */
  readonly fixed?: Readonly<Record<string, unknown>>;
}

/**
 * What a caller may pass for a generated type: the same, with every array and
 * object readonly, so input written `as const` is accepted.
 */
export type Input<T> = T extends (infer Item)[] ? readonly Input<Item>[] : T extends object ? { readonly [K in keyof T]: Input<T[K]> } : T;

const PROJECT_ID = 'project_id';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Sends one call of a generated operation. Checks the call's input as the
 * client's `validate` option says (`full` unless set) and builds the request
 * from what was checked — a plain copy, so a getter or a later change cannot
 * send something else: path values percent-encoded in their segment (never
 * empty, `.` or `..`), query arrays as repeated keys (or comma-joined where the
 * spec says so), header parameters (authentication headers are set after them
 * and always win), and the JSON body; with `validate: 'full'`, the declared
 * time window too (`spec.window`). Every problem rejects the promise with
 * an InvalidInputError before anything is sent.
 */
export async function invoke(client: BareClient, spec: OperationSpec, input: unknown, init?: CallOptions): Promise<SendResult> {
  const { id, params = {}, body: bodySpec } = spec;
  if (client?.service !== spec.service) {
    throw new InvalidInputError('client', `${id} needs a ${spec.service} client; got ${client?.service ? `a ${client.service} client` : describeValue(client)}.`);
  }
  const mode = client.validate ?? 'full';
  const context: CheckContext = { id, full: mode === 'full', open: init?.allowUnknownProperties === true };
  const names = [...Object.keys(params), ...(bodySpec ? ['body'] : [])];
  const isRequired = (name: string) => (name === 'body' ? bodySpec?.required : params[name]?.required);
  if (!isObject(input)) {
    if (input !== undefined || names.some(isRequired)) {
      throw new InvalidInputError(id, `${id} expects a parameters object { ${names.map((name) => (isRequired(name) ? name : `${name}?`)).join(', ')} }; got ${describeValue(input)}.`);
    }
    input = {};
  }
  const given = input as Record<string, unknown>;
  if (mode !== 'off') {
    for (const key of Object.keys(given)) {
      if (names.includes(key)) continue;
      const closest = closestName(key, names);
      const hint = key === PROJECT_ID ? ' project_id comes from the client option projectId.' : closest ? ` Did you mean "${closest}"?` : '';
      throw new InvalidInputError(`${id}.${key}`, `${id} has no parameter "${key}"; its parameters are ${names.join(', ') || '(none)'}.${hint}`);
    }
  }
  const pathParams: Record<string, unknown> = spec.path.includes(`{${PROJECT_ID}}`) ? { [PROJECT_ID]: client.projectId } : {};
  const query: Record<string, unknown> = {};
  const joined: string[] = [];
  const headers: Record<string, string> = {};
  for (const name of Object.keys(params)) {
    const rule = params[name]!;
    const value = given[name];
    if (value === undefined || value === null) {
      if (rule.required && (mode !== 'off' || rule.in === 'path')) {
        fail(context, name, `is required${rule.in === 'path' ? ` (the request would go to a literal {${name}} path)` : ''}; pass { ${name}: <${expected(rule.shape)}> }.`);
      }
      continue;
    }
    const sent = mode === 'off' ? value : checkShape(rule.shape, value, name, context);
    if (sent === '' && (rule.required || rule.in === 'path')) fail(context, name, 'must not be an empty string.');
    if (rule.in === 'path') {
      if (sent === '.' || sent === '..') fail(context, name, `must not be "${sent}": a dot segment would send the request to another path.`);
      pathParams[name] = sent;
    } else if (rule.in === 'header') {
      const text = Array.isArray(sent) ? sent.join(',') : String(sent);
      if (/[\r\n\0]/.test(text)) fail(context, name, 'must not contain line breaks or NUL.');
      headers[name] = text;
    } else {
      query[name] = sent;
      if (rule.explode === false) joined.push(name);
    }
  }
  if (spec.window && context.full) spec.window.check(spec.window, id, query);
  const body = bodySpec ? bodySpec.check(bodySpec, given.body, context, mode !== 'off') : given.body;
  return send(client, { method: spec.method, path: spec.path, pathParams, query, joined, headers, body, parseAs: spec.parseAs }, init);
}

/**
 * An operation's body from the caller's: the callable's `fixed` properties
 * merged in (the caller may not pass them), then, when `checked`, the whole
 * checked against the body's shape; a required body that is missing fails.
 */
export function checkBody(spec: BodySpec, body: unknown, context: CheckContext, checked: boolean): unknown {
  const { fixed } = spec;
  if (fixed) {
    // The callable sets these properties; the caller's plain object gives the rest, checked together.
    for (const name in isObject(body) ? fixed : {}) {
      if (Object.hasOwn(body as object, name)) fail(context, `body.${name}`, `is set by ${context.id} (${JSON.stringify(fixed[name])}); leave it out.`);
    }
    body = body === undefined ? { ...fixed } : isPlainObject(body) ? { ...body, ...fixed } : body;
  }
  if (body === undefined) {
    if (spec.required) fail(context, 'body', `is required; pass { body: <${expected(spec.shape)}> }.`);
    return body;
  }
  return checked ? checkShape(spec.shape, body, 'body', context) : body;
}
