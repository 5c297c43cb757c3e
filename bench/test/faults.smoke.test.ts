// The fault load of `pnpm bench` (bench/faults.ts) at 45 calls, five of each
// answer: it runs against the built core, prints its figures, and no call hangs.
// The 500-call run is `pnpm bench`'s.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const bench = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

it('settles every call of a small fault load, none hung', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'faults.ts'], {
    cwd: bench,
    env: { ...process.env, FAULT_CALLS: '45' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('| hung | 0 |');
  expect(run.stdout).toMatch(/\| settled by the deadline \| \d+ of 45 /);
}, 90_000);
