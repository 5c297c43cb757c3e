// The contract files of a git ref, extracted into a temporary folder: all of
// specs/ (a service's openapi.yaml refers to its per-resource files and to
// specs/common), redocly.yaml and the lint plugin its config loads — what
// bundling needs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

function git(root: string, args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The ref to compare against: the given one, else the merge-base with main, else HEAD~1. */
export function resolveBase(root: string, given: string | undefined): { ref: string; sha: string; how: string } {
  try {
    git(root, ['rev-parse', '--git-dir']);
  } catch {
    throw new Error(`${root} is not a git repository: run contract:diff inside a clone.`);
  }
  if (given !== undefined) {
    try {
      return { ref: given, sha: git(root, ['rev-parse', '--verify', `${given}^{commit}`]), how: 'given with --base' };
    } catch {
      throw new Error(`--base ${given} is not a commit in this repository; pass a branch, tag or commit (e.g. --base origin/main).`);
    }
  }
  for (const main of ['main', 'origin/main']) {
    try {
      const sha = git(root, ['merge-base', 'HEAD', main]);
      if (sha && sha !== git(root, ['rev-parse', 'HEAD'])) return { ref: main, sha, how: `merge-base of HEAD and ${main}` };
    } catch {
      // that ref does not exist here; try the next
    }
  }
  try {
    return { ref: 'HEAD~1', sha: git(root, ['rev-parse', '--verify', 'HEAD~1^{commit}']), how: 'HEAD~1 (no merge-base with main)' };
  } catch {
    throw new Error('No base to compare with: HEAD has no parent and no merge-base with main. Pass --base <ref>.');
  }
}

/** Extracts the contract files at `sha` into a new temporary folder and returns it. */
export async function extractContracts(root: string, sha: string): Promise<string> {
  const target = await mkdtemp(path.join(tmpdir(), 'hcopenapi-base-'));
  const present = git(root, ['ls-tree', '--name-only', sha, '--', 'specs', 'redocly.yaml', 'scripts/lint'])
    .split('\n')
    .filter(Boolean);
  if (present.length === 0) return target;
  const archive = spawnSync('git', ['-C', root, 'archive', '--format=tar', sha, '--', ...present], { maxBuffer: 512 * 1024 * 1024 });
  if (archive.status !== 0) throw new Error(`git archive ${sha} failed: ${archive.stderr.toString()}`);
  const untar = spawnSync('tar', ['-x', '-C', target], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed extracting ${sha}: ${untar.stderr.toString()}`);
  return target;
}
