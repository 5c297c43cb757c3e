/**
 * Thrown before any request is sent when a client option or an operation
 * parameter cannot be used. The message names the input and the fix; it never
 * contains a credential.
 */
export class InvalidInputError extends TypeError {
  override readonly name = 'InvalidInputError';

  /** Which input was wrong, as a path: `options.region`, `DeletePullTask.task_id`. */
  readonly input: string;

  constructor(input: string, message: string) {
    super(message);
    this.input = input;
  }
}

/** A short, safe rendering of a rejected non-secret value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
