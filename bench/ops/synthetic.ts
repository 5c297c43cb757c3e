// One synthetic service of N operations for the per-operation test-cost
// benchmark (bench/ops.ts), shaped like the real specs and written in the
// split layout: `openapi.yaml` is a table of contents whose `paths` entries
// are `$ref`s to one file per path item, grouped by resource, and each group
// keeps its schemas in `<group>/models.yaml`.
//
// A group is one resource with its whole lifecycle, ten callables:
//
//   Create<Res>              POST   /v2/{project_id}/<res>s                body with nested objects, arrays, enums, bounds
//   List<Res>s               GET    /v2/{project_id}/<res>s                x-pagination (offset, page or cursor), filters
//   Show<Res>                GET    /v2/{project_id}/<res>s/{<res>_id}     x-waiter on task resources (every other group)
//   Update<Res>              PUT    /v2/{project_id}/<res>s/{<res>_id}
//   Delete<Res>              DELETE /v2/{project_id}/<res>s/{<res>_id}
//   BatchStart/Stop<Res>s    POST   /v2/{project_id}/<res>s/action         one wire operation, x-client-methods
//   Create<Res><Sub>         POST   …/{<res>_id}/<sub>s
//   List<Res><Sub>s          GET    …/{<res>_id}/<sub>s                    x-pagination; x-waiter with identify on task resources
//   Delete<Res><Sub>         DELETE …/{<res>_id}/<sub>s/{<sub>_id}
//
// N counts callables, as the README's operation counts do (DIS's batch
// start/stop are two). The service of N operations is the first N callables
// of one endless sequence of groups, each drawn from its own seed, so the
// service at N = 30 is a prefix of the one at N = 300 and the difference
// between the two is operations, nothing else.
import { stringify } from 'yaml';
import { pascalCase as pascal } from '@huaweicloud-openapi/scripts/generate/names';
import { random } from '../scale/synthetic.ts';

export const SERVICE = 'synthetic';
export const OPERATIONS_PER_GROUP = 10;

const RESOURCES = [
  'stream', 'channel', 'template', 'bucket', 'snapshot', 'domain', 'policy', 'queue', 'asset', 'alarm',
  'tenant', 'flow', 'watermark', 'certificate', 'playlist', 'recording', 'thumbnail', 'subtitle', 'notification', 'endpoint',
  'gateway', 'listener', 'route', 'topic', 'volume', 'backup', 'image', 'instance', 'cluster', 'pipeline',
];
const SUBRESOURCES = ['job', 'rule', 'output', 'member', 'version', 'binding', 'schedule', 'event'];
const REGIONS = ['cn-north-4', 'cn-north-1', 'cn-east-3', 'cn-south-1', 'ap-southeast-1', 'ap-southeast-3'];
const REQUEST_ID = '4c2f7a1e0b9d4e3f8a6b5c4d3e2f1a0b';

const COMMON = '../../common';
const HEADERS = { 'X-Request-Id': { $ref: `${COMMON}/headers.yaml#/X-Request-Id` } };
const GATEWAY_ERROR = { $ref: `${COMMON}/responses.yaml#/GatewayError` };

type Schema = Record<string, any>;
type Scheme = 'offset' | 'page' | 'cursor';
type CursorStyle = 'names' | 'from-item' | 'next-marker';

function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|sh|ch|x)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

const camel = (name: string) => name.replace(/[-_](\w)/g, (_, letter: string) => letter.toUpperCase());
const words = (name: string) => name.replace(/_/g, ' ');

/** What a group is: its resource, sub-resource, paging schemes and whether it is a task with states. */
interface Group {
  index: number;
  resource: string;
  Resource: string;
  resources: string;
  sub: string;
  Sub: string;
  subs: string;
  /** Task resources have states: a waiter on Show<Res> and on List<Res><Sub>s. */
  task: boolean;
  listScheme: Scheme;
  subListScheme: Scheme;
  /** How a cursor list pages: items are names (DIS), or objects whose id (or a body field) is the next cursor. */
  cursorStyle: CursorStyle;
  /** The same for the sub-resource list, whose items are objects (a waiter reads them). */
  subCursorStyle: Exclude<CursorStyle, 'names'>;
  firstPage: 0 | 1;
  next: () => number;
}

function group(index: number, seed: number): Group {
  const round = Math.floor(index / RESOURCES.length);
  const resource = `${RESOURCES[index % RESOURCES.length]}${round === 0 ? '' : round + 1}`;
  const sub = SUBRESOURCES[(index * 3) % SUBRESOURCES.length]!;
  const schemes: Scheme[] = ['offset', 'page', 'cursor'];
  return {
    index,
    resource,
    Resource: pascal(resource),
    resources: plural(resource),
    sub,
    Sub: pascal(sub),
    subs: plural(sub),
    task: index % 2 === 0,
    listScheme: schemes[index % 3]!,
    subListScheme: schemes[(index + 1) % 3]!,
    // Early groups use every style: group 1's sub-resource list pages by next marker, group 2's list by names.
    cursorStyle: (['names', 'from-item', 'next-marker'] as const)[Math.floor(index / 3) % 3]!,
    subCursorStyle: (['next-marker', 'from-item'] as const)[Math.floor(index / 3) % 2]!,
    firstPage: (index % 2) as 0 | 1,
    next: random(seed * 1_000_003 + index),
  };
}

/** A valid example of a schema, every property set, following refs into the group's models. */
function exampleOf(schema: Schema, models: Record<string, Schema>, name = 'value'): unknown {
  if (schema.$ref) return exampleOf(models[String(schema.$ref).replace(/^.*#\//, '')]!, models, name);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'date-time') return '2026-03-20T08:15:30Z';
      const text = `${name.replace(/_/g, '-')}-1`;
      return text.slice(0, schema.maxLength ?? text.length).padEnd(schema.minLength ?? 0, 'x');
    }
    case 'integer':
      return Math.min(schema.maximum ?? Infinity, Math.max(schema.minimum ?? 0, 10));
    case 'number':
      return Math.min(schema.maximum ?? Infinity, Math.max(schema.minimum ?? 0, 0.5));
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => exampleOf(schema.items, models, name.replace(/s$/, '')));
    case 'object':
      return Object.fromEntries(Object.entries<Schema>(schema.properties ?? {}).map(([key, property]) => [key, exampleOf(property, models, key)]));
    default:
      throw new Error(`No example for ${JSON.stringify(schema)}`);
  }
}

/** The required properties only: the smallest valid example. */
function minimalExample(schema: Schema, models: Record<string, Schema>): Record<string, unknown> {
  const full = exampleOf(schema, models) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(full).filter(([key]) => (schema.required ?? []).includes(key)));
}

const REQUEST_FIELDS: Array<[string, Schema]> = [
  ['priority', { type: 'integer', format: 'int32', minimum: 0, maximum: 9, default: 5 }],
  ['size_bytes', { type: 'integer', format: 'int64', minimum: 0 }],
  ['ratio', { type: 'number', minimum: 0, maximum: 1 }],
  ['enabled', { type: 'boolean', default: true }],
  ['retention_hours', { type: 'integer', format: 'int32', minimum: 1, maximum: 168, default: 24 }],
  ['mode', { type: 'string', enum: ['STANDARD', 'LOW_LATENCY', 'ARCHIVE'] }],
  ['callback_url', { type: 'string', maxLength: 512 }],
  ['labels', { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 32 } }],
];
const SETTINGS_FIELDS: Array<[string, Schema]> = [
  ['format', { type: 'string', enum: ['MP4', 'HLS', 'MP3', 'FLV'], default: 'MP4' }],
  ['width', { type: 'integer', format: 'int32', minimum: 0, maximum: 4096, default: 0 }],
  ['height', { type: 'integer', format: 'int32', minimum: 0, maximum: 2880, default: 0 }],
  ['codec', { type: 'integer', format: 'int32', enum: [1, 2] }],
  ['adaptive', { type: 'boolean', default: false }],
  ['bitrate_kbps', { type: 'integer', format: 'int32', minimum: 64, maximum: 40000 }],
  ['frame_rate', { type: 'number', minimum: 1, maximum: 60 }],
];

/** Picks `count` of `items` in their order, from the group's random sequence. */
function some<T>(group: Group, items: readonly T[], min: number): T[] {
  const kept = items.filter(() => group.next() < 0.6);
  for (const item of items) if (kept.length < min && !kept.includes(item)) kept.push(item);
  return items.filter((item) => kept.includes(item));
}

/** A request field as a response carries it: its enum becomes an example, bounds and defaults go. */
function answered(schema: Schema): Schema {
  const { enum: values, minimum, maximum, default: _default, maxItems, ...rest } = schema;
  return Array.isArray(values) ? { ...rest, example: values[0] } : rest;
}

function describe(schema: Schema, text: string): Schema {
  return { ...schema, description: text };
}

/**
 * The schemas of a group, by name: request bodies closed by default, responses
 * open with their states in prose. No name is `<Resource><Sub>` for any
 * sub-resource: that is the name of a waiter, and the generator refuses a clash.
 */
function groupModels(group: Group): Record<string, Schema> {
  const { resource, Resource, Sub, sub, subs } = group;
  const ref = (name: string) => ({ $ref: `#/${name}` });
  const properties = (fields: Array<[string, Schema]>, owner: string) =>
    Object.fromEntries(fields.map(([name, schema]) => [name, describe(schema, `${words(name)[0]!.toUpperCase()}${words(name).slice(1)} of the ${owner}.`)]));
  const requestFields = some(group, REQUEST_FIELDS, 2);
  const settingsFields = some(group, SETTINGS_FIELDS, 3);
  const models: Record<string, Schema> = {};
  models[`${Resource}OutputLocation`] = {
    type: 'object',
    description: `Where the ${resource} writes its results.`,
    required: ['bucket'],
    properties: {
      bucket: describe({ type: 'string', minLength: 3, maxLength: 63 }, 'OBS bucket that receives the output.'),
      location: describe({ type: 'string', enum: ['cn-north-4', 'cn-east-3', 'ap-southeast-1'] }, 'Region of the bucket.'),
      object_prefix: describe({ type: 'string', maxLength: 1024 }, 'Prefix of the objects written.'),
    },
  };
  models[`${Resource}Settings`] = {
    type: 'object',
    description: `Processing settings of a ${resource}.`,
    properties: { ...properties(settingsFields, `${resource} settings`), output: ref(`${Resource}OutputLocation`) },
  };
  models[`${Resource}MatchRule`] = {
    type: 'object',
    description: `A rule that selects what the ${resource} applies to.`,
    required: ['key', 'operator'],
    properties: {
      key: describe({ type: 'string', minLength: 1, maxLength: 128 }, 'Attribute the rule tests.'),
      operator: describe({ type: 'string', enum: ['EQUALS', 'NOT_EQUALS', 'IN', 'PREFIX'] }, 'How the attribute is compared.'),
      values: describe({ type: 'array', maxItems: 10, items: { type: 'string', maxLength: 64 } }, 'Values to compare with.'),
    },
  };
  models[`${Resource}Tag`] = {
    type: 'object',
    description: 'A key/value tag.',
    required: ['key'],
    properties: {
      key: describe({ type: 'string', minLength: 1, maxLength: 36 }, 'Tag key.'),
      value: describe({ type: 'string', maxLength: 43 }, 'Tag value.'),
    },
  };
  models[`${Resource}CreateRequest`] = {
    type: 'object',
    description: `Body of \`Create${Resource}\`.`,
    // Most real bodies leave additionalProperties out (closed by the client's check); some close them in the spec.
    ...(group.next() < 0.3 ? { additionalProperties: false } : {}),
    required: ['name', 'type', 'settings'],
    properties: {
      name: describe({ type: 'string', minLength: 1, maxLength: 64 }, `Name of the ${resource}, unique in the project.`),
      description: describe({ type: 'string', maxLength: 256 }, `What the ${resource} is for.`),
      type: describe({ type: 'string', enum: ['COMMON', 'ADVANCED', 'CUSTOM'] }, `Kind of ${resource}.`),
      ...properties(requestFields, resource),
      settings: ref(`${Resource}Settings`),
      rules: describe({ type: 'array', maxItems: 10, items: ref(`${Resource}MatchRule`) }, 'Rules, applied in order.'),
      tags: describe({ type: 'array', maxItems: 20, items: ref(`${Resource}Tag`) }, 'Tags of the new resource.'),
    },
  };
  models[`${Resource}CreateResponse`] = {
    type: 'object',
    description: `Answer of \`Create${Resource}\`.`,
    properties: {
      id: describe({ type: 'string', example: `${resource}-0001` }, `ID of the new ${resource}.`),
      status: describe({ type: 'string', example: 'CREATING' }, 'State of the new resource (see `Show' + Resource + '`).'),
    },
  };
  models[`${Resource}UpdateRequest`] = {
    type: 'object',
    description: `Body of \`Update${Resource}\`: the properties to change.`,
    properties: {
      description: describe({ type: 'string', maxLength: 256 }, `New description of the ${resource}.`),
      ...properties(requestFields.slice(0, 2), resource),
      settings: ref(`${Resource}Settings`),
      rules: describe({ type: 'array', maxItems: 10, items: ref(`${Resource}MatchRule`) }, 'Rules replacing the current ones.'),
    },
  };
  models[`${Resource}Detail`] = {
    type: 'object',
    description: `A ${resource}.`,
    properties: {
      id: describe({ type: 'string', example: `${resource}-0001` }, `ID of the ${resource}.`),
      name: describe({ type: 'string', example: `${resource}-one` }, `Name of the ${resource}.`),
      type: describe({ type: 'string', example: 'COMMON' }, 'Kind: COMMON, ADVANCED or CUSTOM.'),
      status: describe(
        { type: 'string', example: group.task ? 'RUNNING' : 'ACTIVE' },
        group.task ? 'State: CREATING, STARTING, RUNNING, STOPPED, FAILED or DELETED. Other values may appear.' : 'State: ACTIVE or FROZEN.',
      ),
      // What the client sent, read back: values in prose, not enums (a new value must not break old clients' types).
      ...properties(requestFields.map(([name, schema]) => [name, answered(schema)]), resource),
      settings: ref(`${Resource}Settings`),
      rules: { type: 'array', description: 'Rules, applied in order.', items: ref(`${Resource}MatchRule`) },
      tags: { type: 'array', description: 'Tags.', items: ref(`${Resource}Tag`) },
      created_at: describe({ type: 'string', format: 'date-time' }, 'When it was created (UTC).'),
    },
  };
  models[`${Resource}BatchActionRequest`] = {
    type: 'object',
    description: `Body of \`Batch${Resource}Action\`: what to do to which ${group.resources}.`,
    required: ['action', `${resource}_ids`],
    properties: {
      action: describe({ type: 'string', enum: ['start', 'stop'] }, 'start or stop.'),
      [`${resource}_ids`]: describe({ type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 64 } }, `IDs of the ${group.resources}.`),
    },
  };
  models[`${Resource}${Sub}Schedule`] = {
    type: 'object',
    description: `When the ${sub} runs.`,
    required: ['cron'],
    properties: {
      cron: describe({ type: 'string', minLength: 9, maxLength: 64, example: '0 0 * * *' }, 'Cron expression (five fields).'),
      timezone: describe({ type: 'string', enum: ['UTC', 'Asia/Shanghai', 'Europe/Berlin'], default: 'UTC' }, 'Time zone of the expression.'),
    },
  };
  models[`${Resource}${Sub}CreateRequest`] = {
    type: 'object',
    description: `Body of \`Create${Resource}${Sub}\`.`,
    required: ['name', 'kind'],
    properties: {
      name: describe({ type: 'string', minLength: 1, maxLength: 64 }, `Name of the ${sub}.`),
      kind: describe({ type: 'string', enum: ['ONCE', 'RECURRING'] }, `Whether the ${sub} runs once or on a schedule.`),
      schedule: ref(`${Resource}${Sub}Schedule`),
      parameters: describe({ type: 'array', maxItems: 20, items: ref(`${Resource}Tag`) }, `Parameters handed to the ${sub}.`),
      timeout_seconds: describe({ type: 'integer', format: 'int32', minimum: 1, maximum: 86400 }, 'Longest run allowed.'),
    },
  };
  models[`${Resource}${Sub}CreateResponse`] = {
    type: 'object',
    description: `Answer of \`Create${Resource}${Sub}\`.`,
    properties: { id: describe({ type: 'string', example: `${sub}-0001` }, `ID of the new ${sub}.`) },
  };
  models[`${Resource}${Sub}Info`] = {
    type: 'object',
    description: `A ${sub} of a ${resource}.`,
    properties: {
      id: describe({ type: 'string', example: `${sub}-0001` }, `ID of the ${sub}.`),
      name: describe({ type: 'string', example: `${sub}-one` }, `Name of the ${sub}.`),
      status: describe(
        { type: 'string', example: group.task ? 'SUCCEEDED' : 'ACTIVE' },
        group.task ? 'State: WAITING, PROCESSING, SUCCEEDED, FAILED or CANCELED.' : 'State: ACTIVE or DISABLED.',
      ),
      progress: describe({ type: 'integer', format: 'int32', example: 100 }, 'Progress in percent.'),
      created_at: describe({ type: 'string', format: 'date-time' }, 'When it was created (UTC).'),
    },
  };
  models[`${Resource}List`] = listModel(group, 'top', `${Resource}Detail`, group.resources);
  models[`${Resource}${Sub}List`] = listModel(group, 'sub', `${Resource}${Sub}Info`, subs);
  return models;
}

/** The names of a list's body: where the items, the total, the "more" flag and the next cursor are. */
interface ListShape {
  scheme: Scheme;
  style: CursorStyle | null;
  items: string;
  total: string;
  hasMore?: string;
  nextCursor?: string;
}

function listShape(group: Group, level: 'top' | 'sub', items: string): ListShape {
  const scheme = level === 'top' ? group.listScheme : group.subListScheme;
  const style = scheme !== 'cursor' ? null : level === 'top' ? group.cursorStyle : group.subCursorStyle;
  if (style === 'names') return { scheme, style, items: `${group.resource}_names`, total: 'total_number', hasMore: `has_more_${group.resources}` };
  return {
    scheme,
    style,
    items,
    total: 'total',
    ...(style === 'from-item' ? { hasMore: 'has_more' } : {}),
    ...(style === 'next-marker' ? { nextCursor: 'next_marker' } : {}),
  };
}

function listModel(group: Group, level: 'top' | 'sub', item: string, items: string): Schema {
  const shape = listShape(group, level, items);
  const properties: Record<string, Schema> = {
    [shape.total]: describe({ type: 'integer', format: 'int64' }, 'Number of matching items over all pages.'),
  };
  if (shape.style === 'names') properties[shape.items] = describe({ type: 'array', items: { type: 'string' } }, 'Names on this page, in order.');
  else properties[shape.items] = describe({ type: 'array', items: { $ref: `#/${item}` } }, 'Items on this page.');
  if (shape.hasMore) properties[shape.hasMore] = describe({ type: 'boolean' }, 'Whether another page follows.');
  if (shape.nextCursor) properties[shape.nextCursor] = describe({ type: 'string' }, 'Cursor of the next page; empty on the last.');
  return { type: 'object', description: `A page of ${items}.`, properties };
}

function pagingParameters(group: Group, level: 'top' | 'sub'): { parameters: Schema[]; pagination: Schema } {
  const shape = listShape(group, level, level === 'top' ? group.resources : group.subs);
  const limit = (name: string) => ({
    name,
    in: 'query',
    required: false,
    description: 'Most items to return on one page.',
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: [100, 500, 1000][group.index % 3], default: 10 },
    example: 10,
  });
  const common = { items: shape.items, total: shape.total };
  if (shape.scheme === 'offset') {
    return {
      parameters: [
        { name: 'offset', in: 'query', required: false, description: 'Index of the first item to return.', schema: { type: 'integer', format: 'int32', minimum: 0, default: 0 }, example: 0 },
        limit('limit'),
      ],
      pagination: { scheme: 'offset', ...common, offset: 'offset', limit: 'limit' },
    };
  }
  if (shape.scheme === 'page') {
    return {
      parameters: [
        { name: 'page', in: 'query', required: false, description: `Number of the page to return, from ${group.firstPage}.`, schema: { type: 'integer', format: 'int32', minimum: group.firstPage, default: group.firstPage }, example: group.firstPage },
        limit('size'),
      ],
      pagination: { scheme: 'page', ...common, page: 'page', size: 'size', firstPage: group.firstPage },
    };
  }
  const cursor = shape.style === 'names' ? `start_${group.resource}_name` : 'marker';
  return {
    parameters: [
      { name: cursor, in: 'query', required: false, description: 'Start after this item (leave out for the first page).', schema: { type: 'string', maxLength: 128 } },
      limit('limit'),
    ],
    pagination: {
      scheme: 'cursor',
      ...common,
      cursor,
      limit: 'limit',
      ...(shape.style !== 'names' ? { cursorFrom: 'id' } : {}),
      ...(shape.hasMore ? { hasMore: shape.hasMore } : {}),
      ...(shape.nextCursor ? { nextCursor: shape.nextCursor } : {}),
    },
  };
}

function errorResponse(summary: string, code: string): Schema {
  return {
    description: summary,
    headers: HEADERS,
    content: {
      'application/json': {
        schema: { $ref: `${COMMON}/schemas.yaml#/ErrorResponse` },
        examples: { error: { summary: `${summary} (illustrative)`, value: { error_code: code, error_msg: summary, request_id: REQUEST_ID } } },
      },
    },
  };
}

function jsonResponse(description: string, schema: string, examples: Record<string, { summary: string; value: unknown }>): Schema {
  return { description, headers: HEADERS, content: { 'application/json': { schema: { $ref: `./models.yaml#/${schema}` }, examples } } };
}

function noBody(description: string): Schema {
  return { description, headers: HEADERS };
}

function jsonBody(description: string, schema: string, examples: Record<string, { summary: string; value: unknown }>): Schema {
  return { required: true, description, content: { 'application/json': { schema: { $ref: `./models.yaml#/${schema}` }, examples } } };
}

/** One wire operation of a group, with the file of its path item and how many callables it makes. */
interface PlannedOperation {
  file: string;
  path: string;
  method: 'get' | 'post' | 'put' | 'delete';
  callables: number;
  operation: Schema;
}

interface PathFile {
  path: string;
  parameters: Schema[];
}

function groupOperations(group: Group, models: Record<string, Schema>): { operations: PlannedOperation[]; files: Record<string, PathFile> } {
  const { resource, Resource, resources, sub, Sub, subs } = group;
  const code = `SYN.${String(group.index).padStart(3, '0')}`;
  const collection = `/v2/{project_id}/${resources}`;
  const item = `${collection}/{${resource}_id}`;
  const subCollection = `${item}/${subs}`;
  const subItem = `${subCollection}/{${sub}_id}`;
  const projectId = { $ref: `${COMMON}/parameters.yaml#/project_id` };
  const idParameter = (name: string, noun: string) => ({
    name: `${name}_id`,
    in: 'path',
    required: true,
    description: `ID of the ${noun}.`,
    schema: { type: 'string', minLength: 1, maxLength: 64 },
    example: `${name}-0001`,
  });
  const files: Record<string, PathFile> = {
    [resources]: { path: collection, parameters: [projectId] },
    [`${resources}-action`]: { path: `${collection}/action`, parameters: [projectId] },
    [resource]: { path: item, parameters: [projectId, idParameter(resource, resource)] },
    [`${resource}-${subs}`]: { path: subCollection, parameters: [projectId, idParameter(resource, resource)] },
    [`${resource}-${sub}`]: { path: subItem, parameters: [projectId, idParameter(resource, resource), idParameter(sub, sub)] },
  };
  const iam = (verb: string, accessLevel: string) =>
    // About one operation in five has a page that names no IAM action, as on DIS's pages.
    group.next() < 0.2
      ? { action: null, note: "Huawei Cloud's API reference lists no identity-policy action for this operation (synthetic)." }
      : { action: `${SERVICE}:${camel(resource)}:${verb}`, accessLevel };
  const base = (operationId: string, summary: string, description: string, verb: string, accessLevel: string) => ({
    operationId,
    summary,
    description: `${description}\n\nGenerated by bench/ops (synthetic group ${group.index}); not a real Huawei Cloud operation.\n`,
    tags: [pascal(resources)],
    'x-iam': iam(verb, accessLevel),
  });
  const example = (name: string) => exampleOf({ $ref: `#/${name}` }, models);
  const detail = example(`${Resource}Detail`);
  const subInfo = example(`${Resource}${Sub}Info`);
  const list = (level: 'top' | 'sub', one: unknown) => {
    const shape = listShape(group, level, level === 'top' ? resources : subs);
    const value: Record<string, unknown> = { [shape.total]: 1, [shape.items]: shape.style === 'names' ? [`${resource}-one`] : [one] };
    if (shape.hasMore) value[shape.hasMore] = false;
    if (shape.nextCursor) value[shape.nextCursor] = '';
    return value;
  };

  const topPaging = pagingParameters(group, 'top');
  const subPaging = pagingParameters(group, 'sub');
  const operations: PlannedOperation[] = [
    {
      file: resources,
      path: collection,
      method: 'post',
      callables: 1,
      operation: {
        ...base(`Create${Resource}`, `Create a ${resource}`, `Creates a ${resource} with its settings, rules and tags.`, 'create', 'Write'),
        requestBody: jsonBody(`Name, kind and settings of the new ${resource}.`, `${Resource}CreateRequest`, {
          full: { summary: 'Every field set (illustrative)', value: example(`${Resource}CreateRequest`) },
          minimal: { summary: 'Required fields only (illustrative)', value: minimalExample(models[`${Resource}CreateRequest`]!, models) },
        }),
        responses: {
          '201': jsonResponse(`The ${resource} is being created.`, `${Resource}CreateResponse`, { created: { summary: 'Created (illustrative)', value: example(`${Resource}CreateResponse`) } }),
          '400': errorResponse('A body field is out of range.', `${code}.0400`),
          '4XX': GATEWAY_ERROR,
        },
      },
    },
    {
      file: resources,
      path: collection,
      method: 'get',
      callables: 1,
      operation: {
        ...base(`List${pascal(resources)}`, `List ${resources}`, `Lists the project's ${resources}, a page at a time.`, 'list', 'List'),
        'x-pagination': topPaging.pagination,
        parameters: [
          ...topPaging.parameters,
          { name: 'status', in: 'query', required: false, description: 'Only items in this state.', schema: { type: 'string', enum: ['ACTIVE', 'FROZEN'] }, example: 'ACTIVE' },
          { name: 'name', in: 'query', required: false, description: 'Only items whose name starts with this.', schema: { type: 'string', maxLength: 64 } },
        ],
        responses: {
          '200': jsonResponse(`A page of ${resources}.`, `${Resource}List`, { page: { summary: 'One page (illustrative)', value: list('top', detail) } }),
          '4XX': GATEWAY_ERROR,
        },
      },
    },
    {
      file: resource,
      path: item,
      method: 'get',
      callables: 1,
      operation: {
        ...base(`Show${Resource}`, `Show a ${resource}`, `Returns one ${resource} with its settings and state.`, 'get', 'Read'),
        ...(group.task
          ? {
              'x-waiter': {
                name: Resource,
                resource: '',
                status: 'status',
                until: { running: { success: ['RUNNING'], failure: ['FAILED', 'DELETED'] }, stopped: { success: ['STOPPED'], failure: ['FAILED'] } },
                pending: ['CREATING', 'STARTING'],
              },
            }
          : {}),
        responses: {
          '200': jsonResponse(`The ${resource}.`, `${Resource}Detail`, { found: { summary: 'Found (illustrative)', value: detail } }),
          '404': errorResponse(`No such ${resource}.`, `${code}.0404`),
          '4XX': GATEWAY_ERROR,
        },
      },
    },
    {
      file: resource,
      path: item,
      method: 'put',
      callables: 1,
      operation: {
        ...base(`Update${Resource}`, `Update a ${resource}`, `Changes the description, settings or rules of a ${resource}.`, 'update', 'Write'),
        requestBody: jsonBody('The properties to change.', `${Resource}UpdateRequest`, {
          settings: { summary: 'New settings (illustrative)', value: example(`${Resource}UpdateRequest`) },
        }),
        responses: {
          '200': jsonResponse(`The ${resource} as changed.`, `${Resource}Detail`, { updated: { summary: 'Updated (illustrative)', value: detail } }),
          '404': errorResponse(`No such ${resource}.`, `${code}.0404`),
          '4XX': GATEWAY_ERROR,
        },
      },
    },
    {
      file: resource,
      path: item,
      method: 'delete',
      callables: 1,
      operation: {
        ...base(`Delete${Resource}`, `Delete a ${resource}`, `Deletes a ${resource} and its ${subs}.`, 'delete', 'Write'),
        parameters: [{ name: 'force', in: 'query', required: false, description: 'Delete even when in use.', schema: { type: 'boolean', default: false }, example: false }],
        responses: {
          '204': noBody('Deleted. No body.'),
          '404': errorResponse(`No such ${resource}.`, `${code}.0404`),
          '4XX': GATEWAY_ERROR,
        },
      },
    },
    {
      file: `${resources}-action`,
      path: `${collection}/action`,
      method: 'post',
      callables: 2,
      operation: {
        ...base(`Batch${Resource}Action`, `Start or stop ${resources}`, `Starts or stops several ${resources} at once.`, 'batchAction', 'Write'),
        'x-client-methods': [
          { name: `BatchStart${pascal(resources)}`, summary: `Start ${resources}`, body: { action: 'start' } },
          { name: `BatchStop${pascal(resources)}`, summary: `Stop ${resources}`, body: { action: 'stop' } },
        ],
        requestBody: jsonBody('What to do, and to which.', `${Resource}BatchActionRequest`, {
          start: { summary: `Start two ${resources} (illustrative)`, value: { action: 'start', [`${resource}_ids`]: [`${resource}-0001`, `${resource}-0002`] } },
          stop: { summary: `Stop one ${resource} (illustrative)`, value: { action: 'stop', [`${resource}_ids`]: [`${resource}-0001`] } },
        }),
        responses: {
          '204': noBody('Accepted. No body.'),
          '4XX': GATEWAY_ERROR,
        },
      },
    },
    {
      file: `${resource}-${subs}`,
      path: subCollection,
      method: 'post',
      callables: 1,
      operation: {
        ...base(`Create${Resource}${Sub}`, `Add a ${sub} to a ${resource}`, `Adds a ${sub}, run once or on a schedule.`, `create${Sub}`, 'Write'),
        requestBody: jsonBody(`The new ${sub}.`, `${Resource}${Sub}CreateRequest`, {
          recurring: { summary: `A recurring ${sub} (illustrative)`, value: { ...(example(`${Resource}${Sub}CreateRequest`) as object), kind: 'RECURRING' } },
        }),
        responses: {
          '201': jsonResponse(`The ${sub} was added.`, `${Resource}${Sub}CreateResponse`, { created: { summary: 'Created (illustrative)', value: example(`${Resource}${Sub}CreateResponse`) } }),
          '400': errorResponse(`The ${sub} is not valid.`, `${code}.0401`),
          '4XX': GATEWAY_ERROR,
        },
      },
    },
    {
      file: `${resource}-${subs}`,
      path: subCollection,
      method: 'get',
      callables: 1,
      operation: {
        ...base(`List${Resource}${pascal(subs)}`, `List the ${subs} of a ${resource}`, `Lists the ${subs} of a ${resource}, a page at a time, or the one whose \`${sub}_id\` is given.`, `list${pascal(subs)}`, 'List'),
        'x-pagination': subPaging.pagination,
        ...(group.task
          ? {
              'x-waiter': {
                name: `${Resource}${Sub}`,
                resource: `${listShape(group, 'sub', subs).items}[0]`,
                status: 'status',
                until: { succeeded: { success: ['SUCCEEDED'], failure: ['FAILED', 'CANCELED'] } },
                pending: ['WAITING', 'PROCESSING'],
                identify: [`${sub}_id`],
              },
            }
          : {}),
        parameters: [
          ...subPaging.parameters,
          { name: `${sub}_id`, in: 'query', required: false, description: `ID of one ${sub} to return; pass it when waiting on it.`, schema: { type: 'string', maxLength: 64 } },
        ],
        responses: {
          '200': jsonResponse(`A page of ${subs}.`, `${Resource}${Sub}List`, { page: { summary: 'One page (illustrative)', value: list('sub', subInfo) } }),
          '4XX': GATEWAY_ERROR,
        },
      },
    },
    {
      file: `${resource}-${sub}`,
      path: subItem,
      method: 'delete',
      callables: 1,
      operation: {
        ...base(`Delete${Resource}${Sub}`, `Delete a ${sub} of a ${resource}`, `Deletes one ${sub}.`, `delete${Sub}`, 'Write'),
        responses: {
          '204': noBody('Deleted. No body.'),
          '404': errorResponse(`No such ${sub}.`, `${code}.0405`),
          '4XX': GATEWAY_ERROR,
        },
      },
    },
  ];
  return { operations, files };
}

export interface SyntheticService {
  /** Spec files by path relative to the repository root (`specs/synthetic/openapi.yaml`, …). */
  files: Record<string, string>;
  /** Callables in the spec: N. */
  operations: number;
  /** The resource of each group, in order (`stream`, `channel`, …). */
  resources: string[];
  /** Whether the first group's `Show<Resource>` is in the spec (N ≥ 3). */
  hasFirstShow: boolean;
}

/** The spec of the synthetic service with `n` callables, for `seed`. */
export function syntheticService(n: number, seed: number): SyntheticService {
  if (!Number.isInteger(n) || n < 1) throw new Error(`The service needs a positive whole number of operations; got ${n}.`);
  const files: Record<string, string> = {};
  const paths: Record<string, { $ref: string }> = {};
  const tags: Array<{ name: string; description: string }> = [];
  const dir = `specs/${SERVICE}`;
  // Shared objects (headers, the gateway error) are written out each time, as by hand, not as YAML anchors.
  const yaml = (value: unknown) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
  let count = 0;
  const resources: string[] = [];
  for (let index = 0; count < n; index++) {
    const current = group(index, seed);
    const models = groupModels(current);
    const { operations, files: pathFiles } = groupOperations(current, models);
    const items: Record<string, Schema> = {};
    for (const planned of operations) {
      if (count === n) break;
      // A method pair does not fit in the last slot: the next single operation takes it.
      if (count + planned.callables > n) continue;
      const file = pathFiles[planned.file]!;
      items[planned.file] ??= { parameters: file.parameters };
      items[planned.file]![planned.method] = planned.operation;
      count += planned.callables;
    }
    const folder = current.resources;
    for (const [name, item] of Object.entries(items)) {
      files[`${dir}/${folder}/${name}.yaml`] = yaml(item);
      paths[pathFiles[name]!.path] = { $ref: `${folder}/${name}.yaml` };
    }
    files[`${dir}/${folder}/models.yaml`] = yaml(models);
    tags.push({ name: pascal(current.resources), description: `${pascal(current.resources)} and their ${current.subs} (synthetic).` });
    resources.push(current.resource);
  }
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Synthetic service',
      version: '1.0.0',
      summary: 'Synthetic service for the per-operation test-cost benchmark.',
      description: `Generated by bench/ops (seed ${seed}, ${n} operations in ${resources.length} groups); not a real Huawei Cloud service.`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      contact: { name: 'huaweicloud-openapi maintainers', url: `https://www.npmjs.com/package/@huaweicloud-openapi/${SERVICE}` },
    },
    servers: [
      {
        url: `https://${SERVICE}.{region}.myhuaweicloud.com`,
        description: 'Regional endpoint.',
        variables: { region: { description: 'Region the project lives in.', default: REGIONS[0], enum: REGIONS } },
      },
    ],
    security: [{ iam_token: [] }, { aksk: [] }],
    tags,
    paths,
    components: {
      securitySchemes: { iam_token: { $ref: '../common/security.yaml#/iam_token' }, aksk: { $ref: '../common/security.yaml#/aksk' } },
    },
  };
  files[`${dir}/openapi.yaml`] = yaml(document);
  return { files, operations: count, resources, hasFirstShow: n >= 3 };
}
