// The operation model every reader of a spec uses: what it reads (header and
// array parameters, callables, response kinds) and what it refuses, naming the
// file, line and column, instead of ignoring it.
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { listCallables, listOperations } from '../generate/operations.ts';
import { renderClientFiles } from '../generate/render-client.ts';
import { createDemoService, type DemoService } from './fixtures/demo-service.ts';

const demos: DemoService[] = [];
afterAll(() => Promise.all(demos.map((demo) => demo.remove())));

/** Bundles a one-path service whose path item is `things/things.yaml`, so that errors name that file. */
async function load(operation: Record<string, unknown>, pathItem: Record<string, unknown> = {}) {
  const responses = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } }, '204': { description: 'none' } };
  const demo = await createDemoService('/v1/{project_id}/things', stringify({ ...pathItem, get: { operationId: 'ListThings', summary: 'List things', responses, ...operation } }));
  demos.push(demo);
  return Object.assign(() => listOperations(demo.document, demo.service.specFile), { document: demo.document });
}

const projectId = { name: 'project_id', in: 'path', required: true, schema: { type: 'string' } };

describe('the operation model', () => {
  it('reads header parameters, query arrays (repeated or joined), callables and response kinds', async () => {
    const read = await load({
      parameters: [
        projectId,
        { name: 'status', in: 'query', schema: { type: 'array', items: { type: 'string', enum: ['A', 'B'] } }, example: ['A'] },
        { name: 'ids', in: 'query', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
        { name: 'X-Language', in: 'header', schema: { type: 'string', enum: ['zh', 'en'] } },
      ],
    });
    const [operation] = read();
    expect(operation!.usesProjectId).toBe(true);
    expect(operation!.parameters.map(({ name, in: where, type, items, explode, enum: values }) => ({ name, in: where, type, items, explode, values }))).toEqual([
      { name: 'status', in: 'query', type: 'array', items: 'string', explode: true, values: ['A', 'B'] },
      { name: 'ids', in: 'query', type: 'array', items: 'integer', explode: false, values: undefined },
      { name: 'X-Language', in: 'header', type: 'string', items: undefined, explode: false, values: ['zh', 'en'] },
    ]);
    expect(operation!.parameters[0]!.example).toEqual(['A']);
    expect(operation!.responses).toEqual([{ status: '200', body: 'array' }, { status: '204', body: 'none' }]);
    expect(listCallables(read()).map((callable) => callable.name)).toEqual(['ListThings']);
  });

  it('reaches the generated operation: header and array parameters with their wire details, shapes from the shared table', async () => {
    const { document } = await load({
      parameters: [
        projectId,
        { name: 'status', in: 'query', schema: { type: 'array', items: { type: 'string', enum: ['A', 'B'] } } },
        { name: 'ids', in: 'query', explode: false, schema: { type: 'array', items: { type: 'integer', minimum: 1 } } },
        { name: 'X-Language', in: 'header', schema: { type: 'string', enum: ['zh', 'en'] } },
      ],
    });
    const { index } = renderClientFiles('demo', document, 'specs/demo/openapi.yaml');
    expect(index).toContain("    status: { in: 'query', shape: { k: array, items: { k: plainString, enum: ['A', 'B'] } } },");
    expect(index).toContain("    ids: { in: 'query', shape: { k: array, items: { k: integer, minimum: 1 } }, explode: false },");
    expect(index).toContain("    'X-Language': { in: 'header', shape: { k: plainString, enum: ['zh', 'en'] } },");
    expect(index).toContain("NonNullable<operations['ListThings']['parameters']['header']>");
  });

  const timeParameters = [
    projectId,
    { name: 'start_time', in: 'query', schema: { type: 'string', format: 'date-time' } },
    { name: 'end_time', in: 'query', schema: { type: 'string', format: 'date-time' } },
    { name: 'interval', in: 'query', schema: { type: 'integer', enum: [300, 3600] } },
  ];

  it('reads x-time-window into seconds and reaches the generated operation with the check it names', async () => {
    const read = await load({ parameters: timeParameters, 'x-time-window': { start: 'start_time', end: 'end_time', maxSpan: 'P1DT12H', maxAge: 'PT90M' } });
    expect(read()[0]!.timeWindow).toEqual({ start: 'start_time', end: 'end_time', maxSpan: 129_600, maxAge: 5_400 });
    const { index } = renderClientFiles('demo', read.document, 'specs/demo/openapi.yaml');
    expect(index).toContain("  window: { check: checkTimeWindow, start: 'start_time', end: 'end_time', maxSpan: 129600, maxAge: 5400 },");
    expect(index).toMatch(/import \{[^}]*\bcheckTimeWindow\b[^}]*\} from '@huaweicloud-openapi\/core'/);
    const plain = await load({ parameters: timeParameters });
    expect(plain()[0]!.timeWindow).toBeNull();
    expect(renderClientFiles('demo', plain.document, 'specs/demo/openapi.yaml').index).not.toContain('checkTimeWindow');
  });

  const windows: Array<[string, unknown, RegExp]> = [
    ['a start that is not a parameter', { start: 'from', end: 'end_time', maxSpan: 'P1D' }, /x-time-window\.start must name a string query parameter of the operation \(start_time, end_time\); got "from"/],
    ['an integer bound', { start: 'start_time', end: 'interval', maxSpan: 'P1D' }, /x-time-window\.end must name a string query parameter/],
    ['a duration in months', { start: 'start_time', end: 'end_time', maxSpan: 'P1M' }, /x-time-window\.maxSpan must be a positive ISO-8601 duration in days, hours, minutes or seconds \(P31D, PT3H\); got "P1M"/],
    ['a plain number of days', { start: 'start_time', end: 'end_time', maxAge: 90 }, /x-time-window\.maxAge must be a positive ISO-8601 duration/],
    ['a zero duration', { start: 'start_time', end: 'end_time', maxSpan: 'P0D' }, /x-time-window\.maxSpan must be a positive/],
    ['an unknown key', { start: 'start_time', end: 'end_time', max_span: 'P1D' }, /x-time-window must be \{ start, end\?, maxSpan\?, maxAge\?, together\? \}.*got the key "max_span"/],
    ['a span without an end', { start: 'start_time', maxSpan: 'P1D' }, /x-time-window\.maxSpan needs end/],
    ['the same parameter twice', { start: 'start_time', end: 'start_time', maxSpan: 'P1D' }, /x-time-window\.start and end name the same parameter/],
    ['no limit', { start: 'start_time' }, /x-time-window states no limit/],
    ['a list', ['start_time', 'end_time'], /x-time-window must be \{ start/],
  ];

  it.each(windows)('refuses an x-time-window with %s, naming the file, line and column', async (_, window, message) => {
    const read = await load({ parameters: timeParameters, 'x-time-window': window });
    expect(read).toThrow(new RegExp(`things\\.yaml:\\d+:\\d+: GET /v1/\\{project_id\\}/things: ${message.source}`));
  });

  const refused: Array<[string, Record<string, unknown>, Record<string, unknown>, RegExp]> = [
    ['operation-level servers', { servers: [{ url: 'https://other.example.com' }] }, {}, /things\.yaml:\d+:\d+: GET \/v1\/\{project_id\}\/things: operation-level servers is not supported/],
    ['operation-level security', { security: [] }, {}, /things\.yaml:\d+:\d+: .*operation-level security is not supported/],
    ['a cookie parameter', { parameters: [projectId, { name: 'sid', in: 'cookie', schema: { type: 'string' } }] }, {}, /things\.yaml:\d+:\d+: .*cookie parameter "sid" is not supported/],
    ['a query and a header of one name', { parameters: [projectId, { name: 'lang', in: 'query', schema: { type: 'string' } }, { name: 'Lang', in: 'header', schema: { type: 'string' } }] }, {}, /things\.yaml:\d+:\d+: .*parameter "Lang" \(header\) clashes with the query parameter "lang"/],
    ['a parameter called body', { parameters: [projectId, { name: 'body', in: 'query', schema: { type: 'string' } }] }, {}, /parameter "body" \(query\) clashes with the request body/],
    ['a header the client sets', { parameters: [projectId, { name: 'X-Auth-Token', in: 'header', schema: { type: 'string' } }] }, {}, /header "X-Auth-Token" is set by the client/],
    ['an object parameter', { parameters: [projectId, { name: 'filter', in: 'query', schema: { type: 'object' } }] }, {}, /parameter "filter" has type "object"/],
    ['an array in the path', { parameters: [projectId, { name: 'ids', in: 'path', required: true, schema: { type: 'array', items: { type: 'string' } } }] }, {}, /parameter "ids" is an array in the path/],
    ['a deepObject query', { parameters: [projectId, { name: 'ids', in: 'query', style: 'deepObject', schema: { type: 'array', items: { type: 'string' } } }] }, {}, /has style deepObject/],
    ['a path-level parameter clash', { parameters: [projectId, { name: 'Region', in: 'header', schema: { type: 'string' } }] }, { parameters: [{ name: 'region', in: 'query', schema: { type: 'string' } }] }, /things\.yaml:\d+:\d+: .*parameter "Region" \(header\) clashes with the query parameter "region"/],
  ];

  it.each(refused)('refuses %s with the file, line and column', async (_, operation, pathItem, message) => {
    const read = await load(operation, pathItem);
    expect(read).toThrow(message);
  });
});
