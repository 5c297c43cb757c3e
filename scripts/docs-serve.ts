// `pnpm docs:serve`: serves the built site (site/) on 127.0.0.1 and prints the URL.
// PORT picks the port (default 4173; 0 for any free one).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './services.ts';
import { serveFolder } from './testing/static-server.ts';

const site = path.join(repoRoot, 'site');
if (!existsSync(path.join(site, 'index.html'))) {
  console.error('No site/index.html: run `pnpm docs` first.');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 4173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number from 0 to 65535; got ${JSON.stringify(process.env.PORT)}.`);
  process.exit(2);
}
const server = await serveFolder(site, port);
console.log(`API docs: ${server.url}/  (Ctrl+C to stop)`);
