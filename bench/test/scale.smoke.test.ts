// The scale benchmark at N = 3 (the full run is `pnpm bench:scale`, never part
// of the tests): it builds a synthetic workspace whose specs pass lint and
// generate, and turbo caches exactly as the pipeline promises.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { OPERATIONS_PER_SERVICE, syntheticSpec } from '../scale/synthetic.ts';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

it('generates the same spec from the same seed, and another from another seed', () => {
  expect(syntheticSpec(7, 1)).toBe(syntheticSpec(7, 1));
  expect(syntheticSpec(7, 1)).not.toBe(syntheticSpec(7, 2));
  const document = parse(syntheticSpec(7, 1));
  const operations = Object.values<any>(document.paths).flatMap((item) => Object.keys(item).filter((key) => key !== 'parameters'));
  expect(operations).toHaveLength(OPERATIONS_PER_SERVICE);
});

it('runs at N = 3: everything cold, nothing on a rerun, one service after a spec change — even when the caller forces turbo', () => {
  // A caller's TURBO_FORCE (or a read-only cache) would re-run every task of the "no change" step if the
  // benchmark's turbo runs inherited it; bench/workspace.ts's benchEnv keeps them out.
  const env = { ...process.env, TURBO_FORCE: '1', TURBO_CACHE: 'local:r' };
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scale.ts', '--sizes', '3', '--json'], { cwd: benchDir, encoding: 'utf8', env });
  expect(result.status, result.stderr.slice(-4000)).toBe(0);
  const runs = JSON.parse(result.stdout.trim().split('\n').pop()!) as Array<{ step: string; tasksRun: number; tasksTotal: number; seconds: number; peakMemoryMb: number }>;
  const [cold, cached, changed] = runs;
  expect(runs.map((run) => run.step)).toEqual(['cold', 'no change', 'one spec changed']);
  expect(cold!.tasksRun).toBe(cold!.tasksTotal);
  expect(cached!.tasksRun).toBe(0);
  // lint, generate, build and typecheck of the one service whose spec changed
  expect(changed!.tasksRun).toBe(4);
  for (const run of runs) expect(run.peakMemoryMb).toBeGreaterThan(0);
}, 600_000);
