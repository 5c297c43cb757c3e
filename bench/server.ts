// The benchmark's HTTP server, run in its own process so that its CPU does not
// count against the clients measured. Answers every request like Live's
// DeletePullTask and prints its port on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({ task_id: '7864b3dc-e92f-42db-a754-08e627b6d8dd', request_id: '85968475-e92f-42db-a754-08e627b6d8dd' });
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': 'bench' });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
