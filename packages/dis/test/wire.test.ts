import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '@huaweicloud-openapi/scripts/testing/recording-server';
import { loadSpec, responseExample, statusCodes } from '@huaweicloud-openapi/scripts/testing/spec-examples';
import { createDisClient, InvalidInputError, type DisClient } from '../src/index.js';

const spec = await loadSpec('dis');
const projectId = 'dis-project-1';
const token = 'token-sentinel-dis';

let server: RecordingServer;
let dis: DisClient;

beforeAll(async () => {
  server = await startRecordingServer();
  dis = createDisClient({ endpoint: server.url, projectId, credentials: { token } });
});
afterAll(() => server.close());

describe('DeleteTransferTask', () => {
  it('sends DELETE /v2/{project_id}/streams/{stream_name}/transfer-tasks/{task_name} with the token', async () => {
    server.respond(() => ({ status: 204 }));

    const { data, error, response } = await dis.deleteTransferTask({ stream_name: 'clicks', task_name: 'to-obs' });

    const request = server.requests.at(-1)!;
    expect(request.method).toBe('DELETE');
    expect(request.target).toBe(`/v2/${projectId}/streams/clicks/transfer-tasks/to-obs`);
    expect(request.headers['x-auth-token']).toBe(token);
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });

  it('percent-encodes reserved characters inside a path parameter', async () => {
    server.respond(() => ({ status: 204 }));
    await dis.deleteTransferTask({ stream_name: 'a/b c', task_name: 'ü?' });
    expect(server.requests.at(-1)!.target).toBe(`/v2/${projectId}/streams/a%2Fb%20c/transfer-tasks/%C3%BC%3F`);
  });

  it('documents the page 204 plus the 4XX', () => {
    expect(statusCodes(spec, 'DeleteTransferTask')).toEqual(['204', '4XX']);
  });

  it.each([
    ['DIS camelCase', 0],
    ['gateway', 1],
  ])('hands a 4xx body in the %s form to error', async (_form, index) => {
    const body = Object.values<any>(
      spec.paths['/v2/{project_id}/streams/{stream_name}/transfer-tasks/{task_name}'].delete.responses['4XX'].content[
        'application/json'
      ].examples,
    )[index].value;
    expect(body).toBeDefined();
    server.respond(() => ({ status: 404, body }));

    const { data, error } = await dis.deleteTransferTask({ stream_name: 's', task_name: 't' });

    expect(error).toEqual(body);
    expect(data).toBeUndefined();
    expect(responseExample(spec, 'DeleteTransferTask', '4XX')).toEqual({ errorCode: 'DIS.4301', message: 'Stream does not exist.' });
  });

  it.each([undefined, ''])('refuses a task_name of %j instead of requesting a literal {task_name}', async (taskName) => {
    const before = server.requests.length;
    const call = () => dis.deleteTransferTask({ stream_name: 's', task_name: taskName as string });
    await expect(call()).rejects.toThrow(InvalidInputError);
    await expect(call()).rejects.toThrow(/task_name/);
    expect(server.requests.length).toBe(before);
  });
});

describe('createDisClient', () => {
  it('reaches DIS on Open Telekom Cloud for eu-de', async () => {
    let url = '';
    const client = createDisClient({
      region: 'eu-de',
      projectId,
      credentials: { token },
      fetch: async (request) => {
        url = request.url;
        return new Response(null, { status: 204 });
      },
    });
    await client.deleteTransferTask({ stream_name: 's', task_name: 't' });
    expect(url).toBe(`https://dis.eu-de.otc.t-systems.com/v2/${projectId}/streams/s/transfer-tasks/t`);
  });
});
