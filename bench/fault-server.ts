// The fault benchmark's server (see faults.ts), in its own process: answers
// each call as its `fault` query parameter says, on the first attempt only
// when `once` is set (so a retry can succeed). Prints its port on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({ task_id: '7864b3dc-e92f-42db-a754-08e627b6d8dd' });
const huge = Buffer.alloc(2 * 1024 * 1024, 0x78); // 2 MiB, sent chunked: only counting can refuse it
const attempts = new Map<string, number>();

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
    const call = query.get('call') ?? '';
    const attempt = (attempts.get(call) ?? 0) + 1;
    attempts.set(call, attempt);
    const fault = query.get('once') && attempt > 1 ? 'ok' : query.get('fault');
    const head = { 'content-type': 'application/json', 'x-request-id': `rid-${call}-${attempt}` };
    switch (fault) {
      case 'reset':
        request.socket.destroy();
        return;
      case 'silent': // never answers
        return;
      case 'stall': // the head, a few bytes, then nothing
        response.writeHead(200, head);
        response.write('{"task_id":');
        return;
      case 'truncate':
        response.writeHead(200, { ...head, 'content-length': String(body.length) });
        response.write(body.slice(0, 10), () => request.socket.destroy());
        return;
      case 'truncate-chunked':
        response.writeHead(200, head);
        response.write(body.slice(0, 10), () => request.socket.destroy());
        return;
      case 'html':
        response.writeHead(200, { ...head, 'content-type': 'text/html' });
        response.end('<html><body><h1>502 Bad Gateway</h1><p>proxy</p></body></html>');
        return;
      case 'busy':
        response.writeHead(503, { ...head, 'retry-after': '0' });
        response.end('{"error_code":"APIG.0308","error_msg":"busy"}');
        return;
      case 'huge':
        response.writeHead(200, head);
        response.end(huge);
        return;
      default:
        response.writeHead(200, { ...head, 'content-length': String(body.length) });
        response.end(body);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
