import { describe, expectTypeOf, it } from 'vitest';
import type { BareClient } from '@huaweicloud-openapi/core';
import { deleteStream, type components, type DisBareClient, type DisClient, type ShowStreamResult } from '../src/index.js';

declare const dis: DisClient;

describe('DIS client types', () => {
  it('types the states the service reports: a state it never sends does not compile', () => {
    const stream = {} as NonNullable<ShowStreamResult['data']>;
    expectTypeOf(stream.status).toEqualTypeOf<'CREATING' | 'RUNNING' | 'TERMINATING' | 'TERMINATED' | 'FROZEN' | undefined>();
    void (stream.status === 'RUNNING');
    // @ts-expect-error ACTIVE is a partition's state, never a stream's
    void (stream.status === 'ACTIVE');
    const partition = {} as NonNullable<NonNullable<typeof stream.partitions>[number]>;
    void (partition.status === 'ACTIVE');
  });

  it('requires both path parameters', () => {
    // @ts-expect-error task_name is required
    void dis.deleteTransferTask({ stream_name: 's' });
    expectTypeOf(dis.deleteTransferTask).parameter(0).toEqualTypeOf<{ readonly stream_name: string; readonly task_name: string }>();
  });

  it('types the error as either error body form', async () => {
    const { data, error } = await dis.deleteTransferTask({ stream_name: 's', task_name: 't' });
    expectTypeOf(data).toEqualTypeOf<undefined>();
    expectTypeOf(error).toEqualTypeOf<
      components['schemas']['ErrorResponse'] | components['schemas']['DisErrorResponse'] | undefined
    >();
  });

  it("refuses another service's client, bare or full, and takes its own", () => {
    const other = {} as BareClient<'live'>;
    // @ts-expect-error a Live client cannot call a DIS operation
    void deleteStream(other, { stream_name: 's' });
    void deleteStream(dis, { stream_name: 's' });
    expectTypeOf<DisClient>().toExtend<DisBareClient>();
    expectTypeOf<DisBareClient['service']>().toEqualTypeOf<'dis'>();
  });
});
