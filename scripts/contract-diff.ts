// `pnpm contract:diff [--base <ref>] [--json] [--strict]`: what each service's
// contract change does to clients, between a git ref and the working tree.
// Exits 1 when a service has breaking changes (with --strict: or warnings) and
// no pending major changeset for its package; 2 when it cannot compare at all
// (a bad --base, an unreadable or invalid spec — named with file and line).
//
//   --base <ref>   compare with this ref (default: merge-base with main, else HEAD~1)
//   --json         print the report as JSON instead of Markdown
//   --strict       warnings (potentially breaking changes) fail like breaking ones
//   --root <dir>   the repository (tests use a temporary one)
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pendingBumps } from './contract-diff/changesets.ts';
import { extractContracts, resolveBase } from './contract-diff/base-tree.ts';
import { compareDocuments } from './contract-diff/compare.ts';
import { loadContract } from './contract-diff/load.ts';
import { isBlocked, renderMarkdown, type Report, type ServiceReport } from './contract-diff/report.ts';
import type { Change } from './contract-diff/types.ts';
import { packageName } from './generate/names.ts';
import { loadServices, repoRoot, type Service } from './services.ts';

const USAGE = 'usage: pnpm contract:diff [--base <ref>] [--json] [--strict]';

function options() {
  try {
    return parseArgs({
      options: { base: { type: 'string' }, json: { type: 'boolean', default: false }, strict: { type: 'boolean', default: false }, root: { type: 'string' } },
    }).values;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
}

async function servicesAt(dir: string): Promise<Service[]> {
  return existsSync(path.join(dir, 'redocly.yaml')) ? loadServices(dir) : [];
}

async function main(): Promise<number> {
  const values = options();
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
    console.log(values.json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
    return report.ok ? 0 : 1;
  } finally {
    await rm(baseDir, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((error: Error) => {
  console.error(`contract:diff: ${error.message}`);
  return 2;
});
