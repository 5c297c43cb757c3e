import { describe, expectTypeOf, it } from 'vitest';
import { akskSigner, createLiveBareClient, createLiveClient, fromEnv, ok, type LiveClient, type LiveRegion } from '../src/index.js';
import type { components } from '../src/index.js';

declare const live: LiveClient;

describe('Live client types', () => {
  it('requires task_id and types the optional region of deletePullTask', () => {
    // @ts-expect-error task_id is required
    void live.deletePullTask({ region: 'cn-north-4' });
    // @ts-expect-error task_id is a string
    void live.deletePullTask({ task_id: 42 });
    // @ts-expect-error project_id comes from the client options
    void live.deletePullTask({ task_id: 't', project_id: 'p' });
    expectTypeOf(live.deletePullTask).parameter(0).toEqualTypeOf<{ readonly region?: string; readonly task_id: string }>();
  });

  it('requires both flow_id and output_name of deleteFlowOutput', () => {
    // @ts-expect-error output_name is required
    void live.deleteFlowOutput({ flow_id: 'f' });
  });

  it('types data from the 200 body and error from the 4xx bodies', async () => {
    const { data, error } = await live.deletePullTask({ task_id: 't' });
    expectTypeOf(data).toEqualTypeOf<components['schemas']['DeletePullTaskResponse'] | undefined>();
    expectTypeOf(error).toEqualTypeOf<components['schemas']['ErrorResponse'] | undefined>();
    const flow = await live.deleteFlowOutput({ flow_id: 'f', output_name: 'o' });
    expectTypeOf(flow.data).toEqualTypeOf<components['schemas']['DeleteFlowOutputResponse'] | undefined>();
  });

  it('accepts only known regions, or an endpoint', () => {
    expectTypeOf<'cn-north-4'>().toExtend<LiveRegion>();
    // @ts-expect-error unknown region
    createLiveClient({ region: 'eu-de', projectId: 'p', credentials: { token: 't' } });
    // @ts-expect-error region or endpoint is required
    createLiveClient({ projectId: 'p', credentials: { token: 't' } });
    createLiveClient({ endpoint: 'http://127.0.0.1:1', projectId: 'p', credentials: { token: 't' } });
  });

  it('takes one kind of credentials: a token beside an access key pair does not compile', () => {
    // @ts-expect-error a token and an access key pair are alternatives
    createLiveClient({ region: 'cn-north-4', projectId: 'p', credentials: { token: 't', accessKey: 'a', secretKey: 's' } });
    createLiveClient({ region: 'cn-north-4', projectId: 'p', credentials: { accessKey: 'a', secretKey: 's' } });
  });

  it('a bare client takes an access key pair only with the signer, which a token does not need', () => {
    createLiveBareClient({ region: 'cn-north-4', projectId: 'p', credentials: { token: 't' } });
    createLiveBareClient({ region: 'cn-north-4', projectId: 'p', credentials: async () => ({ token: 't' }) });
    // @ts-expect-error an access key pair needs signer: akskSigner on a bare client
    createLiveBareClient({ region: 'cn-north-4', projectId: 'p', credentials: { accessKey: 'a', secretKey: 's' } });
    // @ts-expect-error a provider that may return an access key pair needs the signer too
    createLiveBareClient({ region: 'cn-north-4', projectId: 'p', credentials: () => ({ accessKey: 'a', secretKey: 's' }) });
    createLiveBareClient({ region: 'cn-north-4', projectId: 'p', credentials: { accessKey: 'a', secretKey: 's' }, signer: akskSigner });
    createLiveBareClient({ region: 'cn-north-4', ...fromEnv() });
  });

  it('accepts input written as const (readonly arrays and objects)', () => {
    const body = {
      source_type: 'PullLivePushLive',
      source_urls: ['rtmp://origin.example.com/live/cam1'],
      domain: 'push.example.com',
      app_name: 'live',
      stream_name: 'cam1',
    } as const;
    void live.createPullTask({ body });
  });

  it('ok() narrows a result to its data', async () => {
    const data = ok(await live.deletePullTask({ task_id: 't' }));
    expectTypeOf(data).toEqualTypeOf<components['schemas']['DeletePullTaskResponse']>();
    const { data: maybe } = await live.deletePullTask({ task_id: 't' });
    // @ts-expect-error without ok() the data may be undefined
    void maybe.task_id;
  });
});
