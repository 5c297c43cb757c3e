import { afterAll, beforeAll, expect, it } from 'vitest';
import { startVerifyingServer, type VerifyingServer } from '@huaweicloud-openapi/scripts/testing/verifying-server';
import { createMpcClient } from '../src/index.js';

let server: VerifyingServer;
beforeAll(async () => {
  server = await startVerifyingServer({ keys: { 'AK-MPC': 'sk-mpc-secret' } });
});
afterAll(() => server.close());

it('sends an AK/SK-signed DELETE that the verifying server accepts', async () => {
  const client = createMpcClient({
    endpoint: server.url,
    projectId: 'project-mpc',
    credentials: { accessKey: 'AK-MPC', secretKey: 'sk-mpc-secret' },
  });
  const call = await client.deleteTranscodingTaskByConsole({ task_id: 100211 });
  expect(call.response.status).toBe(204);
  expect(server.checks).toEqual([expect.objectContaining({ ok: true, accessKey: 'AK-MPC' })]);
  expect(server.requests[0]!.headers['x-project-id']).toBe('project-mpc');
});
