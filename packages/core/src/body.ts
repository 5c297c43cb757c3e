import { describeValue, InvalidInputError } from './errors.js';
import { closestName } from './names.js';

/**
 * What a request body may look like, generated from the spec's schema beside
 * each operation: small enough to ship in every client, strict enough to
 * refuse, before sending, the mistakes a type checker cannot see at run time.
 *
 * `k` is the JSON kind; `enum` the allowed values; `items` the shape of an
 * array's items; `props` an object's known properties, `req` the required
 * ones, `open` that it accepts properties it does not list; `nullable` that
 * `null` is allowed. Kind `any` accepts everything.
 */
export type BodyShape =
  | { readonly k: 'string'; readonly enum?: readonly string[]; readonly nullable?: true }
  | { readonly k: 'integer' | 'number'; readonly enum?: readonly number[]; readonly nullable?: true }
  | { readonly k: 'boolean'; readonly nullable?: true }
  | { readonly k: 'array'; readonly items: BodyShape; readonly nullable?: true }
  | {
      readonly k: 'object';
      readonly props: Readonly<Record<string, BodyShape>>;
      readonly req?: readonly string[];
      readonly open?: true;
      readonly nullable?: true;
    }
  | { readonly k: 'any' };

function kindPhrase(shape: BodyShape): string {
  switch (shape.k) {
    case 'integer':
      return 'an integer';
    case 'array':
      return `an array of ${plural(shape.items)}`;
    case 'object':
      return 'an object';
    case 'any':
      return 'any value';
    default:
      return `a ${shape.k}`;
  }
}

function plural(shape: BodyShape): string {
  switch (shape.k) {
    case 'array':
      return 'arrays';
    case 'object':
      return 'objects';
    case 'any':
      return 'values';
    case 'integer':
      return 'integers';
    default:
      return `${shape.k}s`;
  }
}

function matchesKind(value: unknown, shape: BodyShape): boolean {
  switch (shape.k) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'any':
      return true;
  }
}

function list(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/**
 * Checks a request body against its generated shape; throws an
 * InvalidInputError naming the first wrong place (`body.source_urls[0]`) and
 * the fix.
 */
export function checkBody(operationId: string, shape: BodyShape, value: unknown, where = 'body'): void {
  const fail = (message: string, path = where): never => {
    throw new InvalidInputError(`${operationId}.${path}`, `${operationId}: ${message}`);
  };
  if (value === null && 'nullable' in shape && shape.nullable) return;
  if (!matchesKind(value, shape)) {
    const wrap = shape.k === 'array' && value !== undefined && matchesKind(value, shape.items) ? ' (wrap a single value in [ ])' : '';
    fail(`${where} must be ${kindPhrase(shape)}; got ${describeValue(value)}${wrap}.`);
  }
  switch (shape.k) {
    case 'string':
    case 'integer':
    case 'number':
      if (shape.enum && !(shape.enum as readonly unknown[]).includes(value)) {
        fail(`${where} must be one of ${list(shape.enum)}; got ${describeValue(value)}.`);
      }
      return;
    case 'array':
      (value as unknown[]).forEach((item, index) => checkBody(operationId, shape.items, item, `${where}[${index}]`));
      return;
    case 'object': {
      const object = value as Record<string, unknown>;
      const known = Object.keys(shape.props);
      // Unknown names first: a misspelled property usually explains a "missing" required one.
      if (!shape.open) {
        for (const name of Object.keys(object)) {
          if (Object.hasOwn(shape.props, name)) continue;
          const closest = closestName(name, known);
          fail(
            `${where} has no property "${name}"${closest ? `; did you mean "${closest}"?` : '.'} Its properties are ${known.join(', ') || '(none)'}.`,
            `${where}.${name}`,
          );
        }
      }
      for (const name of shape.req ?? []) {
        if (object[name] === undefined) {
          const property = Object.hasOwn(shape.props, name) ? shape.props[name] : undefined;
          const hint = property && 'enum' in property && property.enum ? `one of ${list(property.enum)}` : property ? kindPhrase(property) : 'a value';
          fail(`${where}.${name} is required; pass ${hint}.`, `${where}.${name}`);
        }
      }
      for (const [name, item] of Object.entries(object)) {
        if (item !== undefined && Object.hasOwn(shape.props, name)) checkBody(operationId, shape.props[name]!, item, `${where}.${name}`);
      }
      return;
    }
  }
}
