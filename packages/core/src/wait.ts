import { abortReason, clean, InvalidInputError, normalizeError } from './errors.js';
import { readPath } from './path.js';

/** How a task reports its state, from the spec's `x-waiter`; generated beside each `waitFor<Name>`. */
export interface WaiterSpec {
  /** Where the task sits in the poll operation's body (`task_array[0]`; `''` = the body). */
  readonly resource: string;
  /** Property of the task holding its state. */
  readonly status: string;
  /** Targets a caller can wait for; the first is the default. */
  readonly until: Readonly<Record<string, { readonly success: readonly string[]; readonly failure: readonly string[] }>>;
  /** Parameters that pick the task when polling a list: required to wait, even where the list has them optional. */
  readonly identify?: readonly string[];
  /** Where the task says why it failed (paths inside the task): put in a failure's message and on the WaiterError. */
  readonly error?: { readonly code?: string; readonly message?: string };
}

/** Options of a generated `waitFor<Name>`. */
export interface WaitOptions<Target extends string = string> {
  /** Which target state group to wait for (default: the first the spec declares). */
  until?: Target | undefined;
  /** Gives up after this many ms with a WaiterError of kind `timeout`. Default 600 000 (10 min). */
  timeoutMs?: number | undefined;
  /** Stops waiting at once; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** First delay between polls in ms (default 2 000); doubles up to `maxDelayMs`. */
  minDelayMs?: number | undefined;
  /** Longest delay between polls in ms (default 30 000). */
  maxDelayMs?: number | undefined;
  /** Extra request headers for every poll. */
  headers?: Record<string, string> | undefined;
}

/**
 * A wait that ended without reaching a success state: the task reached a
 * failure state (`failed`), disappeared (`missing`) or the time ran out
 * (`timeout`). `state` is the last state seen; `resource` the last task object.
 */
export class WaiterError extends Error {
  override readonly name = 'WaiterError';
  readonly kind: 'failed' | 'missing' | 'timeout';
  readonly state: string | undefined;
  readonly resource: unknown;
  /** The task's own error code, where the spec says where it is (`MPC.10212`). */
  readonly code: string | undefined;
  /** The task's own explanation of the failure. */
  readonly detail: string | undefined;

  constructor(kind: WaiterError['kind'], message: string, state: string | undefined, resource: unknown, code?: string, detail?: string) {
    super(message);
    this.kind = kind;
    this.state = state;
    this.resource = resource;
    this.code = code;
    this.detail = detail;
  }
}

type PollCall = (init: {
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
}) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The longest delay a timer can honour (2^31 − 1 ms, about 24.8 days); Node fires a longer one after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function milliseconds(value: unknown, name: string, fallback: number, { allowInfinity = false } = {}): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (value > MAX_TIMER_MS && !(allowInfinity && value === Infinity))) {
    throw new InvalidInputError(
      name,
      `${name} must be a number of milliseconds from 0 to ${MAX_TIMER_MS} (about 24.8 days)${allowInfinity ? ', or Infinity for no limit' : ''}; got ${String(value)}.`,
    );
  }
  return value;
}

/**
 * Polls a task until it reaches a success state of the chosen target (resolves
 * with the task object), a failure state (rejects with a WaiterError naming
 * the state), the timeout, or the signal. Delays grow from `minDelayMs` to
 * `maxDelayMs` with jitter; an error answer rejects with its ServiceError.
 */
export async function waitFor<Resource>(
  name: string,
  poll: PollCall,
  spec: WaiterSpec,
  options: WaitOptions = {},
  params?: Readonly<Record<string, unknown>>,
): Promise<Resource> {
  for (const key of spec.identify ?? []) {
    const value = params?.[key];
    if (value === undefined || value === null || value === '') {
      throw new InvalidInputError(
        `params.${key}`,
        `waitFor${name}: params.${key} is required: it picks the task to wait for (without it the list's first task would be watched). Pass the id the create call returned.`,
      );
    }
  }
  const targets = Object.keys(spec.until);
  const target = options.until ?? targets[0]!;
  const states = spec.until[target];
  if (!states) {
    throw new InvalidInputError(
      `waitFor${name}.until`,
      `waitFor${name}: until must be one of ${targets.map((item) => JSON.stringify(item)).join(', ')}; got ${JSON.stringify(target)}.`,
    );
  }
  const timeoutMs = milliseconds(options.timeoutMs, 'timeoutMs', 600_000, { allowInfinity: true });
  let wait = milliseconds(options.minDelayMs, 'minDelayMs', 2_000);
  const maxDelayMs = Math.max(wait, milliseconds(options.maxDelayMs, 'maxDelayMs', 30_000));
  const { signal, headers } = options;
  const deadline = Date.now() + timeoutMs;
  const timeout = new AbortController();
  // Infinity: no timer at all (Node would fire it after 1 ms).
  const timer = timeoutMs === Infinity ? undefined : setTimeout(() => timeout.abort(), timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  let state: string | undefined;
  let resource: unknown;
  const timedOut = () =>
    new WaiterError(
      'timeout',
      `waitFor${name}: gave up after ${timeoutMs} ms waiting for ${states.success.join(' or ')}; the last state was ${state === undefined ? '(none yet)' : clean(state)}.`,
      state,
      resource,
    );
  try {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      let result;
      try {
        result = await poll({ signal: combined, headers });
      } catch (error) {
        if (timeout.signal.aborted && !signal?.aborted) throw timedOut();
        throw error;
      }
      const failure = normalizeError(result);
      if (failure) throw failure;
      resource = readPath(result.data, spec.resource);
      if (resource === undefined || resource === null) {
        throw new WaiterError('missing', `waitFor${name}: the task was not found in the answer (it may have been deleted).`, state, resource);
      }
      const value = readPath(resource, spec.status);
      state = value === undefined || value === null ? undefined : String(value);
      if (state !== undefined && states.success.includes(state)) return resource as Resource;
      if (state !== undefined && states.failure.includes(state)) {
        const text = (path: string | undefined) => {
          const value = path ? readPath(resource, path) : undefined;
          return value === undefined || value === null || value === '' ? undefined : clean(String(value));
        };
        const code = text(spec.error?.code);
        const detail = text(spec.error?.message);
        const why = [code, detail].filter(Boolean).join(': ');
        throw new WaiterError('failed', `waitFor${name}: the task reached the failure state ${clean(state)}${why ? ` (${why})` : ''}.`, state, resource, code, detail);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw timedOut();
      const jittered = wait / 2 + Math.random() * (wait / 2);
      try {
        await delay(Math.min(jittered, remaining), combined);
      } catch (error) {
        if (timeout.signal.aborted && !signal?.aborted) throw timedOut();
        throw error;
      }
      wait = Math.min(wait * 2, maxDelayMs);
    }
  } finally {
    clearTimeout(timer);
  }
}
