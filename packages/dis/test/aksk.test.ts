import { afterAll, beforeAll, expect, it } from 'vitest';
import { startVerifyingServer, type VerifyingServer } from '@huaweicloud-openapi/scripts/testing/verifying-server';
import { createDisClient } from '../src/index.js';

let server: VerifyingServer;
beforeAll(async () => {
  server = await startVerifyingServer({ keys: { 'AK-DIS': 'sk-dis-secret' } });
});
afterAll(() => server.close());

it('sends an AK/SK-signed DELETE that the verifying server accepts', async () => {
  const client = createDisClient({
    endpoint: server.url,
    projectId: 'project-dis',
    credentials: { accessKey: 'AK-DIS', secretKey: 'sk-dis-secret' },
  });
  const call = await client.deleteTransferTask({ stream_name: 'clicks 中', task_name: 'to-obs' });
  expect(call.response.status).toBe(204);
  expect(server.checks).toEqual([expect.objectContaining({ ok: true, accessKey: 'AK-DIS' })]);
  expect(server.requests[0]!.headers['x-project-id']).toBe('project-dis');
});
