import { afterAll, beforeAll, expect, it } from 'vitest';
import { startVerifyingServer, type VerifyingServer } from '@huaweicloud-openapi/scripts/testing/verifying-server';
import { createVodClient } from '../src/index.js';

let server: VerifyingServer;
beforeAll(async () => {
  server = await startVerifyingServer({ keys: { 'AK-VOD': 'sk-vod-secret' } });
});
afterAll(() => server.close());

it('sends an AK/SK-signed DELETE that the verifying server accepts', async () => {
  const client = createVodClient({
    endpoint: server.url,
    projectId: 'project-vod',
    credentials: { accessKey: 'AK-VOD', secretKey: 'sk-vod-secret' },
  });
  const call = await client.deleteAssetEditTask({ task_id: 'edit/42' });
  expect(call.response.status).toBe(204);
  expect(server.checks).toEqual([expect.objectContaining({ ok: true, accessKey: 'AK-VOD' })]);
  expect(server.requests[0]!.headers['x-project-id']).toBe('project-vod');
});
