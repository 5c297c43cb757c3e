import { describe, expect, it } from 'vitest';
import { checkParameters, InvalidInputError, type ParameterRules } from '../src/index.js';

const rules: ParameterRules = {
  stream_name: { in: 'path', type: 'string', required: true },
  task_id: { in: 'query', type: 'integer', required: true },
  region: { in: 'query', type: 'string' },
  verbose: { in: 'query', type: 'boolean' },
};

function messageOf(params: unknown): string {
  try {
    checkParameters('DoThing', rules, params);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected checkParameters to throw');
}

describe('checkParameters', () => {
  it('refuses names of Object.prototype as unknown parameters', () => {
    expect(messageOf({ stream_name: 's', task_id: 3, toString: 'x' })).toContain('has no parameter "toString"');
  });

  it('accepts parameters of the documented types, optional ones omitted or undefined', () => {
    expect(() => checkParameters('DoThing', rules, { stream_name: 's', task_id: 3 })).not.toThrow();
    expect(() =>
      checkParameters('DoThing', rules, { stream_name: 's', task_id: 3, region: undefined, verbose: false }),
    ).not.toThrow();
  });

  it('names a missing path parameter and why it matters', () => {
    expect(messageOf({ task_id: 1 })).toBe(
      'DoThing: path parameter "stream_name" is required (otherwise the request would go to a literal {stream_name} path); pass { stream_name: <string> }.',
    );
  });

  it('names a missing query parameter', () => {
    expect(messageOf({ stream_name: 's' })).toBe('DoThing: query parameter "task_id" is required; pass { task_id: <integer> }.');
  });

  it('rejects a wrong type, naming what was given', () => {
    expect(messageOf({ stream_name: 's', task_id: '7' })).toBe('DoThing: parameter "task_id" must be an integer; got string "7".');
    expect(messageOf({ stream_name: 's', task_id: Number.NaN })).toMatch(/must be an integer; got number NaN/);
    expect(messageOf({ stream_name: 's', task_id: 1, verbose: 'yes' })).toMatch(/"verbose" must be a boolean/);
    expect(messageOf({ stream_name: ['a'], task_id: 1 })).toMatch(/"stream_name" must be a string; got an array/);
  });

  it('rejects an empty required or path parameter', () => {
    expect(messageOf({ stream_name: '', task_id: 1 })).toBe('DoThing: parameter "stream_name" must not be an empty string.');
  });

  it('rejects an unknown parameter instead of silently dropping it', () => {
    expect(messageOf({ stream_name: 's', task_id: 1, taskId: 1 })).toBe(
      'DoThing has no parameter "taskId"; its parameters are stream_name, task_id, region, verbose. Did you mean "task_id"?',
    );
    expect(messageOf({ stream_name: 's', task_id: 1, project_id: 'p' })).toMatch(/project_id comes from the client option projectId/);
  });

  it('asks for a parameters object when given none', () => {
    expect(messageOf(undefined)).toBe('DoThing expects a parameters object { stream_name, task_id, region?, verbose? }; got undefined.');
    expect(() => checkParameters('NoParams', {}, undefined)).not.toThrow();
  });
});

describe('path values that would leave their segment', () => {
  it.each(['.', '..'])('refuses the dot segment %j in a path parameter, before anything is built', (value) => {
    expect(messageOf({ stream_name: value, task_id: 1 })).toBe(
      `DoThing: parameter "stream_name" must not be "${value}": a dot segment would send the request to another path.`,
    );
  });

  it('accepts dots inside a value, and a dot segment in a query parameter', () => {
    expect(() => checkParameters('DoThing', rules, { stream_name: 'a..b', task_id: 1, region: '..' })).not.toThrow();
  });
});
