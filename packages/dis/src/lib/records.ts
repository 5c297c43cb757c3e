/**
 * Records in and out of a DIS stream: a producer (`putRecords`) and a consumer
 * (`readRecords`), built on the generated `sendRecords`, `showCursor`,
 * `consumeRecords` and `commitCheckpoint`.
 *
 * ```ts
 * import { createDisBareClient, fromEnv } from '@huaweicloud-openapi/dis';
 * import { putRecords, readRecords } from '@huaweicloud-openapi/dis/records';
 *
 * const dis = createDisBareClient({ region: 'cn-north-4', ...fromEnv() });
 *
 * // Strings, bytes or JSON values; batched, partial failures re-sent.
 * const put = await putRecords(dis, { stream: 'clicks', records: [{ page: '/' }, 'plain text', new Uint8Array([1, 2])], partitionKey: 'user-42' });
 * console.log(put[0]?.partitionId, put[0]?.sequenceNumber);
 *
 * // Every record of partition 0 from the oldest on, committing a checkpoint every 100 records.
 * const reader = readRecords(dis, { stream: 'clicks', partition: 0, from: 'TRIM_HORIZON', checkpoint: { app: 'billing', every: 100 }, signal });
 * for await (const record of reader) handle(record.json());
 * ```
 *
 * @module
 */
import { abortReason, normalizeError, type ServiceError } from '@huaweicloud-openapi/core';
import { commitCheckpoint, consumeRecords, sendRecords, showCursor, type DisBareClient, type RecordPutEntry } from '../index.js';
import { fromBase64, toBase64 } from './internal/base64.js';

// ---------------------------------------------------------------- limits

/**
 * Most records one SendRecords request carries. No DIS page states a count per
 * request; a partition takes 1,000 records a second (DIS glossary, "partition"),
 * and 500 keeps one request within that for the default of one partition.
 */
export const MAX_RECORDS_PER_REQUEST = 500;
/**
 * Most bytes of one SendRecords request, counted as the base64 `data`, the
 * partition key or id and {@link RECORD_OVERHEAD_BYTES} of JSON per record. The
 * official DIS Python SDK splits its batches at 4 MiB; no page states a limit.
 */
export const MAX_BYTES_PER_REQUEST = 4 * 1024 * 1024;
/** Most bytes of one record before base64: "The payload of a data blob can be up to 1 MB before Base64 encoding" (DIS glossary, "data record"). */
export const MAX_RECORD_BYTES = 1024 * 1024;
/** JSON around one record's fields in the request body, counted toward {@link MAX_BYTES_PER_REQUEST}. */
export const RECORD_OVERHEAD_BYTES = 64;
/**
 * DIS error codes (from its error code list) that mean "slow down and try
 * again": `DIS.4303` exceeded traffic control limit, `DIS.4305` too many stream
 * requests. A 429, and any `DIS.5…` code or 5xx status, are retried as well.
 */
export const THROTTLING_CODES: readonly string[] = ['DIS.4303', 'DIS.4305'];
/** Codes ConsumeRecords answers for a cursor that must be obtained again: `DIS.4225` expired partition cursor, `DIS.4217` invalid partition cursor, `DIS.4226` the cursor's sequence number expired. */
export const EXPIRED_CURSOR_CODES: readonly string[] = ['DIS.4225', 'DIS.4217', 'DIS.4226'];

// ---------------------------------------------------------------- shared helpers

/** Exponential backoff with full jitter: a random wait up to `min(maxDelayMs, baseDelayMs × 2^attempt)`. */
export interface BackoffOptions {
  /** Default 100 ms (producer), 200 ms (consumer's empty reads). */
  baseDelayMs?: number | undefined;
  /** Default 5 000 ms. */
  maxDelayMs?: number | undefined;
}

function backoffDelay(options: BackoffOptions | undefined, attempt: number, base: number): number {
  const baseMs = options?.baseDelayMs ?? base;
  const maxMs = options?.maxDelayMs ?? 5_000;
  return Math.random() * Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
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

function isRetryable(failure: ServiceError): boolean {
  if (failure.status === 429 || failure.status >= 500) return true;
  const code = failure.code ?? '';
  return THROTTLING_CODES.includes(code) || code.startsWith('DIS.5');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// ---------------------------------------------------------------- producer

/** What a record may be: a string (sent as UTF-8), bytes, or any other JSON value (sent as its UTF-8 JSON text). */
export type RecordValue = string | Uint8Array | ArrayBuffer | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };

/** Chooses a value per record: one for all, or a function of the record and its index. */
export type PerRecord<T, R extends RecordValue = RecordValue> = T | ((record: R, index: number) => T | undefined);

export interface PutRecordsOptions<R extends RecordValue = RecordValue> {
  /** Name of the stream. */
  stream: string;
  /** Stream ID, for a stream another account authorised you to write to. */
  streamId?: string | undefined;
  records: Iterable<R>;
  /** Key whose hash picks each record's partition (the service picks when none is given). */
  partitionKey?: PerRecord<string, R> | undefined;
  /** Partition to write each record to (`0` or `shardId-0000000000`); wins over `partitionKey`. */
  partitionId?: PerRecord<string | number, R> | undefined;
  /** Hash (decimal) that picks each record's partition instead of the partition key's hash. */
  explicitHashKey?: PerRecord<string, R> | undefined;
  /** Most records per request; default and ceiling {@link MAX_RECORDS_PER_REQUEST}. */
  maxRecordsPerRequest?: number | undefined;
  /** Most bytes per request; default and ceiling {@link MAX_BYTES_PER_REQUEST}. */
  maxBytesPerRequest?: number | undefined;
  /** Waits between re-sends of failed records (default 100 ms base, 5 s most). */
  backoff?: BackoffOptions | undefined;
  /** Time, in ms, after which records still failing are given up (default 60 000). No re-send starts after it. */
  deadlineMs?: number | undefined;
  /** Most sends of one batch, the first included (default: unlimited, the deadline decides). */
  maxAttempts?: number | undefined;
  /** Aborts the whole put: the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Where one record was stored. */
export interface PutRecordResult {
  partitionId: string;
  sequenceNumber: string;
}

/** One record that never made it into the stream. */
export interface FailedRecord {
  /** Index of the record in the input. */
  index: number;
  /** The last error code: per record (`DIS.4303`), of the whole request (`DIS.4301`, `HTTP 429`), or `NOT_SENT` when the put stopped before its batch was sent. */
  errorCode: string;
  errorMessage?: string | undefined;
}

/**
 * `putRecords` gave up: `failed` lists each record that was not stored, with its
 * last error; `results` has, by input index, where every other one was stored.
 * `cause` is the ServiceError or network error that stopped it, if one did.
 */
export class PutRecordsError extends Error {
  override readonly name = 'PutRecordsError';
  readonly failed: readonly FailedRecord[];
  readonly results: readonly (PutRecordResult | undefined)[];

  constructor(failed: FailedRecord[], results: (PutRecordResult | undefined)[], cause?: unknown) {
    const codes = [...new Set(failed.map((record) => record.errorCode))].join(', ');
    super(`${failed.length} of ${results.length} records were not stored (${codes}).`, cause === undefined ? undefined : { cause });
    this.failed = failed;
    this.results = results;
  }
}

interface Prepared {
  entry: RecordPutEntry;
  size: number;
}

function encodeRecord(record: RecordValue): Uint8Array {
  if (typeof record === 'string') return encoder.encode(record);
  if (record instanceof Uint8Array) return record;
  if (record instanceof ArrayBuffer) return new Uint8Array(record);
  const json = JSON.stringify(record);
  if (json === undefined) throw new TypeError('putRecords: a record must be a string, bytes or a JSON value.');
  return encoder.encode(json);
}

function pick<T, R extends RecordValue>(option: PerRecord<T, R> | undefined, record: R, index: number): T | undefined {
  return typeof option === 'function' ? (option as (record: R, index: number) => T | undefined)(record, index) : option;
}

function prepare<R extends RecordValue>(records: R[], options: PutRecordsOptions<R>): Prepared[] {
  return records.map((record, index) => {
    const bytes = encodeRecord(record);
    if (bytes.length > MAX_RECORD_BYTES) throw new RangeError(`putRecords: record ${index} has ${bytes.length} bytes; DIS takes at most ${MAX_RECORD_BYTES} a record.`);
    const entry: RecordPutEntry = { data: toBase64(bytes) };
    const partitionId = pick(options.partitionId, record, index);
    const partitionKey = pick(options.partitionKey, record, index);
    const explicitHashKey = pick(options.explicitHashKey, record, index);
    if (partitionId !== undefined) entry.partition_id = String(partitionId);
    if (partitionKey !== undefined) entry.partition_key = partitionKey;
    if (explicitHashKey !== undefined) entry.explicit_hash_key = explicitHashKey;
    const size = entry.data.length + (entry.partition_id?.length ?? 0) + (entry.partition_key?.length ?? 0) + (entry.explicit_hash_key?.length ?? 0) + RECORD_OVERHEAD_BYTES;
    return { entry, size };
  });
}

/** Splits indices into batches of at most `maxRecords` records and `maxBytes` bytes (a single larger record goes alone). */
function batches(prepared: Prepared[], maxRecords: number, maxBytes: number): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  prepared.forEach(({ size }, index) => {
    if (current.length > 0 && (current.length >= maxRecords || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) out.push(current);
  return out;
}

function limit(value: number | undefined, ceiling: number, name: string): number {
  if (value === undefined) return ceiling;
  if (!Number.isInteger(value) || value < 1 || value > ceiling) throw new RangeError(`putRecords: ${name} must be an integer from 1 to ${ceiling}; got ${String(value)}.`);
  return value;
}

/**
 * Writes records into a stream and resolves with where each was stored
 * (`{ partitionId, sequenceNumber }`), in input order.
 *
 * Each record is a string (UTF-8), bytes, or another JSON value (its JSON
 * text), base64-encoded as SendRecords wants; `partitionKey`, `partitionId` and
 * `explicitHashKey` take one value or a function of the record. Records go in
 * batches of at most {@link MAX_RECORDS_PER_REQUEST} records and
 * {@link MAX_BYTES_PER_REQUEST} bytes, one batch after another. SendRecords can
 * store some records of a batch and refuse others (`failed_record_count`, an
 * `error_code` per record): only the refused ones are sent again, with
 * backoff, until they are stored, `maxAttempts` is reached or `deadlineMs`
 * passes. A whole request refused for throttling (429, `DIS.4303`,
 * `DIS.4305`) or a server error (5xx, `DIS.5…`) is sent again the same way; any
 * other refusal stops at once.
 *
 * Delivery is at least once: a re-sent batch may store a record twice if the
 * service stored it but the answer was lost. Records re-sent after a partial
 * failure land after records of the same batch that were stored the first
 * time, so within a partition the order is that of the sequence numbers
 * returned, which is the input order when nothing failed.
 *
 * Rejects with a {@link PutRecordsError} listing the records never stored and
 * their last error codes, or with the signal's reason when `signal` aborts.
 * A record over {@link MAX_RECORD_BYTES} rejects with a RangeError before
 * anything is sent.
 *
 * @example
 * const stored = await putRecords(dis, { stream: 'clicks', records: events, partitionKey: (event) => event.user });
 */
export async function putRecords<R extends RecordValue>(client: DisBareClient, options: PutRecordsOptions<R>): Promise<PutRecordResult[]> {
  const records = [...options.records];
  const maxRecords = limit(options.maxRecordsPerRequest, MAX_RECORDS_PER_REQUEST, 'maxRecordsPerRequest');
  const maxBytes = limit(options.maxBytesPerRequest, MAX_BYTES_PER_REQUEST, 'maxBytesPerRequest');
  const prepared = prepare(records, options);
  const { signal } = options;
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const maxAttempts = options.maxAttempts ?? Infinity;
  const results: (PutRecordResult | undefined)[] = new Array(records.length).fill(undefined);
  const lastError = new Map<number, { code: string; message?: string | undefined }>();

  const giveUp = (cause?: unknown): never => {
    const failed: FailedRecord[] = [];
    results.forEach((result, index) => {
      if (result) return;
      const error = lastError.get(index);
      failed.push({ index, errorCode: error?.code ?? 'NOT_SENT', errorMessage: error?.message });
    });
    throw new PutRecordsError(failed, results, cause);
  };

  for (const batch of batches(prepared, maxRecords, maxBytes)) {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      if (attempt > 0) {
        if (attempt >= maxAttempts) giveUp();
        const delay = backoffDelay(options.backoff, attempt - 1, 100);
        if (Date.now() + delay > deadline) giveUp();
        await sleep(delay, signal);
      }
      const body = { stream_name: options.stream, records: pending.map((index) => prepared[index]!.entry), ...(options.streamId === undefined ? {} : { stream_id: options.streamId }) };
      let result;
      try {
        result = await sendRecords(client, { body }, { signal });
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        for (const index of pending) lastError.set(index, { code: 'REQUEST_FAILED', message: error instanceof Error ? error.message : String(error) });
        giveUp(error);
      }
      const failure = normalizeError(result!);
      if (failure) {
        for (const index of pending) lastError.set(index, { code: failure.code ?? `HTTP ${failure.status}`, message: failure.message });
        if (isRetryable(failure)) continue;
        giveUp(failure);
      }
      const answers = result!.data?.records ?? [];
      const next: number[] = [];
      pending.forEach((index, position) => {
        const answer = answers[position];
        if (answer && !answer.error_code && answer.sequence_number !== undefined) {
          results[index] = { partitionId: answer.partition_id ?? '', sequenceNumber: answer.sequence_number };
          lastError.delete(index);
        } else {
          lastError.set(index, { code: answer?.error_code ?? 'NO_RESULT', message: answer?.error_message });
          next.push(index);
        }
      });
      pending = next;
    }
  }
  return results as PutRecordResult[];
}

// ---------------------------------------------------------------- consumer

/**
 * Where reading starts: `TRIM_HORIZON` (the oldest record kept), `LATEST`
 * (only records written from now on), at or after a sequence number, or at the
 * first record written at or after a time.
 */
export type StartPosition =
  | 'TRIM_HORIZON'
  | 'LATEST'
  | { atSequenceNumber: string }
  | { afterSequenceNumber: string }
  | { atTimestamp: number | Date };

/** Commits a `LAST_READ` checkpoint for a consumer app (created with `createApp`). */
export interface CheckpointOptions {
  app: string;
  /** Commit after every this many records (counted when the loop asks for the next one, so a committed record was handled). Default: only on `reader.checkpoint()`. */
  every?: number | undefined;
  /** The consumer's own data to keep with each checkpoint (at most 1,000 characters). */
  metadata?: string | undefined;
}

export interface ReadRecordsOptions {
  stream: string;
  /** Partition to read: its number (`0`) or id (`shardId-0000000000`). */
  partition: string | number;
  /** Where to start; default `TRIM_HORIZON`. */
  from?: StartPosition | undefined;
  /** Most bytes one ConsumeRecords call returns. */
  maxFetchBytes?: number | undefined;
  /** Wait after an empty read or a throttled one (default 200 ms base, growing to 5 s); reset by the next record. */
  backoff?: BackoffOptions | undefined;
  /** End the iteration at the first empty read instead of waiting for more: to drain what a partition holds. */
  stopWhenEmpty?: boolean | undefined;
  checkpoint?: CheckpointOptions | undefined;
  /** Ends the iteration (without an error) and any wait or request under way. */
  signal?: AbortSignal | undefined;
}

/** One record read. */
export interface DisRecord {
  sequenceNumber: string;
  partitionKey: string | undefined;
  /** When DIS stored it, ms since the epoch. */
  timestamp: number | undefined;
  timestampType: string | undefined;
  /** The record's bytes (base64 decoded). */
  data: Uint8Array;
  /** The bytes as UTF-8 text. */
  text(): string;
  /** The bytes parsed as JSON. */
  json<T = unknown>(): T;
}

/** The async iterable `readRecords` returns, with the consumer's position and an on-demand checkpoint. */
export interface RecordReader extends AsyncIterable<DisRecord> {
  /** Sequence number of the last record delivered, if any. */
  readonly lastSequenceNumber: string | undefined;
  /** Commits the last delivered record as the app's checkpoint (needs `checkpoint.app`); resolves with no commit when nothing was delivered yet. */
  checkpoint(): Promise<void>;
}

function cursorQuery(stream: string, partition: string, from: StartPosition): Parameters<typeof showCursor>[1] {
  const base = { 'stream-name': stream, 'partition-id': partition };
  if (from === 'TRIM_HORIZON' || from === 'LATEST') return { ...base, 'cursor-type': from };
  if ('atSequenceNumber' in from) return { ...base, 'cursor-type': 'AT_SEQUENCE_NUMBER', 'starting-sequence-number': from.atSequenceNumber };
  if ('afterSequenceNumber' in from) return { ...base, 'cursor-type': 'AFTER_SEQUENCE_NUMBER', 'starting-sequence-number': from.afterSequenceNumber };
  const time = from.atTimestamp instanceof Date ? from.atTimestamp.getTime() : from.atTimestamp;
  return { ...base, 'cursor-type': 'AT_TIMESTAMP', timestamp: time };
}

function toRecord(raw: { sequence_number?: string; partition_key?: string; timestamp?: number; timestamp_type?: string; data?: string }): DisRecord {
  const data = fromBase64(raw.data ?? '');
  return {
    sequenceNumber: raw.sequence_number ?? '',
    partitionKey: raw.partition_key,
    timestamp: raw.timestamp,
    timestampType: raw.timestamp_type,
    data,
    text: () => decoder.decode(data),
    json: <T>() => JSON.parse(decoder.decode(data)) as T,
  };
}

/**
 * An async iterable over the records of one partition, in order.
 *
 * It obtains a cursor (ShowCursor) for `from`, reads with it (ConsumeRecords)
 * and follows each answer's next cursor. An empty read waits with growing
 * backoff before the next one (or ends the iteration with `stopWhenEmpty`);
 * a throttled read (429, `DIS.4303`, `DIS.4305`, 5xx) waits the same way. A
 * cursor that expired (they last 5 minutes) or went invalid is obtained again
 * just after the last record delivered, so no record is skipped or repeated.
 * Any other refusal throws a ServiceError from the loop. Aborting `signal`
 * ends the iteration quietly.
 *
 * With `checkpoint: { app, every }` a `LAST_READ` checkpoint is committed
 * every `every` records; `reader.checkpoint()` commits on demand.
 *
 * @example
 * const reader = readRecords(dis, { stream: 'clicks', partition: 0, from: { afterSequenceNumber: saved }, signal });
 * for await (const record of reader) {
 *   await handle(record.text());
 *   if (done) await reader.checkpoint();
 * }
 */
export function readRecords(client: DisBareClient, options: ReadRecordsOptions): RecordReader {
  const partition = String(options.partition);
  const { signal, checkpoint } = options;
  if (checkpoint?.every !== undefined && (!Number.isInteger(checkpoint.every) || checkpoint.every < 1)) {
    throw new RangeError(`readRecords: checkpoint.every must be a positive integer; got ${String(checkpoint.every)}.`);
  }
  let last: string | undefined;
  let committed: string | undefined;

  const commit = async (): Promise<void> => {
    if (!checkpoint) throw new TypeError('readRecords: checkpoint() needs the checkpoint.app option.');
    const sequence = last;
    if (sequence === undefined || sequence === committed) return;
    const result = await commitCheckpoint(
      client,
      { body: { app_name: checkpoint.app, checkpoint_type: 'LAST_READ', stream_name: options.stream, partition_id: partition, sequence_number: sequence, ...(checkpoint.metadata === undefined ? {} : { metadata: checkpoint.metadata }) } },
      { signal },
    );
    const failure = normalizeError(result);
    if (failure) throw failure;
    committed = sequence;
  };

  async function obtainCursor(): Promise<string> {
    const from: StartPosition = last === undefined ? (options.from ?? 'TRIM_HORIZON') : { afterSequenceNumber: last };
    for (let attempt = 0; ; attempt++) {
      const result = await showCursor(client, cursorQuery(options.stream, partition, from), { signal });
      const failure = normalizeError(result);
      if (!failure) {
        const cursor = result.data?.partition_cursor;
        if (!cursor) throw new TypeError('readRecords: ShowCursor answered without a partition_cursor.');
        return cursor;
      }
      if (!isRetryable(failure)) throw failure;
      await sleep(backoffDelay(options.backoff, attempt, 200), signal);
    }
  }

  async function* iterate(): AsyncGenerator<DisRecord> {
    try {
      let cursor = await obtainCursor();
      let idle = 0;
      let sinceCommit = 0;
      let renewals = 0;
      for (;;) {
        if (signal?.aborted) return;
        const query = options.maxFetchBytes === undefined ? { 'partition-cursor': cursor } : { 'partition-cursor': cursor, max_fetch_bytes: options.maxFetchBytes };
        const result = await consumeRecords(client, query, { signal });
        const failure = normalizeError(result);
        if (failure) {
          if (EXPIRED_CURSOR_CODES.includes(failure.code ?? '')) {
            // A fresh cursor refused again at once: wait before the next one rather than spin.
            if (renewals++ > 0) await sleep(backoffDelay(options.backoff, renewals - 2, 200), signal);
            cursor = await obtainCursor();
            continue;
          }
          renewals = 0;
          if (!isRetryable(failure)) throw failure;
          await sleep(backoffDelay(options.backoff, idle++, 200), signal);
          continue;
        }
        renewals = 0;
        const records = result.data?.records ?? [];
        if (result.data?.next_partition_cursor) cursor = result.data.next_partition_cursor;
        if (records.length === 0) {
          if (options.stopWhenEmpty) return;
          await sleep(backoffDelay(options.backoff, idle++, 200), signal);
          continue;
        }
        idle = 0;
        for (const raw of records) {
          const record = toRecord(raw);
          last = record.sequenceNumber;
          yield record;
          if (checkpoint?.every !== undefined && ++sinceCommit >= checkpoint.every) {
            await commit();
            sinceCommit = 0;
          }
        }
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
  }

  return {
    get lastSequenceNumber() {
      return last;
    },
    checkpoint: commit,
    [Symbol.asyncIterator]: () => iterate(),
  };
}
