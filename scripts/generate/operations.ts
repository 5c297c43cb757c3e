// The operation model: the operations of a bundled spec, read once, as every
// generator, docs renderer and test suite needs them.
import { locate } from '../spec-source.ts';
import { resolveRef, type OpenApiDocument } from '../spec.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/** Path parameter every Huawei Cloud project-level API has; clients fill it from options. */
export const PROJECT_ID = 'project_id';

/**
 * Headers the client itself sets (authentication, signing, framing): an
 * operation may not declare them as parameters, or a caller could forge them.
 */
const RESERVED_HEADERS = new Set(['authorization', 'x-auth-token', 'x-sdk-date', 'x-project-id', 'x-security-token', 'x-sdk-content-sha256', 'host', 'content-type', 'content-length', 'transfer-encoding']);

export type ScalarType = 'string' | 'integer' | 'number' | 'boolean';

export interface OperationParameter {
  /** The wire name, and the key the caller passes it under. */
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** The JSON kind; arrays are query or header lists of `items`. */
  type: ScalarType | 'array';
  /** The kind of an array's items. */
  items?: ScalarType;
  /** Allowed values (of the parameter, or of an array's items), when the spec lists them. */
  enum?: Array<string | number>;
  /** Query arrays: repeated keys (`a=1&a=2`, `style: form, explode: true`, the default) or one comma-joined value. */
  explode: boolean;
  /** The parameter's schema as the bundle writes it (`$ref`s kept), for its shape. */
  schema: any;
  /** JSON pointer of the parameter object in the bundled document (`/paths/~1v1~1…/get/parameters/0`). */
  pointer: string;
  description: string;
  /** The parameter's example, when the spec gives one. */
  example: unknown;
}

/** The JSON request body of an operation. */
export interface OperationBody {
  required: boolean;
  /** The body's schema, resolved (its `$ref` target when it has one). */
  schema: any;
  /** The body's schema as the bundle writes it (`$ref` kept), for its shape. */
  rawSchema: any;
  /** JSON pointer of the body's schema in the bundled document. */
  pointer: string;
  /** Name of the components schema the body refers to, when it refers to one. */
  schemaName: string | null;
  /** The first example the spec gives for the body. */
  example: unknown;
  /** Every example the spec gives for the body, by name, with its summary. */
  examples: Array<{ name: string; summary: string; value: unknown }>;
}

/** What a documented response carries: a JSON object or array, other JSON, or nothing. */
export interface OperationResponse {
  status: string;
  body: 'object' | 'array' | 'json' | 'none';
}

/** `x-pagination` of a list operation (see specs/README.md). */
export interface Pagination {
  scheme: 'offset' | 'page' | 'cursor';
  items: string;
  [key: string]: string | number;
}

/** `x-waiter` of a show or list operation (see specs/README.md). */
export interface Waiter {
  name: string;
  resource: string;
  status: string;
  until: Record<string, { success: string[]; failure: string[] }>;
  pending?: string[];
  /** Parameters that pick the task (a list filtered by id): the waiter requires them even where the operation does not. */
  identify?: string[];
  /** Where the task says why it failed, inside the task: `{ code: 'error_code', message: 'description' }`. */
  error?: { code?: string; message?: string };
}

/** `x-time-window` of a statistics operation (see specs/README.md): durations in seconds. */
export interface TimeWindow {
  start: string;
  end?: string;
  maxSpan?: number;
  maxAge?: number;
  together?: true;
}

/** One entry of `x-client-methods`: a named method that fixes some body properties. */
export interface ClientMethod {
  name: string;
  summary: string;
  body: Record<string, unknown>;
}

/** A function the client gives for an operation: the operation itself, or one of its `x-client-methods`. */
export interface Callable {
  /** PascalCase: the operationId, or the x-client-methods name. */
  name: string;
  summary: string;
  operation: Operation;
  /** Body properties this callable fixes (x-client-methods), else empty. */
  fixed: Record<string, unknown>;
}

export interface Operation {
  operationId: string;
  method: Uppercase<(typeof METHODS)[number]>;
  path: string;
  summary: string;
  /** Parameters the caller passes (everything but project_id): path, then query, then header, each in spec order. */
  parameters: OperationParameter[];
  /** Whether the path has a {project_id} filled from the client options. */
  usesProjectId: boolean;
  iamAction: string | null;
  iamAccessLevel: string | null;
  body: OperationBody | null;
  responses: OperationResponse[];
  pagination: Pagination | null;
  /** The description of what a paginator yields: the items array's, or its items' (doc comments only). */
  paginationItems: string | null;
  waiter: Waiter | null;
  /** The time window the service accepts (`x-time-window`), or null. */
  timeWindow: TimeWindow | null;
  /** Named methods that replace the operation's own (`x-client-methods`); empty for most. */
  clientMethods: ClientMethod[];
  /** The functions the client gives for it: one, or one per `x-client-methods` entry. */
  callables: Callable[];
}

export interface ServerTemplate {
  url: string;
  regions: string[];
}

const LOCATION_ORDER = { path: 0, query: 1, header: 2 } as const;

/**
 * The one operation model every reader of a spec uses — the generator, the
 * docs samples, the test suites, the size measurement, SDK parity: every
 * operation of a bundled spec, in path and method order. It refuses, with the
 * file, line and column, what the clients cannot carry out faithfully rather
 * than ignore it: operation-level `servers` or `security`, cookie parameters,
 * parameters whose names clash, object parameters, headers the client sets.
 */
export function listOperations(document: OpenApiDocument, specFile: string): Operation[] {
  const operations: Operation[] = [];
  for (const [path, pathItem] of Object.entries<any>(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      /** `file:line:col: GET /path` of the operation, or of one of its keys. */
      const where = (...keys: Array<string | number>) => `${locate(document, ['paths', path, method, ...keys]) ?? specFile}: ${method.toUpperCase()} ${path}`;
      for (const key of ['servers', 'security'] as const) {
        if (operation[key] !== undefined) {
          throw new Error(`${where(key)}: operation-level ${key} is not supported: every operation of a client uses the document's ${key}. Remove it, or make the operation a service of its own.`);
        }
      }
      const merged = new Map<string, { parameter: any; at: () => string; pointer: string }>();
      for (const [level, list] of [['path', pathItem.parameters ?? []], ['operation', operation.parameters ?? []]] as const) {
        list.forEach((raw: any, index: number) => {
          const parameter = resolveRef<any>(document, raw);
          const keys = level === 'path' ? ['paths', path, 'parameters', index] : ['paths', path, method, 'parameters', index];
          const at = () => (level === 'path' ? `${locate(document, keys) ?? specFile}: ${method.toUpperCase()} ${path}` : where('parameters', index));
          const pointer = typeof raw?.$ref === 'string' ? raw.$ref.slice(1) : jsonPointer(keys);
          merged.set(`${parameter.in}:${parameter.name}`, { parameter, at, pointer });
        });
      }
      const parameters: OperationParameter[] = [];
      const seen = new Map<string, string>();
      let usesProjectId = false;
      for (const { parameter, at, pointer } of merged.values()) {
        if (parameter.in === 'path' && parameter.name === PROJECT_ID) {
          usesProjectId = true;
          continue;
        }
        const read = readParameter(document, parameter, at, pointer);
        // One flat object holds every parameter and the body, so a name may be used once
        // (case-insensitively: headers are, and `Limit` beside `limit` is a trap).
        const key = read.name.toLowerCase();
        const clash = key === 'body' ? 'the request body' : seen.get(key);
        if (clash) {
          throw new Error(`${at()}: parameter "${read.name}" (${read.in}) clashes with ${clash}: the client takes every parameter and the body in one object, by name.`);
        }
        seen.set(key, `the ${read.in} parameter "${read.name}"`);
        parameters.push(read);
      }
      parameters.sort((a, b) => LOCATION_ORDER[a.in] - LOCATION_ORDER[b.in]);
      const iam = operation['x-iam'];
      const body = readBody(document, operation, where('requestBody'), jsonPointer(['paths', path, method, 'requestBody']));
      const pagination = readPagination(operation['x-pagination'], parameters, where('x-pagination'));
      const waiter = readWaiter(operation['x-waiter'], parameters, where('x-waiter'));
      const timeWindow = readTimeWindow(operation['x-time-window'], parameters, where('x-time-window'));
      const clientMethods = readClientMethods(operation['x-client-methods'], body, where('x-client-methods'));
      const read: Operation = {
        operationId: String(operation.operationId),
        method: method.toUpperCase() as Operation['method'],
        path,
        summary: String(operation.summary ?? operation.operationId),
        parameters,
        usesProjectId,
        iamAction: typeof iam?.action === 'string' ? iam.action : null,
        iamAccessLevel: typeof iam?.accessLevel === 'string' ? iam.accessLevel : null,
        body,
        responses: readResponses(document, operation),
        pagination,
        paginationItems: pagination ? describeItems(document, operation, pagination.items) : null,
        waiter,
        timeWindow,
        clientMethods,
        callables: [],
      };
      read.callables =
        clientMethods.length === 0
          ? [{ name: read.operationId, summary: read.summary, operation: read, fixed: {} }]
          : clientMethods.map((entry) => ({ name: entry.name, summary: entry.summary, operation: read, fixed: entry.body }));
      operations.push(read);
    }
  }
  return operations;
}

/** Every callable of a spec's operations, in operation order. */
export function listCallables(operations: Operation[]): Callable[] {
  return operations.flatMap((operation) => operation.callables);
}

function scalarOf(schema: any): ScalarType | 'array' | 'null' | undefined {
  const types: unknown[] = Array.isArray(schema?.type) ? schema.type.filter((type: unknown) => type !== 'null') : [schema?.type];
  const [type] = types;
  if (types.length !== 1) return undefined;
  return SCALARS.has(type as string) || type === 'array' ? (type as ScalarType | 'array') : undefined;
}

/** `/paths/~1v1~1things/get` for `['paths', '/v1/things', 'get']`. */
export function jsonPointer(keys: ReadonlyArray<string | number>): string {
  return keys.map((key) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function readParameter(document: OpenApiDocument, parameter: any, at: () => string, pointer: string): OperationParameter {
  const name = String(parameter.name);
  if (parameter.in === 'cookie') throw new Error(`${at()}: cookie parameter "${name}" is not supported: the clients send no cookies.`);
  if (!['path', 'query', 'header'].includes(parameter.in)) throw new Error(`${at()}: parameter "${name}" has no valid location (in: ${JSON.stringify(parameter.in)}).`);
  if (parameter.in === 'header' && RESERVED_HEADERS.has(name.toLowerCase())) {
    throw new Error(`${at()}: header "${name}" is set by the client (authentication, signing or framing); it cannot be a parameter. Authentication belongs in the security schemes.`);
  }
  const schema = resolveRef<any>(document, parameter.schema ?? {});
  const type = scalarOf(schema);
  const fail = (what: string): never => {
    throw new Error(`${at()}: parameter "${name}" ${what}; the generator handles string, integer, number and boolean parameters, and arrays of them in the query or a header.`);
  };
  if (!type || type === 'null') fail(`has type ${JSON.stringify(schema.type)}`);
  let items: ScalarType | undefined;
  let values = schema.enum;
  if (type === 'array') {
    if (parameter.in === 'path') fail('is an array in the path');
    const itemSchema = resolveRef<any>(document, schema.items ?? {});
    const itemType = scalarOf(itemSchema);
    if (!itemType || itemType === 'array' || itemType === 'null') fail(`is an array of ${JSON.stringify(itemSchema.type)}`);
    items = itemType as ScalarType;
    values = itemSchema.enum;
  }
  const style = parameter.style ?? (parameter.in === 'header' || parameter.in === 'path' ? 'simple' : 'form');
  if ((parameter.in === 'query' && style !== 'form') || (parameter.in !== 'query' && style !== 'simple')) {
    fail(`has style ${style}, which the clients do not send (query: form; path and header: simple)`);
  }
  return {
    name,
    in: parameter.in,
    required: parameter.required === true,
    type: type as ScalarType | 'array',
    ...(items ? { items } : {}),
    ...(Array.isArray(values) ? { enum: values } : {}),
    explode: parameter.in === 'query' ? parameter.explode !== false : false,
    schema: parameter.schema ?? {},
    pointer,
    description: String(parameter.description ?? '').trim(),
    example: parameter.example ?? resolveRef<any>(document, Object.values<any>(parameter.examples ?? {})[0])?.value,
  };
}

/** The description the success answer gives the array at `items` (a dot path), or its items' own. */
function describeItems(document: OpenApiDocument, operation: any, items: string): string | null {
  const success = Object.entries<any>(operation.responses ?? {}).find(([status]) => /^2\d\d$/.test(status))?.[1];
  let schema = resolveRef<any>(document, resolveRef<any>(document, success)?.content?.['application/json']?.schema);
  for (const step of items.split('.')) schema = resolveRef<any>(document, schema?.properties?.[step]);
  const text = schema?.description ?? resolveRef<any>(document, schema?.items)?.description;
  return typeof text === 'string' && text.trim() ? text : null;
}

function readResponses(document: OpenApiDocument, operation: any): OperationResponse[] {
  return Object.entries<any>(operation.responses ?? {}).map(([status, raw]) => {
    const schema = resolveRef<any>(document, resolveRef<any>(document, raw)?.content?.['application/json']?.schema);
    const type = schema && (Array.isArray(schema.type) ? schema.type.find((item: string) => item !== 'null') : schema.type);
    return { status, body: !schema ? 'none' : type === 'array' ? 'array' : type === 'object' || schema.properties ? 'object' : 'json' };
  });
}

/** The spec's `servers`, each with the regions its `{region}` variable lists. */
export function listServers(document: OpenApiDocument, specFile: string): ServerTemplate[] {
  return (document.servers ?? []).map((server: any, index: number) => {
    const regions = server.variables?.region?.enum;
    if (!Array.isArray(regions) || !String(server.url).includes('{region}')) {
      throw new Error(`${locate(document, ['servers', index]) ?? specFile}: server ${server.url} needs a {region} variable with an enum of regions.`);
    }
    return { url: String(server.url), regions: regions.map(String) };
  });
}

function readBody(document: OpenApiDocument, operation: any, where: string, pointer: string): OperationBody | null {
  if (!operation.requestBody) return null;
  const requestBody = resolveRef<any>(document, operation.requestBody);
  const media = requestBody.content?.['application/json'];
  if (!media) {
    throw new Error(`${where}: the request body needs an application/json schema; the generator handles JSON bodies.`);
  }
  const ref = typeof media.schema?.$ref === 'string' ? media.schema.$ref : null;
  const schemaName = ref?.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : null;
  const firstExample =
    media.example !== undefined ? media.example : resolveRef<any>(document, Object.values<any>(media.examples ?? {})[0])?.value;
  const examples = media.example !== undefined
    ? [{ name: 'example', summary: '', value: media.example }]
    : Object.entries<any>(media.examples ?? {}).map(([name, raw]) => {
        const example = resolveRef<any>(document, raw);
        return { name, summary: String(example?.summary ?? name), value: example?.value };
      });
  return {
    required: requestBody.required === true,
    schema: resolveRef<any>(document, media.schema ?? {}),
    rawSchema: media.schema ?? {},
    pointer: `${typeof operation.requestBody.$ref === 'string' ? operation.requestBody.$ref.slice(1) : pointer}${jsonPointer(['content', 'application/json', 'schema'])}`,
    schemaName,
    example: firstExample,
    examples,
  };
}

const SCHEME_KEYS: Record<Pagination['scheme'], string[]> = {
  offset: ['offset', 'limit'],
  page: ['page', 'size'],
  cursor: ['cursor'],
};

function readPagination(raw: any, parameters: OperationParameter[], where: string): Pagination | null {
  if (raw === undefined) return null;
  const scheme = raw?.scheme as Pagination['scheme'];
  if (!SCHEME_KEYS[scheme] || typeof raw.items !== 'string') {
    throw new Error(`${where}: x-pagination needs scheme (offset, page or cursor) and items (the body property holding the page's items).`);
  }
  for (const key of [...SCHEME_KEYS[scheme], ...(scheme === 'cursor' && raw.limit ? ['limit'] : [])]) {
    const name = raw[key];
    if (!parameters.some((parameter) => parameter.in === 'query' && parameter.name === name)) {
      throw new Error(`${where}: x-pagination.${key} must name a query parameter of the operation; got ${JSON.stringify(name)}.`);
    }
  }
  return { ...raw };
}

function readWaiter(raw: any, parameters: OperationParameter[], where: string): Waiter | null {
  if (raw === undefined) return null;
  const until = raw?.until;
  const valid =
    typeof raw?.name === 'string' &&
    /^[A-Z][A-Za-z0-9]*$/.test(raw.name) &&
    typeof raw.resource === 'string' &&
    typeof raw.status === 'string' &&
    until &&
    typeof until === 'object' &&
    Object.keys(until).length > 0 &&
    Object.values<any>(until).every((target) => Array.isArray(target?.success) && target.success.length > 0 && Array.isArray(target?.failure ?? []));
  if (!valid) {
    throw new Error(`${where}: x-waiter needs name (PascalCase), resource, status and until: { <target>: { success: [...], failure: [...] } }.`);
  }
  const targets: Waiter['until'] = {};
  for (const [name, target] of Object.entries<any>(until)) {
    targets[name] = { success: target.success.map(String), failure: (target.failure ?? []).map(String) };
  }
  const identify = raw.identify ?? [];
  const names = new Set(parameters.map((parameter) => parameter.name));
  if (!Array.isArray(identify) || identify.some((name: unknown) => typeof name !== 'string' || !names.has(name))) {
    throw new Error(`${where}: x-waiter.identify must list parameters of the operation (${[...names].join(', ') || 'it has none'}); got ${JSON.stringify(raw.identify)}.`);
  }
  const error = raw.error;
  if (error !== undefined && (error === null || typeof error !== 'object' || Object.entries(error).some(([key, value]) => !['code', 'message'].includes(key) || typeof value !== 'string'))) {
    throw new Error(`${where}: x-waiter.error must be { code?, message? }: the paths, inside the task, of its error code and explanation; got ${JSON.stringify(error)}.`);
  }
  return {
    name: raw.name,
    resource: raw.resource,
    status: raw.status,
    until: targets,
    ...(raw.pending ? { pending: raw.pending.map(String) } : {}),
    ...(identify.length > 0 ? { identify: identify.map(String) } : {}),
    ...(error ? { error: { ...error } } : {}),
  };
}

const WINDOW_KEYS = ['start', 'end', 'maxSpan', 'maxAge', 'together'];

/** Seconds of an ISO-8601 duration in days, hours, minutes and seconds (`P31D`, `PT3H`, `P1DT12H`); NaN otherwise. */
export function durationSeconds(text: unknown): number {
  const match = typeof text === 'string' ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text) : null;
  if (!match || /T$/.test(text as string)) return NaN;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number];
  const total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
  return total > 0 ? total : NaN;
}

function readTimeWindow(raw: any, parameters: OperationParameter[], where: string): TimeWindow | null {
  if (raw === undefined) return null;
  const shape = 'x-time-window must be { start, end?, maxSpan?, maxAge?, together? }: the date-time query parameters that bound the range, and ISO-8601 durations in days, hours, minutes or seconds (P31D, PT3H)';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${where}: ${shape}; got ${JSON.stringify(raw)}.`);
  const unknown = Object.keys(raw).find((key) => !WINDOW_KEYS.includes(key));
  if (unknown) throw new Error(`${where}: ${shape}; got the key ${JSON.stringify(unknown)}.`);
  const names = parameters.filter((parameter) => parameter.in === 'query' && parameter.type === 'string').map((parameter) => parameter.name);
  for (const key of ['start', ...(raw.end === undefined ? [] : ['end'])]) {
    if (!names.includes(raw[key])) {
      throw new Error(`${where}: x-time-window.${key} must name a string query parameter of the operation (${names.join(', ') || 'it has none'}); got ${JSON.stringify(raw[key])}.`);
    }
  }
  if (raw.end === raw.start) throw new Error(`${where}: x-time-window.start and end name the same parameter ${JSON.stringify(raw.start)}.`);
  const window: TimeWindow = { start: raw.start, ...(raw.end === undefined ? {} : { end: raw.end }) };
  for (const key of ['maxSpan', 'maxAge'] as const) {
    if (raw[key] === undefined) continue;
    const seconds = durationSeconds(raw[key]);
    if (Number.isNaN(seconds)) throw new Error(`${where}: x-time-window.${key} must be a positive ISO-8601 duration in days, hours, minutes or seconds (P31D, PT3H); got ${JSON.stringify(raw[key])}.`);
    window[key] = seconds;
  }
  if ((window.maxSpan !== undefined || raw.together !== undefined) && window.end === undefined) {
    throw new Error(`${where}: x-time-window.${window.maxSpan !== undefined ? 'maxSpan' : 'together'} needs end: the parameter that ends the range.`);
  }
  if (raw.together !== undefined && raw.together !== true) throw new Error(`${where}: x-time-window.together must be true or absent; got ${JSON.stringify(raw.together)}.`);
  if (raw.together) window.together = true;
  if (window.maxSpan === undefined && window.maxAge === undefined && !window.together && window.end === undefined) {
    throw new Error(`${where}: x-time-window states no limit: give maxSpan, maxAge, together or an end.`);
  }
  return window;
}

function readClientMethods(raw: any, body: OperationBody | null, where: string): ClientMethod[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length === 0 || !body) {
    throw new Error(`${where}: x-client-methods must be a non-empty list, on an operation with a JSON request body.`);
  }
  return raw.map((entry: any) => {
    if (typeof entry?.name !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(entry.name) || typeof entry.body !== 'object') {
      throw new Error(`${where}: each x-client-methods entry needs a PascalCase name and the body properties it fixes.`);
    }
    for (const property of Object.keys(entry.body)) {
      if (!body.schema.properties?.[property]) {
        throw new Error(`${where}: x-client-methods ${entry.name} fixes body.${property}, which the body schema does not have.`);
      }
    }
    return { name: entry.name, summary: String(entry.summary ?? entry.name), body: entry.body };
  });
}
