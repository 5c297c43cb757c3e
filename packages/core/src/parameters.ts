import { closestName } from './names.js';
import { describeValue, InvalidInputError } from './errors.js';

export type ParameterType = 'string' | 'integer' | 'number' | 'boolean';

/** What the spec says of one operation parameter; generated beside each method. */
export type ParameterRule =
  | {
      readonly in: 'path' | 'query';
      readonly type: ParameterType;
      readonly required?: boolean;
      /** Allowed values, when the spec lists them. */
      readonly enum?: readonly (string | number)[];
    }
  | {
      /** The JSON request body, passed as `body`; its contents are checked by `checkBody`. */
      readonly in: 'body';
      readonly required?: boolean;
    };

export type ParameterRules = Readonly<Record<string, ParameterRule>>;

/**
 * Validates an operation's parameters before the request is built, so that a
 * JavaScript caller (or a cast) gets a clear error instead of a request to a
 * literal `{task_name}` path or with a dropped, misspelled query parameter.
 */
export function checkParameters(operationId: string, rules: ParameterRules, params: unknown): void {
  const names = Object.keys(rules);
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    if (params === undefined && names.every((name) => !rules[name]!.required)) return;
    throw new InvalidInputError(
      operationId,
      `${operationId} expects a parameters object { ${names.map((name) => (rules[name]!.required ? name : `${name}?`)).join(', ')} }; got ${describeValue(params)}.`,
    );
  }

  const given = params as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (Object.hasOwn(rules, key)) continue;
    const closest = closestName(key, names);
    const hint =
      key === 'project_id'
        ? ' project_id comes from the client option projectId.'
        : closest
          ? ` Did you mean "${closest}"?`
          : '';
    throw new InvalidInputError(
      `${operationId}.${key}`,
      `${operationId} has no parameter "${key}"; its parameters are ${names.join(', ') || '(none)'}.${hint}`,
    );
  }

  for (const name of names) {
    const rule = rules[name]!;
    const value = given[name];
    if (value === undefined || value === null) {
      if (!rule.required) continue;
      const consequence =
        rule.in === 'path' ? ` (otherwise the request would go to a literal {${name}} path)` : '';
      const expected = rule.in === 'body' ? 'object' : rule.type;
      throw new InvalidInputError(
        `${operationId}.${name}`,
        `${operationId}: ${rule.in === 'body' ? 'the request body' : `${rule.in} parameter "${name}"`} is required${consequence}; pass { ${name}: <${expected}> }.`,
      );
    }
    if (rule.in === 'body') continue;
    if (!hasType(value, rule.type)) {
      throw new InvalidInputError(
        `${operationId}.${name}`,
        `${operationId}: parameter "${name}" must be ${article(rule.type)}; got ${describeValue(value)}.`,
      );
    }
    if (rule.enum && !rule.enum.includes(value as string | number)) {
      throw new InvalidInputError(
        `${operationId}.${name}`,
        `${operationId}: parameter "${name}" must be one of ${rule.enum.map((item) => JSON.stringify(item)).join(', ')}; got ${describeValue(value)}.`,
      );
    }
    if (rule.in === 'path' && (value === '.' || value === '..')) {
      throw new InvalidInputError(
        `${operationId}.${name}`,
        `${operationId}: parameter "${name}" must not be "${value}": a dot segment would send the request to another path.`,
      );
    }
    if (value === '' && (rule.required || rule.in === 'path')) {
      throw new InvalidInputError(
        `${operationId}.${name}`,
        `${operationId}: parameter "${name}" must not be an empty string.`,
      );
    }
  }
}

function hasType(value: unknown, type: ParameterType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

function article(type: ParameterType): string {
  return type === 'integer' ? 'an integer' : `a ${type}`;
}
