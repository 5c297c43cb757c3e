// The body of `pnpm contract:diff` (usage in scripts/contract-diff.ts), as a
// function of its arguments and output, so that tests call it in-process
// instead of starting tsx for every run; scripts/contract-diff.ts is the
// command around it.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageName } from '../generate/names.ts';
import { loadServices, repoRoot, type Service } from '../services.ts';
import { extractContracts, resolveBase } from './base-tree.ts';
import { pendingBumps } from './changesets.ts';
import { compareDocuments } from './compare.ts';
import { loadContract } from './load.ts';
import { isBlocked, renderMarkdown, type Report, type ServiceReport } from './report.ts';
import type { Change } from './types.ts';

const USAGE = 'usage: pnpm contract:diff [--base <ref>] [--json] [--strict]';

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { base: { type: 'string' }, json: { type: 'boolean', default: false }, strict: { type: 'boolean', default: false }, root: { type: 'string' } },
    }).values;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
}

async function servicesAt(dir: string): Promise<Service[]> {
  return existsSync(path.join(dir, 'redocly.yaml')) ? loadServices(dir) : [];
}

/** Runs `pnpm contract:diff` with these arguments, printing to `output`; returns the exit code. */
export async function contractDiff(args: string[], output: Pick<Console, 'log' | 'error'> = console): Promise<number> {
  try {
    return await run(args, output);
  } catch (error) {
    output.error(`contract:diff: ${(error as Error).message}`);
    return 2;
  }
}

async function run(args: string[], output: Pick<Console, 'log' | 'error'>): Promise<number> {
  const values = options(args);
  const root = path.resolve(values.root ?? repoRoot);
  const base = resolveBase(root, values.base);
  const baseDir = await extractContracts(root, base.sha);
  try {
    const [before, after, bumps] = await Promise.all([servicesAt(baseDir), servicesAt(root), pendingBumps(root)]);
    const names = [...new Set([...after.map((service) => service.name), ...before.map((service) => service.name)])];
    const baseSide = `base ${base.sha.slice(0, 12)}`;
    const services = await Promise.all(
      names.map(async (name): Promise<ServiceReport> => {
        const old = before.find((service) => service.name === name);
        const now = after.find((service) => service.name === name);
        const bump = bumps.get(packageName(name)) ?? 'none';
        let status: ServiceReport['status'];
        let changes: Change[];
        if (!old) {
          status = 'added';
          changes = [{ severity: 'non-breaking', operation: '(service)', description: `new service ${name}` }];
        } else if (!now) {
          status = 'removed';
          changes = [{ severity: 'breaking', operation: '(service)', description: `service ${name} removed from redocly.yaml` }];
        } else {
          const [baseDoc, headDoc] = await Promise.all([loadContract(old, baseDir, baseSide), loadContract(now, root, 'working tree')]);
          changes = JSON.stringify(baseDoc) === JSON.stringify(headDoc) ? [] : compareDocuments(baseDoc, headDoc);
          status = changes.length > 0 ? 'changed' : 'unchanged';
        }
        return { service: name, package: packageName(name), status, changes, bump, blocked: isBlocked(changes, bump, values.strict) };
      }),
    );
    const report: Report = { base, strict: values.strict, services, ok: services.every((service) => !service.blocked) };
    output.log(values.json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
    return report.ok ? 0 : 1;
  } finally {
    await rm(baseDir, { recursive: true, force: true });
  }
}
