import { describe, expectTypeOf, it } from 'vitest';
import type { components, VodClient } from '../src/index.js';

declare const vod: VodClient;

describe('VOD client types', () => {
  it('requires a string task_id', () => {
    // @ts-expect-error task_id is required
    void vod.deleteAssetEditTask({});
    // @ts-expect-error task_id is a string
    void vod.deleteAssetEditTask({ task_id: 1 });
    expectTypeOf(vod.deleteAssetEditTask).parameter(0).toEqualTypeOf<{ readonly task_id: string }>();
  });

  it('has no success body and types the error body', async () => {
    const { data, error } = await vod.deleteAssetEditTask({ task_id: 't' });
    expectTypeOf(data).toEqualTypeOf<undefined>();
    expectTypeOf(error).toEqualTypeOf<components['schemas']['ErrorResponse'] | undefined>();
  });
});
