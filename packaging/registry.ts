// A throwaway Verdaccio registry on 127.0.0.1: storage in a temporary folder,
// @huaweicloud-openapi/* served only from it (published by the test), every
// other package proxied to the registry this machine's npm already uses.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface LocalRegistry {
  url: string;
  pid: number;
  /** An .npmrc pointing npm and pnpm at the registry, with a publish token. */
  npmrc: string;
  /** Verdaccio's own output, for failure messages. */
  log: () => string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The registry `npm` on this machine installs from: Verdaccio's uplink. */
export function upstreamRegistry(): string {
  const configured = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  return configured || 'https://registry.npmjs.org/';
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/-/ping`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Verdaccio did not answer ${url}/-/ping within 60 s:\n${log()}`);
}

/**
 * Starts the registry. The port is picked free just before Verdaccio binds it;
 * should another process take it in between, start again on another port.
 */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE/.test(String((error as Error).message))) throw error;
    }
  }
}

async function startOnce(): Promise<LocalRegistry> {
  const home = await mkdtemp(path.join(tmpdir(), 'hcopenapi-registry-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = path.join(home, 'config.yaml');
  await writeFile(
    config,
    [
      `storage: ${JSON.stringify(path.join(home, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(home, 'htpasswd'))}`,
      '    max_users: 10',
      'uplinks:',
      '  upstream:',
      `    url: ${JSON.stringify(upstreamRegistry())}`,
      '    timeout: 60s',
      '    max_fails: 5',
      'packages:',
      "  '@huaweicloud-openapi/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    proxy: upstream',
      'web:',
      '  enable: false',
      // Idle connections are closed by the client (undici: after 4 s) well before the
      // server would, so a request never lands on a socket the server is closing.
      'server:',
      '  keepAliveTimeout: 60',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('verdaccio/package.json')), 'bin', 'verdaccio');
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VERDACCIO_HANDLE_KILL_SIGNALS: 'true' },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const log = () => output.slice(-4000);
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(home, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child, log);
    // A user for publishing: what `npm adduser` does, in one request.
    const response = await fetch(`${url}/-/user/org.couchdb.user:release-test`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'release-test', password: 'release-test-password', type: 'user', roles: [] }),
    });
    const { token } = (await response.json()) as { token?: string };
    if (!response.ok || !token) throw new Error(`Verdaccio refused to create the publishing user (HTTP ${response.status}).`);
    const npmrc = path.join(home, '.npmrc');
    await writeFile(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    return { url, pid: child.pid!, npmrc, log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
