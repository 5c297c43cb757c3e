// Structural diff of two bundled specs with Optic (`optic diff --json`), run
// offline with telemetry off; optic-classify.ts decides what breaks a client.
// The previous engine, measured against the others by measure.ts only.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../services.ts';
import type { OpenApiDocument } from '../../spec.ts';

export interface OpticAttribute {
  key: string;
  change: 'added' | 'removed' | 'changed';
  before?: any;
  after?: any;
}

export interface OpticNode {
  name: string;
  change: 'added' | 'removed' | 'changed';
  attributes: OpticAttribute[];
}

export interface OpticContentType extends OpticNode {}

export interface OpticResponse extends OpticNode {
  contentTypes: OpticContentType[];
  headers: OpticNode[];
}

export interface OpticOperation extends OpticNode {
  parameters: OpticNode[];
  requestBody?: OpticNode & { contentTypes: OpticContentType[] };
  responses: OpticResponse[];
}

export interface OpticDiff {
  operations: OpticOperation[];
}

export const opticBinary = path.join(repoRoot, 'node_modules', '.bin', 'optic');

/** Whether @useoptic/optic is installed (it is a measurement-only dependency now). */
export const opticAvailable = () => existsSync(opticBinary);

export async function opticDiff(before: OpenApiDocument, after: OpenApiDocument): Promise<OpticDiff> {
  const work = await mkdtemp(path.join(tmpdir(), 'hcopenapi-optic-'));
  try {
    const [a, b] = [path.join(work, 'base.json'), path.join(work, 'head.json')];
    await writeFile(a, JSON.stringify(before));
    await writeFile(b, JSON.stringify(after));
    const result = spawnSync(opticBinary, ['diff', a, b, '--json', '--validation', 'loose'], {
      encoding: 'utf8',
      cwd: work,
      env: { ...process.env, OPTIC_TELEMETRY_LEVEL: 'off', CI: 'true' },
      maxBuffer: 256 * 1024 * 1024,
    });
    const start = result.stdout.indexOf('{');
    if (start === -1) throw new Error(`optic diff produced no JSON (exit ${result.status}): ${result.stderr || result.stdout}`);
    return JSON.parse(result.stdout.slice(start)) as OpticDiff;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
