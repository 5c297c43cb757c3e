import { describe, expectTypeOf, it } from 'vitest';
import type { components, MpcClient, MpcRegion } from '../src/index.js';

declare const mpc: MpcClient;

describe('MPC client types', () => {
  it('types task_id as a required number', () => {
    // @ts-expect-error task_id is an integer, not a string
    void mpc.deleteTranscodingTaskByConsole({ task_id: '100211' });
    // @ts-expect-error task_id is required
    void mpc.deleteTranscodingTaskByConsole({});
    expectTypeOf(mpc.deleteTranscodingTaskByConsole).parameter(0).toEqualTypeOf<{ readonly task_id: number }>();
  });

  it('has no success body and types the error body', async () => {
    const { data, error } = await mpc.deleteTranscodingTaskByConsole({ task_id: 1 });
    expectTypeOf(data).toEqualTypeOf<undefined>();
    expectTypeOf(error).toEqualTypeOf<components['schemas']['ErrorResponse'] | undefined>();
  });

  it('knows cn-north-1 as a region', () => {
    expectTypeOf<'cn-north-1'>().toExtend<MpcRegion>();
  });
});
