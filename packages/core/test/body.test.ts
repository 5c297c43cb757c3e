import { describe, expect, it } from 'vitest';
import { checkBody, closestName, InvalidInputError, type BodyShape } from '../src/index.ts';

const shape: BodyShape = {
  k: 'object',
  props: {
    source_type: { k: 'string', enum: ['PullLivePushLive', 'PullVodPushLive'] },
    source_urls: { k: 'array', items: { k: 'string' } },
    priority: { k: 'integer' },
    ratio: { k: 'number' },
    enabled: { k: 'boolean' },
    note: { k: 'string', nullable: true },
    output: { k: 'object', props: { bucket: { k: 'string' }, location: { k: 'string' } }, req: ['bucket'] },
    metadata: { k: 'object', props: {}, open: true },
  },
  req: ['source_type', 'source_urls'],
};

const valid = { source_type: 'PullLivePushLive', source_urls: ['rtmp://origin/app/stream'] };

function failure(body: unknown): InvalidInputError {
  try {
    checkBody('CreatePullTask', shape, body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('checkBody accepted an invalid body');
}

describe('checkBody', () => {
  it('names a misspelled property before the required one it leaves missing', () => {
    const error = failure({ source_type: 'PullLivePushLive', source_url: ['rtmp://origin/app/stream'] });
    expect(error.input).toBe('CreatePullTask.body.source_url');
    expect(error.message).toContain('did you mean "source_urls"?');
  });

  it('treats names of Object.prototype as unknown properties, not as known ones', () => {
    const error = failure({ ...valid, constructor: 'x' });
    expect(error.input).toBe('CreatePullTask.body.constructor');
    expect(failure({ ...valid, output: { bucket: 'b', toString: 1 } }).input).toBe('CreatePullTask.body.output.toString');
  });

  it('accepts a body that matches its shape, including nulls where allowed and open objects', () => {
    expect(() =>
      checkBody('CreatePullTask', shape, {
        ...valid,
        priority: 3,
        ratio: 0.5,
        enabled: false,
        note: null,
        output: { bucket: 'b' },
        metadata: { anything: [1, 2] },
      }),
    ).not.toThrow();
  });

  it('names a missing required property and what to pass', () => {
    const error = failure({ source_urls: [] });
    expect(error.input).toBe('CreatePullTask.body.source_type');
    expect(error.message).toBe('CreatePullTask: body.source_type is required; pass one of "PullLivePushLive", "PullVodPushLive".');
  });

  it('names a nested missing property with its full path', () => {
    expect(failure({ ...valid, output: { location: 'x' } }).message).toBe('CreatePullTask: body.output.bucket is required; pass a string.');
  });

  it('names the item of an array with the wrong type by index', () => {
    const error = failure({ ...valid, source_urls: ['ok', 42] });
    expect(error.input).toBe('CreatePullTask.body.source_urls[1]');
    expect(error.message).toBe('CreatePullTask: body.source_urls[1] must be a string; got number 42.');
  });

  it('refuses a value outside the enum and lists the allowed ones', () => {
    expect(failure({ ...valid, source_type: 'PullLive' }).message).toBe(
      'CreatePullTask: body.source_type must be one of "PullLivePushLive", "PullVodPushLive"; got string "PullLive".',
    );
  });

  it('refuses a non-array where an array belongs and suggests wrapping a single value', () => {
    expect(failure({ ...valid, source_urls: 'rtmp://origin/app/stream' }).message).toBe(
      'CreatePullTask: body.source_urls must be an array of strings; got string "rtmp://origin/app/stream" (wrap a single value in [ ]).',
    );
  });

  it('refuses an unknown property and names the closest valid one', () => {
    const error = failure({ ...valid, source_url: ['x'] });
    expect(error.input).toBe('CreatePullTask.body.source_url');
    expect(error.message).toMatch(/^CreatePullTask: body has no property "source_url"; did you mean "source_urls"\? Its properties are source_type, source_urls,/);
  });

  it('tells integers from numbers and refuses non-finite numbers', () => {
    expect(failure({ ...valid, priority: 1.5 }).message).toContain('body.priority must be an integer; got number 1.5');
    expect(failure({ ...valid, ratio: Number.NaN }).message).toContain('body.ratio must be a number');
    expect(failure({ ...valid, note: 5 }).message).toContain('body.note must be a string');
  });

  it('refuses a body that is not an object, and null where null is not allowed', () => {
    expect(failure('text').message).toBe('CreatePullTask: body must be an object; got string "text".');
    expect(failure({ ...valid, output: null }).message).toBe('CreatePullTask: body.output must be an object; got null.');
  });
});

describe('closestName', () => {
  it('suggests a near miss and nothing for an unrelated name', () => {
    expect(closestName('regoin', ['region', 'task_id'])).toBe('region');
    expect(closestName('Task_ID', ['region', 'task_id'])).toBe('task_id');
    expect(closestName('completely_else', ['region', 'task_id'])).toBeUndefined();
  });
});
