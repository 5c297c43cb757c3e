import { describe, expectTypeOf, it } from 'vitest';
import type { components, DisClient } from '../src/index.js';

declare const dis: DisClient;

describe('DIS client types', () => {
  it('requires both path parameters', () => {
    // @ts-expect-error task_name is required
    void dis.deleteTransferTask({ stream_name: 's' });
    expectTypeOf(dis.deleteTransferTask).parameter(0).toEqualTypeOf<{ stream_name: string; task_name: string }>();
  });

  it('types the error as either error body form', async () => {
    const { data, error } = await dis.deleteTransferTask({ stream_name: 's', task_name: 't' });
    expectTypeOf(data).toEqualTypeOf<undefined>();
    expectTypeOf(error).toEqualTypeOf<
      components['schemas']['ErrorResponse'] | components['schemas']['DisErrorResponse'] | undefined
    >();
  });
});
