// Deterministic synthetic service specs for the scale benchmark: the same seed
// gives the same bytes. Each spec looks like one of ours — servers with a
// region enum, both security schemes, tags, x-iam on every operation, path and
// query parameters with examples, JSON bodies built from component $refs, the
// shared error responses — so lint, bundling, type generation and compilation
// do the work they would do for a real service.
import { stringify } from 'yaml';
import { pascalCase as pascal } from '@huaweicloud-openapi/scripts/generate/names';

/** mulberry32: a small, well-distributed 32-bit PRNG. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['stream', 'channel', 'template', 'task', 'bucket', 'record', 'snapshot', 'domain', 'policy', 'queue', 'asset', 'job', 'rule', 'alarm', 'group', 'tenant'];
const FIELDS: Array<[string, any, unknown]> = [
  ['name', { type: 'string', maxLength: 64 }, 'example-name'],
  ['description', { type: 'string', maxLength: 256 }, 'Created by the scale benchmark.'],
  ['status', { type: 'string', enum: ['ACTIVE', 'PAUSED', 'DELETING'] }, 'ACTIVE'],
  ['created_at', { type: 'string', format: 'date-time' }, '2026-01-01T00:00:00Z'],
  ['size_bytes', { type: 'integer', format: 'int64', minimum: 0 }, 1024],
  ['enabled', { type: 'boolean' }, true],
  ['priority', { type: 'integer', minimum: 0, maximum: 9 }, 5],
  ['ratio', { type: 'number' }, 0.5],
];
const REGIONS = ['cn-north-4', 'cn-north-1', 'cn-east-3', 'cn-south-1', 'ap-southeast-1', 'ap-southeast-3'];

export const OPERATIONS_PER_SERVICE = 20;

export function serviceName(index: number): string {
  return `svc-${String(index).padStart(3, '0')}`;
}


/** The YAML text of service `index`'s spec, for `seed`. */
export function syntheticSpec(index: number, seed: number): string {
  const next = random(seed * 1_000_003 + index);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const name = serviceName(index);
  const code = `SVC${String(index).padStart(3, '0')}`;
  const resources = [...NOUNS].sort(() => next() - 0.5).slice(0, 7);
  const schemas: Record<string, any> = {};
  const paths: Record<string, any> = {};
  const errorResponse = (summary: string, errorCode: string) => ({
    description: summary,
    headers: { 'X-Request-Id': { $ref: '../common/headers.yaml#/X-Request-Id' } },
    content: {
      'application/json': {
        schema: { $ref: '../common/schemas.yaml#/ErrorResponse' },
        examples: { example: { summary, value: { error_code: errorCode, error_msg: summary, request_id: '4c2f7a1e0b9d4e3f8a6b5c4d3e2f1a0b' } } },
      },
    },
  });
  let operations = 0;
  for (const resource of resources) {
    const Resource = pascal(resource);
    const fields = [...FIELDS].sort(() => next() - 0.5).slice(0, 3 + Math.floor(next() * 5));
    const properties: Record<string, any> = { id: { type: 'string', description: `ID of the ${resource}.` } };
    const example: Record<string, unknown> = { id: `${resource}-1` };
    for (const [field, schema, value] of fields) {
      properties[field] = { ...schema, description: `The ${resource}'s ${field.replace(/_/g, ' ')}.` };
      example[field] = value;
    }
    schemas[Resource] = { type: 'object', required: ['id'], properties };
    schemas[`List${Resource}sResponse`] = {
      type: 'object',
      properties: { total: { type: 'integer' }, [`${resource}s`]: { type: 'array', items: { $ref: `#/components/schemas/${Resource}` } } },
    };
    const collection = `/v2/{project_id}/${resource}s`;
    const item = `${collection}/{${resource}_id}`;
    const common = (verb: string, level: string) => ({ tags: [Resource], 'x-iam': { action: `${name}:${resource}:${verb}`, accessLevel: level } });
    const idParameter = { name: `${resource}_id`, in: 'path', required: true, description: `ID of the ${resource}.`, schema: { type: 'string' }, example: `${resource}-1` };
    const queryFilters = fields
      .filter(([, schema]) => ['string', 'integer', 'boolean'].includes(schema.type))
      .slice(0, 3)
      .map(([field, schema, value]) => ({ name: field, in: 'query', required: false, description: `Only ${resource}s with this ${field.replace(/_/g, ' ')}.`, schema: { type: schema.type }, example: value }));
    const ops = {
      list: {
        path: collection,
        method: 'get',
        body: {
          operationId: `List${Resource}s`,
          summary: `List ${resource}s`,
          description: `Lists the ${resource}s of the project, a page at a time.`,
          ...common(`list${Resource}s`, 'List'),
          parameters: [
            { name: 'limit', in: 'query', required: false, description: 'Page size.', schema: { type: 'integer', minimum: 1, maximum: 1000 }, example: 10 },
            { name: 'offset', in: 'query', required: false, description: 'Index of the first item.', schema: { type: 'integer', minimum: 0 }, example: 0 },
            ...queryFilters,
          ],
          responses: {
            '200': {
              description: `A page of ${resource}s.`,
              content: { 'application/json': { schema: { $ref: `#/components/schemas/List${Resource}sResponse` }, examples: { page: { summary: 'One page', value: { total: 1, [`${resource}s`]: [example] } } } } },
            },
            '400': errorResponse('A query parameter is out of range.', `${code}.0001`),
            '4XX': { $ref: '../common/responses.yaml#/GatewayError' },
          },
        },
      },
      show: {
        path: item,
        method: 'get',
        body: {
          operationId: `Show${Resource}`,
          summary: `Show a ${resource}`,
          description: `Returns one ${resource}.`,
          ...common(`get${Resource}`, 'Read'),
          parameters: [idParameter],
          responses: {
            '200': { description: `The ${resource}.`, content: { 'application/json': { schema: { $ref: `#/components/schemas/${Resource}` }, examples: { found: { summary: 'Found', value: example } } } } },
            '404': errorResponse(`No such ${resource}.`, `${code}.0404`),
            '4XX': { $ref: '../common/responses.yaml#/GatewayError' },
          },
        },
      },
      delete: {
        path: item,
        method: 'delete',
        body: {
          operationId: `Delete${Resource}`,
          summary: `Delete a ${resource}`,
          description: `Deletes one ${resource}${pick([' and everything in it', ' at once', ' once it is idle'])}.`,
          ...common(`delete${Resource}`, 'Write'),
          parameters: [idParameter, { name: 'force', in: 'query', required: false, description: 'Delete even when in use.', schema: { type: 'boolean' }, example: false }],
          responses: {
            '204': { description: 'Deleted. No body.', headers: { 'X-Request-Id': { $ref: '../common/headers.yaml#/X-Request-Id' } } },
            '404': errorResponse(`No such ${resource}.`, `${code}.0404`),
            '4XX': { $ref: '../common/responses.yaml#/GatewayError' },
          },
        },
      },
    };
    for (const op of Object.values(ops)) {
      if (operations === OPERATIONS_PER_SERVICE) break;
      paths[op.path] ??= { parameters: [{ $ref: '../common/parameters.yaml#/project_id' }] };
      paths[op.path][op.method] = op.body;
      operations += 1;
    }
  }
  const document = {
    openapi: '3.1.0',
    info: {
      title: `Synthetic service ${index}`,
      version: '1.0.0',
      summary: `Synthetic service ${index} for the scale benchmark.`,
      description: `Generated by bench/scale (seed ${seed}); not a real Huawei Cloud service.`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      contact: { name: 'huaweicloud-openapi maintainers', url: 'https://www.npmjs.com/package/@huaweicloud-openapi/core' },
    },
    servers: [{ url: `https://${name}.{region}.myhuaweicloud.com`, description: 'Regional endpoint.', variables: { region: { description: 'Region.', default: REGIONS[0], enum: REGIONS } } }],
    security: [{ iam_token: [] }, { aksk: [] }],
    tags: resources.map((resource) => ({ name: pascal(resource), description: `${pascal(resource)}s of the service.` })),
    paths,
    components: {
      securitySchemes: { iam_token: { $ref: '../common/security.yaml#/iam_token' }, aksk: { $ref: '../common/security.yaml#/aksk' } },
      schemas,
    },
  };
  return stringify(document, { lineWidth: 0 });
}
