import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '@huaweicloud-openapi/scripts/testing/recording-server';
import {
  loadSpec,
  parameterExamples,
  responseExample,
  statusCodes,
} from '@huaweicloud-openapi/scripts/testing/spec-examples';
import { createLiveClient, InvalidInputError, type LiveClient } from '../src/index.js';

const spec = await loadSpec('live');
const projectId = '0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6';
const token = 'token-sentinel-7f3a';

let server: RecordingServer;
let live: LiveClient;

beforeAll(async () => {
  server = await startRecordingServer();
  live = createLiveClient({ endpoint: server.url, projectId, credentials: { token } });
});
afterAll(() => server.close());

function lastRequest() {
  const request = server.requests.at(-1);
  if (!request) throw new Error('the server received no request');
  return request;
}

describe('DeletePullTask', () => {
  it('sends the page example request: DELETE with task_id and region in the query and the IAM token header', async () => {
    const example = parameterExamples(spec, 'DeletePullTask');
    server.respond(() => ({ status: 200, body: responseExample(spec, 'DeletePullTask', '200') }));

    await live.deletePullTask({ task_id: String(example.task_id), region: String(example.region) });

    const request = lastRequest();
    expect(request.method).toBe('DELETE');
    expect(request.pathname).toBe(`/v1/${projectId}/pull/stream/task`);
    expect(Object.fromEntries(request.query)).toEqual({ task_id: 'xxxxxx', region: 'cn-north-4' });
    expect(request.headers['x-auth-token']).toBe(token);
    expect(request.body).toBe('');
  });

  it('leaves the optional region out of the query when it is not given', async () => {
    server.respond(() => ({ status: 200, body: {} }));
    await live.deletePullTask({ task_id: 'only-task' });
    expect(lastRequest().target).toBe(`/v1/${projectId}/pull/stream/task?task_id=only-task`);
  });

  it('documents exactly the statuses of the page plus the gateway 4XX', () => {
    expect(statusCodes(spec, 'DeletePullTask')).toEqual(['200', '400', '404', '4XX']);
  });

  it.each(statusCodes(spec, 'DeletePullTask'))('hands a %s answer with its documented body to the caller', async (status) => {
    const body = responseExample(spec, 'DeletePullTask', status);
    const code = status === '4XX' ? 401 : Number(status);
    server.respond(() => ({ status: code, body, headers: { 'x-request-id': 'rid-1' } }));

    const { data, error, response } = await live.deletePullTask({ task_id: 't' });

    expect(response.status).toBe(code);
    expect(response.headers.get('x-request-id')).toBe('rid-1');
    if (code < 300) {
      expect(data).toEqual(body);
      expect(error).toBeUndefined();
    } else {
      expect(error).toEqual(body);
      expect(data).toBeUndefined();
    }
  });

  it('rejects a missing task_id before sending anything', async () => {
    const before = server.requests.length;
    // @ts-expect-error task_id is required
    await expect(live.deletePullTask({ region: 'cn-north-4' })).rejects.toThrow(InvalidInputError);
    expect(server.requests.length).toBe(before);
  });
});

describe('DeleteFlowOutput', () => {
  it('sends DELETE /v1/{project_id}/flows/outputs with flow_id and output_name in the query', async () => {
    server.respond(() => ({ status: 200, body: responseExample(spec, 'DeleteFlowOutput', '200') }));

    const { data } = await live.deleteFlowOutput({ flow_id: 'flow-1', output_name: 'out a/b' });

    const request = lastRequest();
    expect(request.method).toBe('DELETE');
    expect(request.pathname).toBe(`/v1/${projectId}/flows/outputs`);
    expect(Object.fromEntries(request.query)).toEqual({ flow_id: 'flow-1', output_name: 'out a/b' });
    expect(request.target).toContain('output_name=out%20a%2Fb');
    expect(request.headers['x-auth-token']).toBe(token);
    expect(data).toEqual({ flow_id: '3f9c2a7d-1b4e-4c8a-9d6f-2e7b5a1c0d93', output_name: 'srt-push-backup' });
  });

  it('documents exactly the statuses of the page plus the gateway 4XX', () => {
    expect(statusCodes(spec, 'DeleteFlowOutput')).toEqual(['200', '400', '4XX']);
  });

  it.each(statusCodes(spec, 'DeleteFlowOutput'))('hands a %s answer with its documented body to the caller', async (status) => {
    const body = responseExample(spec, 'DeleteFlowOutput', status);
    const code = status === '4XX' ? 403 : Number(status);
    server.respond(() => ({ status: code, body }));

    const { data, error, response } = await live.deleteFlowOutput({ flow_id: 'f', output_name: 'o' });

    expect(response.status).toBe(code);
    expect(code < 300 ? data : error).toEqual(body);
    expect(code < 300 ? error : data).toBeUndefined();
  });
});

describe('createLiveClient', () => {
  it('resolves a known region to the live host of the spec servers', async () => {
    let seen = '';
    const client = createLiveClient({
      region: 'ap-southeast-3',
      projectId,
      credentials: { token },
      fetch: async (request) => {
        seen = request.url;
        return new Response(JSON.stringify({}), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await client.deletePullTask({ task_id: 't' });
    expect(seen).toBe(`https://live.ap-southeast-3.myhuaweicloud.com/v1/${projectId}/pull/stream/task?task_id=t`);
  });

  it('names the known regions and the endpoint option for an unknown region', () => {
    // @ts-expect-error not a Live region
    const create = () => createLiveClient({ region: 'cn-nort-4', projectId, credentials: { token } });
    expect(create).toThrow(
      'Unknown region "cn-nort-4" for live; known: cn-north-4, cn-north-1, cn-east-3, ap-southeast-2, ap-southeast-3; or pass { endpoint }',
    );
  });

  it('exposes the raw openapi-fetch client, which sends through the same authenticated fetch', async () => {
    server.respond(() => ({ status: 200, body: {} }));
    await live.raw.DELETE('/v1/{project_id}/flows/outputs', {
      params: { path: { project_id: 'other-project' }, query: { flow_id: 'f', output_name: 'o' } },
    });
    expect(lastRequest().pathname).toBe('/v1/other-project/flows/outputs');
    expect(lastRequest().headers['x-auth-token']).toBe(token);
  });
});

describe('ListBandwidthDetail time window (x-time-window: 31 days within the last year)', () => {
  // One instant for every time of a test, so that a range is exact whatever the clock does between two calls.
  let now = Date.now();
  beforeEach(() => {
    now = Date.now();
  });
  const ago = (days: number) => new Date(now - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

  it('sends a 30-day range and refuses a 40-day one unsent, naming both parameters and the fix', async () => {
    server.respond(() => ({ status: 200, body: { data_list: [] } }));
    const [start, end] = [ago(31), ago(1)];
    await live.listBandwidthDetail({ start_time: start, end_time: end });
    expect([lastRequest().query.get('start_time'), lastRequest().query.get('end_time')]).toEqual([start, end]);
    const before = server.requests.length;
    const error = await live.listBandwidthDetail({ start_time: ago(41), end_time: ago(1) }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toBe(
      'ListBandwidthDetail: end_time - start_time is 40 days; the service accepts at most 31 days. Split the range into calls of at most 31 days.',
    );
    expect(server.requests.length).toBe(before);
    const old = await live.listBandwidthDetail({ start_time: ago(400), end_time: ago(399) }).catch((reason: unknown) => (reason as Error).message);
    // The age is measured when the call is made: a loaded machine may add a few seconds to it.
    expect(old).toMatch(/^ListBandwidthDetail: start_time \(.+\) is 400 days(?: \d+ (?:hours?|minutes?|seconds?))* ago; the service keeps at most the last 365 days\./);
  });
});
