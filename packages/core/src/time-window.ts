import { InvalidInputError } from './errors.js';

/**
 * The time window of a statistics operation (`x-time-window`): which
 * parameters bound it and the limits the service states. A descriptor that
 * declares one names `checkTimeWindow` as its `check`, so only apps that call
 * such an operation bundle the check.
 */
export interface TimeWindowSpec {
  /** `checkTimeWindow`: `invoke` calls it with the window, the operation name and the input. */
  readonly check: (window: TimeWindowSpec, id: string, input: Readonly<Record<string, unknown>>, now?: number) => void;
  /** The parameter holding the start (a date-time). */
  readonly start: string;
  /** The parameter holding the end; when absent from a call, the range runs to now. */
  readonly end?: string;
  /** The longest range, in seconds. */
  readonly maxSpan?: number;
  /** How far back the start may lie, in seconds before now. */
  readonly maxAge?: number;
  /** Both parameters or neither. */
  readonly together?: true;
}

const UNITS: ReadonlyArray<readonly [number, string]> = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];

/** `9 days 3 hours` for 788400 seconds. */
function duration(seconds: number): string {
  let left = Math.round(seconds);
  const parts: string[] = [];
  for (const [size, unit] of UNITS) {
    const count = Math.floor(left / size);
    left -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.join(' ') || '0 seconds';
}

/**
 * Refuses, before sending, a time window the service would refuse: an end
 * not after the start, a range longer than `maxSpan` (to now when the end is
 * absent), a start older than `maxAge`, one bound without the other where
 * both go together. Values that are not date-times are left to the shape check.
 */
export function checkTimeWindow(window: TimeWindowSpec, id: string, input: Readonly<Record<string, unknown>>, now = Date.now()): void {
  const { start, end, maxSpan, maxAge } = window;
  const from = input[start];
  const to = end === undefined ? undefined : input[end];
  const fail = (at: string, message: string): never => {
    throw new InvalidInputError(`${id}.${at}`, `${id}: ${message}`);
  };
  if (window.together && end !== undefined && (from == null) !== (to == null)) {
    fail(from == null ? start : end, `${start} and ${end} go together; pass both or neither.`);
  }
  if (from == null) return;
  const first = Date.parse(String(from));
  const last = to == null ? now : Date.parse(String(to));
  if (Number.isNaN(first) || Number.isNaN(last)) return;
  if (to != null && last <= first) {
    fail(end!, `${end} (${String(to)}) must be after ${start} (${String(from)}). Swap them, or pass a later ${end}.`);
  }
  if (maxAge !== undefined && (now - first) / 1000 > maxAge) {
    fail(start, `${start} (${String(from)}) is ${duration((now - first) / 1000)} ago; the service keeps at most the last ${duration(maxAge)}. Pass a ${start} within the last ${duration(maxAge)}.`);
  }
  if (maxSpan !== undefined && end !== undefined && (last - first) / 1000 > maxSpan) {
    const limit = duration(maxSpan);
    fail(
      to == null ? start : end,
      to == null
        ? `without ${end} the range runs to now, and now - ${start} is ${duration((last - first) / 1000)}; the service accepts at most ${limit}. Pass an ${end} at most ${limit} after ${start}.`
        : `${end} - ${start} is ${duration((last - first) / 1000)}; the service accepts at most ${limit}. Split the range into calls of at most ${limit}.`,
    );
  }
}
