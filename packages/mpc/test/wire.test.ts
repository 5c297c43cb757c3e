import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '@huaweicloud-openapi/scripts/testing/recording-server';
import {
  loadSpec,
  parameterExamples,
  responseExample,
  statusCodes,
} from '@huaweicloud-openapi/scripts/testing/spec-examples';
import { createMpcClient, InvalidInputError, type MpcClient } from '../src/index.js';

const spec = await loadSpec('mpc');
const projectId = 'mpc-project-1';
const token = 'token-sentinel-mpc';

let server: RecordingServer;
let mpc: MpcClient;

beforeAll(async () => {
  server = await startRecordingServer();
  mpc = createMpcClient({ endpoint: `${server.url}/`, projectId, credentials: { token } });
});
afterAll(() => server.close());

describe('DeleteTranscodingTaskByConsole', () => {
  it('sends the page example request: DELETE /v1/{project_id}/transcodings/task?task_id=100211 with the token', async () => {
    const { task_id } = parameterExamples(spec, 'DeleteTranscodingTaskByConsole');
    expect(task_id).toBe(100211);

    const { data, error, response } = await mpc.deleteTranscodingTaskByConsole({ task_id: task_id as number });

    const request = server.requests.at(-1)!;
    expect(request.method).toBe('DELETE');
    expect(request.target).toBe(`/v1/${projectId}/transcodings/task?task_id=100211`);
    expect(request.headers['x-auth-token']).toBe(token);
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });

  it('documents exactly the statuses of the page plus the gateway 4XX', () => {
    expect(statusCodes(spec, 'DeleteTranscodingTaskByConsole')).toEqual(['204', '400', '4XX']);
  });

  it.each(['400', '4XX'])('hands a %s answer with its documented body to error', async (status) => {
    const body = responseExample(spec, 'DeleteTranscodingTaskByConsole', status);
    const code = status === '4XX' ? 401 : Number(status);
    server.respond(() => ({ status: code, body }));

    const { data, error, response } = await mpc.deleteTranscodingTaskByConsole({ task_id: 7 });

    expect(response.status).toBe(code);
    expect(error).toEqual(body);
    expect(data).toBeUndefined();
    if (status === '400') expect(error).toEqual({ error_code: 'MPC.10213', error_msg: 'Operation failed. The task is not in the final state.' });
  });

  it('rejects a task_id that is not an integer before sending anything', async () => {
    const before = server.requests.length;
    // @ts-expect-error task_id is an integer
    await expect(mpc.deleteTranscodingTaskByConsole({ task_id: '100211' })).rejects.toThrow(
      'DeleteTranscodingTaskByConsole: parameter "task_id" must be an integer; got string "100211".',
    );
    await expect(mpc.deleteTranscodingTaskByConsole({ task_id: 1.5 })).rejects.toThrow(InvalidInputError);
    expect(server.requests.length).toBe(before);
  });
});

describe('createMpcClient', () => {
  async function hostFor(region: 'cn-north-1' | 'cn-north-4'): Promise<string> {
    let host = '';
    const client = createMpcClient({
      region,
      projectId,
      credentials: { token },
      fetch: async (request) => {
        host = new URL(request.url).host;
        return new Response(null, { status: 204 });
      },
    });
    await client.deleteTranscodingTaskByConsole({ task_id: 1 });
    return host;
  }

  it('sends cn-north-1 to the former mts host and other regions to mpc', async () => {
    expect(await hostFor('cn-north-1')).toBe('mts.cn-north-1.myhuaweicloud.com');
    expect(await hostFor('cn-north-4')).toBe('mpc.cn-north-4.myhuaweicloud.com');
  });
});
