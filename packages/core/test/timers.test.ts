// Time limits a timer cannot honour: Node fires a setTimeout of more than
// 2^31 − 1 ms (or Infinity) after 1 ms, which made a waiter with
// `timeoutMs: Infinity` give up at once and failed every request of a client
// with such a timeout. Infinity means no limit; a longer finite value is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '@huaweicloud-openapi/scripts/testing/recording-server';
import { createClientConfig, send, waitFor, type BareClient, type WaiterSpec } from '../src/index.js';

const servers = [{ url: 'https://live.{region}.example.com', regions: ['cn-north-4'] }];
const spec: WaiterSpec = { resource: '', status: 'status', until: { done: { success: ['DONE'], failure: ['FAILED'] } } };

let server: RecordingServer;
let client: BareClient;
beforeAll(async () => {
  server = await startRecordingServer();
  client = createClientConfig('live', servers, { endpoint: server.url, projectId: 'p1', credentials: { token: 't' }, timeoutMs: Infinity, deadlineMs: Infinity });
});
afterAll(() => server.close());

describe('waitFor', () => {
  it('with timeoutMs: Infinity keeps polling until the task is done, instead of giving up at once', async () => {
    const states = ['RUNNING', 'RUNNING', 'RUNNING', 'DONE'];
    server.respond(() => ({ status: 200, body: { status: states.shift() ?? 'DONE' } }));
    const before = server.requests.length;
    const poll = (init: { signal?: AbortSignal }) => send(client, { method: 'GET', path: '/v1/{project_id}/task', pathParams: { project_id: 'p1' } }, init);
    const task = await waitFor<{ status: string }>('Task', poll, spec, { timeoutMs: Infinity, minDelayMs: 1, maxDelayMs: 2 });
    expect(task.status).toBe('DONE');
    expect(server.requests.length - before).toBe(4);
  });

  it.each([2 ** 31, 1e12])('refuses timeoutMs %d, which no timer can honour, naming the limit', async (timeoutMs) => {
    const poll = () => Promise.reject(new Error('must not poll'));
    await expect(waitFor('Task', poll, spec, { timeoutMs })).rejects.toThrow('timeoutMs must be a number of milliseconds from 0 to 2147483647 (about 24.8 days), or Infinity for no limit');
    await expect(waitFor('Task', poll, spec, { maxDelayMs: Infinity })).rejects.toThrow(/maxDelayMs must be a number of milliseconds from 0 to 2147483647/);
  });
});

describe('a client with timeoutMs or deadlineMs: Infinity', () => {
  it('sends its requests with no time limit (they used to fail after 1 ms)', async () => {
    server.respond(() => ({ status: 200, body: { ok: true }, delayMs: 20 }));
    const { data } = await send(client, { method: 'GET', path: '/v1/{project_id}/ping', pathParams: { project_id: 'p1' } });
    expect(data).toEqual({ ok: true });
  });

  it.each([['timeoutMs', 2 ** 31], ['deadlineMs', 1e12]])('refuses a finite %s of %d, naming the limit', (name, value) => {
    expect(() => createClientConfig('live', servers, { endpoint: server.url, projectId: 'p1', credentials: { token: 't' }, [name]: value })).toThrow(
      `options.${name} must be a positive number of milliseconds up to 2147483647 (about 24.8 days), or Infinity for none; got ${value}.`,
    );
  });
});
