// The DIS benchmark's server, in its own process so that its CPU does not count
// against the clients measured: a small imitation of DIS's data plane after
// packages/dis/test/records.test.ts — SendRecords (POST /v2/{project}/records),
// ShowCursor (GET /v2/{project}/cursors), ConsumeRecords (GET
// /v2/{project}/records). It does not check signatures. Stream `sink` keeps no
// records (the put scenarios write there); any other stream keeps them, one
// partition, at most 1,000 records a read. Prints its URL on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const projectId = process.argv[2] ?? 'bench-project';
const streams = new Map<string, { sequence: string; data: string; key?: string; timestamp: number }[]>();
const readLimit = 1_000;
let clock = 1_700_000_000_000;
let sinkSequence = 0;

const cursor = (stream: string, position: number) => Buffer.from(JSON.stringify([stream, position])).toString('base64');

function answer(method: string | undefined, url: URL, raw: Buffer): [number, unknown] {
  if (url.pathname === `/v2/${projectId}/records` && method === 'POST') {
    const body = JSON.parse(raw.toString()) as { stream_name: string; records: { data: string; partition_key?: string }[] };
    const partition = body.stream_name === 'sink' ? undefined : (streams.get(body.stream_name) ?? streams.set(body.stream_name, []).get(body.stream_name)!);
    const records = body.records.map((record) => {
      const sequence = String(partition ? partition.length : sinkSequence++);
      partition?.push({ sequence, data: record.data, key: record.partition_key, timestamp: clock++ });
      return { partition_id: 'shardId-0000000000', sequence_number: sequence };
    });
    return [200, { failed_record_count: 0, records }];
  }
  if (url.pathname === `/v2/${projectId}/cursors` && method === 'GET') {
    const stream = url.searchParams.get('stream-name') ?? '';
    const type = url.searchParams.get('cursor-type');
    return [200, { partition_cursor: cursor(stream, type === 'LATEST' ? (streams.get(stream)?.length ?? 0) : 0) }];
  }
  if (url.pathname === `/v2/${projectId}/records` && method === 'GET') {
    const [stream, position] = JSON.parse(Buffer.from(url.searchParams.get('partition-cursor') ?? '', 'base64').toString()) as [string, number];
    const records = (streams.get(stream) ?? []).slice(position, position + readLimit);
    return [
      200,
      {
        records: records.map((r) => ({ partition_key: r.key, sequence_number: r.sequence, data: r.data, timestamp: r.timestamp, timestamp_type: 'CreateTime' })),
        next_partition_cursor: cursor(stream, position + records.length),
      },
    ];
  }
  return [404, { errorCode: 'DIS.4200', message: 'Invalid request.' }];
}

const server = createServer(async (request, response) => {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const [status, body] = answer(request.method, new URL(request.url ?? '/', 'http://127.0.0.1'), Buffer.concat(chunks));
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
