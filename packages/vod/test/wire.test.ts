import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '@huaweicloud-openapi/scripts/testing/recording-server';
import { loadSpec, responseExample, statusCodes } from '@huaweicloud-openapi/scripts/testing/spec-examples';
import { createVodClient, type VodClient } from '../src/index.js';

const spec = await loadSpec('vod');
const projectId = 'vod-project-1';
const token = 'token-sentinel-vod';

let server: RecordingServer;
let vod: VodClient;

beforeAll(async () => {
  server = await startRecordingServer();
  vod = createVodClient({ endpoint: server.url, projectId, credentials: { token } });
});
afterAll(() => server.close());

describe('DeleteAssetEditTask', () => {
  it('sends DELETE /v1/{project_id}/asset/editing/tasks with task_id and the token, and gets 204 without a body', async () => {
    server.respond(() => ({ status: 204 }));

    const { data, error, response } = await vod.deleteAssetEditTask({ task_id: 'edit-42' });

    const request = server.requests.at(-1)!;
    expect(request.method).toBe('DELETE');
    expect(request.target).toBe(`/v1/${projectId}/asset/editing/tasks?task_id=edit-42`);
    expect(request.headers['x-auth-token']).toBe(token);
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });

  it('documents exactly the statuses of the page plus the gateway 4XX', () => {
    expect(statusCodes(spec, 'DeleteAssetEditTask')).toEqual(['204', '400', '4XX']);
  });

  it.each(['400', '4XX'])('hands a %s answer with its documented body to error', async (status) => {
    const body = responseExample(spec, 'DeleteAssetEditTask', status);
    const code = status === '4XX' ? 403 : Number(status);
    server.respond(() => ({ status: code, body }));

    const { data, error, response } = await vod.deleteAssetEditTask({ task_id: 't' });

    expect(response.status).toBe(code);
    expect(error).toEqual(body);
    expect(data).toBeUndefined();
  });

  it('rejects an empty task_id before sending anything', async () => {
    const before = server.requests.length;
    await expect(vod.deleteAssetEditTask({ task_id: '' })).rejects.toThrow(
      'DeleteAssetEditTask: parameter "task_id" must not be an empty string.',
    );
    expect(server.requests.length).toBe(before);
  });
});
