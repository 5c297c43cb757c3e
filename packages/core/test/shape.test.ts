// The one validator: every shape kind and keyword, the messages a caller sees,
// lazy references (recursion), secrets kept out of messages, and the plain
// copy that is sent.
import { describe, expect, it } from 'vitest';
import {
  anyJson,
  array,
  boolean,
  checkShape,
  date,
  dateTime,
  integer,
  number,
  object,
  string,
  uri,
  uuid,
  type CheckContext,
  type Shape,
  type ShapeNode,
} from '../src/index.js';

const full: CheckContext = { id: 'Op', full: true };
const types: CheckContext = { id: 'Op', full: false };

function problem(shape: Shape, value: unknown, context = full): string {
  try {
    checkShape(shape, value, 'body', context);
  } catch (error) {
    expect(error).toMatchObject({ name: 'InvalidInputError' });
    return (error as Error).message.replace(/^Op: /, '');
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}

describe('kinds', () => {
  it.each<[Shape, unknown, string]>([
    [string, 1, 'body must be a string; got number 1.'],
    [integer, 1.5, 'body must be an integer; got number 1.5.'],
    [integer, 2 ** 53, 'body must be an integer; got number 9007199254740992.'],
    [number, Number.NaN, 'body must be a finite number; got number NaN.'],
    [boolean, 'true', 'body must be a boolean; got string "true".'],
    [{ k: array, items: integer }, 3, 'body must be an array; got number 3 (wrap a single value in [ ]).'],
    [object, [], 'body must be an object; got an array.'],
    [anyJson, () => 1, 'body must be JSON data; got function.'],
    [anyJson, new Date(0), 'body must be JSON data; got an object (plain objects, arrays and primitives only).'],
  ])('refuses %#', (shape, value, message) => {
    expect(problem(shape, value)).toBe(message);
  });

  it('accepts null only where the shape is nullable, and enums of any kind', () => {
    expect(checkShape({ k: string, nullable: true }, null, 'body', full)).toBeNull();
    expect(problem(string, null)).toBe('body must be a string; got null.');
    expect(problem({ k: integer, enum: [1, 2] }, 3)).toBe('body must be one of 1, 2; got number 3.');
    expect(checkShape({ k: boolean, enum: [true] }, true, 'body', full)).toBe(true);
  });
});

describe('bounds (full only)', () => {
  it.each<[ShapeNode, unknown, string]>([
    [{ k: string, minLength: 2 }, 'a', 'body must be at least 2 characters long; got string "a".'],
    [{ k: string, minLength: 1, maxLength: 3 }, 'abcd', 'body must be 1 to 3 characters long; got string "abcd".'],
    [{ k: string, pattern: /^[a-z]+$/gu }, 'A', 'body must be a string matching /^[a-z]+$/gu; got string "A".'],
    [{ k: string, format: dateTime }, '2026-13', 'body must be a date-time such as 2026-01-31T08:00:00Z; got string "2026-13".'],
    [{ k: string, format: date }, '31/01/2026', 'body must be a date such as 2026-01-31; got string "31/01/2026".'],
    [{ k: string, format: uuid }, 'x', 'body must be a UUID; got string "x".'],
    [{ k: string, format: uri }, 'not a uri', 'body must be an absolute URI; got string "not a uri".'],
    [{ k: integer, maximum: 10 }, 11, 'body must be at most 10; got number 11.'],
    [{ k: integer, minimum: 1024, maximum: 65535 }, 80, 'body must be 1024 to 65535; got number 80.'],
    [{ k: number, exclusiveMinimum: 0 }, 0, 'body must be greater than 0; got number 0.'],
    [{ k: number, exclusiveMaximum: 1 }, 1, 'body must be less than 1; got number 1.'],
    [{ k: integer, multipleOf: 5 }, 12, 'body must be a multiple of 5; got number 12.'],
    [{ k: array, items: string, minItems: 1, maxItems: 2 }, [], 'body must be 1 to 2 items long; got an array.'],
    [{ k: array, items: integer, uniqueItems: true }, [1, 1], 'body must not hold the same item twice.'],
  ])('refuses %#, and lets it through under types', (shape, value, message) => {
    expect(problem(shape, value)).toBe(message);
    expect(() => checkShape(shape, value, 'body', types)).not.toThrow();
  });

  it('counts characters, not UTF-16 units, and checks a g-flagged pattern the same way every time', () => {
    expect(checkShape({ k: string, maxLength: 2 }, '😀😀', 'body', full)).toBe('😀😀');
    const shape: ShapeNode = { k: string, pattern: /a/g };
    for (let round = 0; round < 3; round++) expect(checkShape(shape, 'a', 'body', full)).toBe('a');
  });

  it('keeps a secret out of the message', () => {
    const message = problem({ k: string, maxLength: 4, secret: true }, '-----BEGIN PRIVATE KEY-----');
    expect(message).toBe('body must be at most 4 characters long; got a secret of 27 characters (not shown).');
  });
});

describe('objects and arrays', () => {
  const Node: ShapeNode = { k: object, props: { name: string, children: { k: array, items: () => Node } }, req: ['name'] };

  it('follows lazy references through a recursive shape, naming the deep place', () => {
    const tree = { name: 'a', children: [{ name: 'b', children: [{ name: 'c', children: [{ nam: 'd' }] }] }] };
    expect(problem(Node, tree)).toBe(
      'body.children[0].children[0].children[0].nam is not a property of body.children[0].children[0].children[0]; did you mean "name"? Its properties are name, children.',
    );
  });

  it('returns a plain copy without undefined properties; an open object keeps its other properties as JSON data', () => {
    const given = { name: 'a', children: [], skipped: undefined };
    const sent = checkShape({ ...Node, open: true }, given, 'body', full) as Record<string, unknown>;
    expect(sent).not.toBe(given);
    expect(JSON.stringify(sent)).toBe('{"name":"a","children":[]}');
    expect(problem({ ...Node, open: true }, { name: 'a', when: new Date(0) })).toBe(
      'body.when must be JSON data; got an object (plain objects, arrays and primitives only).',
    );
  });

  it('keeps an own "__proto__" key a key, never the copy\'s prototype', () => {
    const given = JSON.parse('{"__proto__": {"polluted": true}, "name": "a"}');
    const sent = checkShape({ k: object, open: true }, given, 'body', full) as Record<string, unknown>;
    expect(Object.getPrototypeOf(sent)).toBeNull();
    expect(JSON.parse(JSON.stringify(sent))).toEqual(given);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('asks for a required property with what it wants', () => {
    expect(problem({ k: object, props: { mode: { k: string, enum: ['A', 'B'] } }, req: ['mode'] }, {})).toBe('body.mode is required; pass one of "A", "B".');
  });
});
