import { afterAll, beforeAll, expect, it } from 'vitest';
import { startVerifyingServer, type VerifyingServer } from '@huaweicloud-openapi/scripts/testing/verifying-server';
import { createLiveClient } from '../src/index.js';

let server: VerifyingServer;
beforeAll(async () => {
  server = await startVerifyingServer({ keys: { 'AK-LIVE': 'sk-live-secret' } });
});
afterAll(() => server.close());

it('sends an AK/SK-signed DELETE that the verifying server accepts', async () => {
  const client = createLiveClient({
    endpoint: server.url,
    projectId: 'project-live',
    credentials: { accessKey: 'AK-LIVE', secretKey: 'sk-live-secret' },
  });
  const call = await client.deletePullTask({ task_id: 'relay 1', region: 'cn-north-4' });
  expect(call.response.status).toBe(204);
  expect(server.checks).toEqual([expect.objectContaining({ ok: true, accessKey: 'AK-LIVE' })]);
  expect(server.requests[0]!.headers['x-project-id']).toBe('project-live');
});
