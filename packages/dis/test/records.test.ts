// The producer and consumer (src/lib/records.ts) against a local server that
// imitates DIS's data plane: SendRecords, ShowCursor, ConsumeRecords and
// CommitCheckpoint, with partial failures, throttling and expiring cursors
// injected by counters (never by time), so every run takes the same path.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDisBareClient, ServiceError, type DisBareClient } from '../src/index.js';
import { MAX_RECORDS_PER_REQUEST, putRecords, PutRecordsError, readRecords, type DisRecord, type RecordValue } from '../src/lib/records.js';

const projectId = 'dis-records-project';
const token = 'token-records';

interface Stored {
  sequence: string;
  data: string;
  key: string | undefined;
  timestamp: number;
}

interface Fault {
  status: number;
  body: unknown;
}

/** In-memory DIS data plane. Hooks decide faults from counters only. */
class FakeDis {
  partitions: Stored[][] = [];
  clock = 1_700_000_000_000;
  sendCount = 0;
  readCount = 0;
  cursorCount = 0;
  sentBatchSizes: number[] = [];
  sentBatchBytes: number[] = [];
  checkpoints: { app: string; partition: string; sequence: string }[] = [];
  /** Per SendRecords request: a fault for the whole request. */
  sendFault: (n: number) => Fault | undefined = () => undefined;
  /** Per record of a SendRecords request: an error code to refuse it with. */
  recordFault: (data: string, n: number) => string | undefined = () => undefined;
  /** Per ConsumeRecords request: a fault (expired cursor, throttling). */
  readFault: (n: number) => Fault | undefined = () => undefined;
  readLimit = 100;

  constructor(partitionCount: number) {
    this.reset(partitionCount);
  }

  reset(partitionCount: number): void {
    this.partitions = Array.from({ length: partitionCount }, () => []);
    this.sendCount = this.readCount = this.cursorCount = 0;
    this.sentBatchSizes = [];
    this.sentBatchBytes = [];
    this.checkpoints = [];
    this.sendFault = () => undefined;
    this.recordFault = () => undefined;
    this.readFault = () => undefined;
    this.readLimit = 100;
  }

  partitionIndex(id: string): number {
    const n = Number(id.replace(/^shardId-/, ''));
    if (!Number.isInteger(n) || n < 0 || n >= this.partitions.length) return -1;
    return n;
  }

  put(body: { stream_name: string; records: { data: string; partition_id?: string; partition_key?: string }[] }, raw: number): [number, unknown] {
    const n = this.sendCount++;
    this.sentBatchSizes.push(body.records.length);
    this.sentBatchBytes.push(raw);
    const fault = this.sendFault(n);
    if (fault) return [fault.status, fault.body];
    let failed = 0;
    const records = body.records.map((record, i) => {
      const code = this.recordFault(record.data, n);
      if (code) {
        failed++;
        return { error_code: code, error_message: 'Exceeded traffic control limit.' };
      }
      let p: number;
      if (record.partition_id !== undefined) p = this.partitionIndex(record.partition_id);
      else if (record.partition_key !== undefined) p = [...record.partition_key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % this.partitions.length;
      else p = (n + i) % this.partitions.length;
      if (p < 0) {
        failed++;
        return { error_code: 'DIS.4302', error_message: 'Partition does not exist.' };
      }
      const partition = this.partitions[p]!;
      const sequence = String(1000 + partition.length);
      partition.push({ sequence, data: record.data, key: record.partition_key, timestamp: this.clock++ });
      return { partition_id: `shardId-${String(p).padStart(10, '0')}`, sequence_number: sequence };
    });
    return [200, { failed_record_count: failed, records }];
  }

  cursor(query: URLSearchParams): [number, unknown] {
    this.cursorCount++;
    const p = this.partitionIndex(query.get('partition-id') ?? '');
    if (p < 0) return [400, { errorCode: 'DIS.4302', message: 'Partition does not exist.' }];
    const partition = this.partitions[p]!;
    const type = query.get('cursor-type') ?? 'AT_SEQUENCE_NUMBER';
    const sequence = query.get('starting-sequence-number');
    let position: number;
    if (type === 'TRIM_HORIZON') position = 0;
    else if (type === 'LATEST') position = partition.length;
    else if (type === 'AT_TIMESTAMP') {
      const time = Number(query.get('timestamp'));
      position = partition.findIndex((record) => record.timestamp >= time);
      if (position < 0) position = partition.length;
    } else {
      const at = partition.findIndex((record) => record.sequence === sequence);
      if (at < 0) return [400, { errorCode: 'DIS.4224', message: 'Sequence_number out of range.' }];
      position = type === 'AFTER_SEQUENCE_NUMBER' ? at + 1 : at;
    }
    return [200, { partition_cursor: this.encodeCursor(p, position) }];
  }

  encodeCursor(partition: number, position: number): string {
    return Buffer.from(JSON.stringify({ partition, position })).toString('base64');
  }

  read(query: URLSearchParams): [number, unknown] {
    const n = this.readCount++;
    const fault = this.readFault(n);
    if (fault) return [fault.status, fault.body];
    let cursor: { partition: number; position: number };
    try {
      cursor = JSON.parse(Buffer.from(query.get('partition-cursor') ?? '', 'base64').toString());
    } catch {
      return [400, { errorCode: 'DIS.4217', message: 'Invalid partition cursor.' }];
    }
    const partition = this.partitions[cursor.partition]!;
    const records = partition.slice(cursor.position, cursor.position + this.readLimit);
    return [
      200,
      {
        records: records.map((record) => ({ partition_key: record.key, sequence_number: record.sequence, data: record.data, timestamp: record.timestamp, timestamp_type: 'CreateTime' })),
        next_partition_cursor: this.encodeCursor(cursor.partition, cursor.position + records.length),
      },
    ];
  }

  commit(body: { app_name: string; partition_id: string; sequence_number: string }): [number, unknown] {
    this.checkpoints.push({ app: body.app_name, partition: body.partition_id, sequence: body.sequence_number });
    return [201, undefined];
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let answer: [number, unknown] = [404, { errorCode: 'DIS.4200', message: 'Invalid request.' }];
    if (request.headers['x-auth-token'] !== token) answer = [401, { error_code: 'APIG.1002', error_msg: 'Incorrect token' }];
    else if (url.pathname === `/v2/${projectId}/records` && request.method === 'POST') answer = this.put(JSON.parse(raw.toString()), raw.length);
    else if (url.pathname === `/v2/${projectId}/records` && request.method === 'GET') answer = this.read(url.searchParams);
    else if (url.pathname === `/v2/${projectId}/cursors` && request.method === 'GET') answer = this.cursor(url.searchParams);
    else if (url.pathname === `/v2/${projectId}/checkpoints` && request.method === 'POST') answer = this.commit(JSON.parse(raw.toString()));
    const [status, body] = answer;
    if (body === undefined) {
      response.writeHead(status).end();
      return;
    }
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }
}

const dis = new FakeDis(3);
let server: Server;
let client: DisBareClient;
const fast = { baseDelayMs: 1, maxDelayMs: 2 };

beforeAll(async () => {
  server = createServer((request, response) => {
    dis.handle(request, response).catch((error) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = createDisBareClient({ endpoint: `http://127.0.0.1:${port}`, projectId, credentials: { token }, retry: { maxAttempts: 2, ...fast } });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => dis.reset(3));

async function readAll(partition: number, options: Partial<Parameters<typeof readRecords>[1]> = {}): Promise<DisRecord[]> {
  const out: DisRecord[] = [];
  for await (const record of readRecords(client, { stream: 's', partition, stopWhenEmpty: true, backoff: fast, ...options })) out.push(record);
  return out;
}

const decode = (text: string) => Buffer.from(text, 'base64').toString();

describe('putRecords', () => {
  it('encodes strings as UTF-8, bytes as they are and other values as JSON, base64 on the wire, results in input order', async () => {
    const records: RecordValue[] = ['héllo', new Uint8Array([0, 255, 7]), { a: 1 }, [1, 'x'], 42, null];
    const result = await putRecords(client, { stream: 's', records, partitionId: 1 });

    expect(result.map((r) => r.partitionId)).toEqual(Array(6).fill('shardId-0000000001'));
    expect(result.map((r) => r.sequenceNumber)).toEqual(['1000', '1001', '1002', '1003', '1004', '1005']);
    const stored = dis.partitions[1]!.map((r) => Buffer.from(r.data, 'base64'));
    expect(stored[0]!.toString()).toBe('héllo');
    expect([...stored[1]!]).toEqual([0, 255, 7]);
    expect(stored.slice(2).map(String)).toEqual(['{"a":1}', '[1,"x"]', '42', 'null']);
  });

  it('takes a partition key per record', async () => {
    await putRecords(client, { stream: 's', records: ['a', 'b'], partitionKey: (record) => `key-${String(record)}` });
    const keys = dis.partitions.flat().map((r) => r.key).sort();
    expect(keys).toEqual(['key-a', 'key-b']);
  });

  it('splits batches at the records-per-request and bytes-per-request limits', async () => {
    const many = Array.from({ length: MAX_RECORDS_PER_REQUEST * 2 + 7 }, (_, i) => `r${i}`);
    await putRecords(client, { stream: 's', records: many });
    expect(dis.sentBatchSizes).toEqual([MAX_RECORDS_PER_REQUEST, MAX_RECORDS_PER_REQUEST, 7]);

    dis.reset(3);
    const big = Array.from({ length: 10 }, (_, i) => 'x'.repeat(3000) + i); // 4004 base64 chars each
    await putRecords(client, { stream: 's', records: big, maxBytesPerRequest: 10_000 });
    expect(dis.sentBatchSizes).toEqual([2, 2, 2, 2, 2]);
    expect(dis.partitions.flat()).toHaveLength(10);
  });

  it('refuses a record over the 1 MiB limit before sending anything', async () => {
    await expect(putRecords(client, { stream: 's', records: [new Uint8Array(1024 * 1024 + 1)] })).rejects.toThrow(RangeError);
    expect(dis.sendCount).toBe(0);
  });

  it('re-sends only the records a partial failure refused, until they are stored', async () => {
    // Every third record is refused the first two times it is sent.
    const refusals = new Map<string, number>();
    dis.recordFault = (data) => {
      if (Number(decode(data).slice(1)) % 3 !== 0) return undefined;
      const seen = refusals.get(data) ?? 0;
      refusals.set(data, seen + 1);
      return seen < 2 ? 'DIS.4303' : undefined;
    };
    const records = Array.from({ length: 30 }, (_, i) => `r${i}`);
    const result = await putRecords(client, { stream: 's', records, partitionId: 0, backoff: fast });

    expect(dis.sentBatchSizes).toEqual([30, 10, 10]);
    const stored = dis.partitions[0]!;
    expect(stored.map((r) => decode(r.data)).sort()).toEqual([...records].sort());
    // Every result points at the record it belongs to.
    result.forEach((r, i) => expect(decode(stored.find((s) => s.sequence === r.sequenceNumber)!.data)).toBe(records[i]));
  });

  it('re-sends a whole batch refused by throttling: 429 (after core retries) and DIS.4303/DIS.4305', async () => {
    const faults: Fault[] = [
      { status: 429, body: { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached' } },
      { status: 429, body: { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached' } },
      { status: 400, body: { errorCode: 'DIS.4303', message: 'Exceeded traffic control limit.' } },
      { status: 400, body: { errorCode: 'DIS.4305', message: 'Too many stream requests.' } },
      { status: 500, body: { errorCode: 'DIS.5000', message: 'System error.' } },
    ];
    dis.sendFault = (n) => faults[n];
    const result = await putRecords(client, { stream: 's', records: ['a', 'b'], partitionId: 2, backoff: fast });
    expect(result.map((r) => r.sequenceNumber)).toEqual(['1000', '1001']);
    expect(dis.sendCount).toBe(6);
  });

  it('rejects with the records never stored and their last error codes', async () => {
    dis.recordFault = (data) => (decode(data) === 'r1' ? 'DIS.4303' : undefined);
    const error = await putRecords(client, { stream: 's', records: ['r0', 'r1', 'r2'], partitionId: 0, backoff: fast, maxAttempts: 3 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PutRecordsError);
    const failure = error as PutRecordsError;
    expect(failure.failed).toEqual([{ index: 1, errorCode: 'DIS.4303', errorMessage: 'Exceeded traffic control limit.' }]);
    expect(failure.results[0]?.sequenceNumber).toBe('1000');
    expect(failure.results[2]?.sequenceNumber).toBe('1001');
    expect(dis.sendCount).toBe(3);
  });

  it('gives up when the deadline passes', async () => {
    dis.recordFault = () => 'DIS.4303';
    const error = await putRecords(client, { stream: 's', records: ['a'], deadlineMs: 0, backoff: fast }).catch((e: unknown) => e);
    expect((error as PutRecordsError).failed).toEqual([{ index: 0, errorCode: 'DIS.4303', errorMessage: 'Exceeded traffic control limit.' }]);
  });

  it('stops at once on a refusal that is not throttling, listing unsent batches as NOT_SENT', async () => {
    dis.sendFault = () => ({ status: 400, body: { errorCode: 'DIS.4301', message: 'The stream does not exist.' } });
    const error = (await putRecords(client, { stream: 'nope', records: ['a', 'b', 'c'], maxRecordsPerRequest: 2 }).catch((e: unknown) => e)) as PutRecordsError;
    expect(error.failed.map((f) => [f.index, f.errorCode])).toEqual([
      [0, 'DIS.4301'],
      [1, 'DIS.4301'],
      [2, 'NOT_SENT'],
    ]);
    expect(error.cause).toBeInstanceOf(ServiceError);
    expect(dis.sendCount).toBe(1);
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    dis.recordFault = () => {
      controller.abort(new Error('stop'));
      return 'DIS.4303';
    };
    await expect(putRecords(client, { stream: 's', records: ['a'], backoff: fast, signal: controller.signal })).rejects.toThrow('stop');
    expect(dis.sendCount).toBe(1);
  });
});

describe('readRecords', () => {
  it('reads back exactly what was put, in order per partition, over thousands of records with failures, throttling and expiring cursors', async () => {
    const records = Array.from({ length: 4000 }, (_, i) => ({ i, user: `u${i % 17}` }));
    // Producer side: every 7th record refused once, every 5th request throttled.
    const refused = new Set<string>();
    dis.recordFault = (data) => {
      const { i } = JSON.parse(decode(data)) as { i: number };
      if (i % 7 !== 0 || refused.has(data)) return undefined;
      refused.add(data);
      return 'DIS.4303';
    };
    dis.sendFault = (n) => (n % 5 === 4 ? { status: 400, body: { errorCode: 'DIS.4303', message: 'Exceeded traffic control limit.' } } : undefined);
    const put = await putRecords(client, { stream: 's', records, partitionKey: (r) => (r as { user: string }).user, backoff: fast });
    expect(put).toHaveLength(records.length);

    // Consumer side: every 4th read finds its cursor expired, every 9th is throttled.
    dis.readFault = (n) => {
      if (n % 4 === 3) return { status: 400, body: { errorCode: 'DIS.4225', message: 'Expired partition cursor.' } };
      if (n % 9 === 8) return { status: 429, body: { error_code: 'APIG.0308', error_msg: 'throttled' } };
      return undefined;
    };
    const seen: { i: number }[] = [];
    for (let p = 0; p < 3; p++) {
      const read = await readAll(p);
      // In order per partition: the sequence numbers putRecords returned for this partition, ascending.
      const expected = put
        .map((r, index) => ({ ...r, index }))
        .filter((r) => r.partitionId === `shardId-000000000${p}`)
        .sort((a, b) => Number(a.sequenceNumber) - Number(b.sequenceNumber));
      expect(read.map((r) => r.sequenceNumber)).toEqual(expected.map((r) => r.sequenceNumber));
      expect(read.map((r) => r.json<{ i: number }>().i)).toEqual(expected.map((r) => r.index));
      seen.push(...read.map((r) => r.json<{ i: number }>()));
    }
    expect(seen.map((r) => r.i).sort((a, b) => a - b)).toEqual(records.map((r) => r.i));
    expect(dis.cursorCount).toBeGreaterThan(3); // expired cursors were renewed
  });

  it('keeps input order per partition when nothing fails', async () => {
    const records = Array.from({ length: 1200 }, (_, i) => `line ${i}`);
    await putRecords(client, { stream: 's', records, partitionId: (_, i) => i % 2 });
    expect((await readAll(0)).map((r) => r.text())).toEqual(records.filter((_, i) => i % 2 === 0));
    expect((await readAll(1)).map((r) => r.text())).toEqual(records.filter((_, i) => i % 2 === 1));
  });

  it('starts where `from` says: at/after a sequence number, at a timestamp, latest', async () => {
    await putRecords(client, { stream: 's', records: ['a', 'b', 'c', 'd'], partitionId: 0 });
    const texts = async (from: Parameters<typeof readRecords>[1]['from']) => (await readAll(0, { from })).map((r) => r.text());
    expect(await texts('TRIM_HORIZON')).toEqual(['a', 'b', 'c', 'd']);
    expect(await texts({ atSequenceNumber: '1001' })).toEqual(['b', 'c', 'd']);
    expect(await texts({ afterSequenceNumber: '1001' })).toEqual(['c', 'd']);
    const third = dis.partitions[0]![2]!.timestamp;
    expect(await texts({ atTimestamp: third })).toEqual(['c', 'd']);
    expect(await texts({ atTimestamp: new Date(third) })).toEqual(['c', 'd']);
    expect(await texts('LATEST')).toEqual([]);
  });

  it('waits with backoff when a read is empty, then delivers what arrives', async () => {
    const controller = new AbortController();
    let empties = 0;
    const original = dis.read.bind(dis);
    dis.read = (query) => {
      const answer = original(query);
      const body = answer[1] as { records: unknown[] };
      if (body.records.length === 0 && ++empties === 3) dis.put({ stream_name: 's', records: [{ data: btoa('late'), partition_id: '0' }] }, 0);
      return answer;
    };
    const got: string[] = [];
    try {
      for await (const record of readRecords(client, { stream: 's', partition: 0, from: 'TRIM_HORIZON', backoff: fast, signal: controller.signal })) {
        got.push(record.text());
        controller.abort();
      }
    } finally {
      dis.read = original;
    }
    expect(got).toEqual(['late']);
    expect(empties).toBe(3);
  });

  it('ends quietly when the signal aborts while waiting', async () => {
    const controller = new AbortController();
    dis.readFault = (n) => {
      if (n === 2) controller.abort();
      return undefined;
    };
    const got: DisRecord[] = [];
    for await (const record of readRecords(client, { stream: 's', partition: 1, backoff: fast, signal: controller.signal })) got.push(record);
    expect(got).toEqual([]);
    expect(dis.readCount).toBeGreaterThanOrEqual(3);
  });

  it('commits a checkpoint every N records and on demand', async () => {
    await putRecords(client, { stream: 's', records: Array.from({ length: 25 }, (_, i) => `c${i}`), partitionId: 2 });
    const reader = readRecords(client, { stream: 's', partition: 2, stopWhenEmpty: true, backoff: fast, checkpoint: { app: 'billing', every: 10 } });
    let count = 0;
    for await (const record of reader) {
      count++;
      if (record.text() === 'c24') await reader.checkpoint();
    }
    expect(count).toBe(25);
    expect(reader.lastSequenceNumber).toBe('1024');
    expect(dis.checkpoints).toEqual([
      { app: 'billing', partition: '2', sequence: '1009' },
      { app: 'billing', partition: '2', sequence: '1019' },
      { app: 'billing', partition: '2', sequence: '1024' },
    ]);
  });

  it('renews a cursor refused several times in a row, then reads on from the last record delivered', async () => {
    await putRecords(client, { stream: 's', records: Array.from({ length: 250 }, (_, i) => `e${i}`), partitionId: 0 });
    dis.readLimit = 40;
    // Reads 1-4 expire (DIS.4225 and DIS.4217), the rest succeed.
    dis.readFault = (n) => (n >= 1 && n <= 4 ? { status: 400, body: { errorCode: n % 2 ? 'DIS.4225' : 'DIS.4217', message: 'cursor' } } : undefined);
    const read = await readAll(0);
    expect(read.map((r) => r.text())).toEqual(Array.from({ length: 250 }, (_, i) => `e${i}`));
    expect(dis.cursorCount).toBe(5);
  });

  it('throws a ServiceError for a refusal it cannot recover from', async () => {
    await expect(readAll(9)).rejects.toMatchObject({ name: 'ServiceError', code: 'DIS.4302' });
  });
});
