// `pnpm contract:diff [--base <ref>] [--json]`: what each service's contract
// change does to clients, between a git ref and the working tree. Exits 1 when
// a service has breaking changes and no pending major changeset for its package.
//
//   --base <ref>   compare with this ref (default: merge-base with main, else HEAD~1)
//   --json         print the report as JSON instead of Markdown
//   --root <dir>   the repository (tests use a temporary one)
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pendingBumps } from './contract-diff/changesets.ts';
import { extractContracts, resolveBase } from './contract-diff/base-tree.ts';
import { classify } from './contract-diff/classify.ts';
import { opticDiff } from './contract-diff/optic.ts';
import { renderMarkdown, type Report, type ServiceReport } from './contract-diff/report.ts';
import { packageName } from './generate/names.ts';
import { loadServices, repoRoot, type Service } from './services.ts';
import { bundleService } from './spec.ts';

const { values } = parseArgs({
  options: { base: { type: 'string' }, json: { type: 'boolean', default: false }, root: { type: 'string' } },
});
const root = path.resolve(values.root ?? repoRoot);

async function servicesAt(dir: string): Promise<Service[]> {
  return existsSync(path.join(dir, 'redocly.yaml')) ? loadServices(dir) : [];
}

async function main(): Promise<number> {
  const base = resolveBase(root, values.base);
  const baseDir = await extractContracts(root, base.sha);
  try {
    const [before, after, bumps] = await Promise.all([servicesAt(baseDir), servicesAt(root), pendingBumps(root)]);
    const names = [...new Set([...after.map((service) => service.name), ...before.map((service) => service.name)])];
    const services: ServiceReport[] = [];
    for (const name of names) {
      const old = before.find((service) => service.name === name);
      const now = after.find((service) => service.name === name);
      const bump = bumps.get(packageName(name)) ?? 'none';
      let status: ServiceReport['status'];
      let changes: ServiceReport['changes'];
      if (!old) {
        status = 'added';
        changes = [{ severity: 'non-breaking', operation: '(service)', description: `new service ${name}` }];
      } else if (!now) {
        status = 'removed';
        changes = [{ severity: 'breaking', operation: '(service)', description: `service ${name} removed from redocly.yaml` }];
      } else {
        const [baseDoc, headDoc] = await Promise.all([bundleService(old, baseDir), bundleService(now, root)]);
        changes = JSON.stringify(baseDoc) === JSON.stringify(headDoc) ? [] : classify(baseDoc, headDoc, await opticDiff(baseDoc, headDoc));
        status = changes.length > 0 ? 'changed' : 'unchanged';
      }
      const blocked = changes.some((change) => change.severity === 'breaking') && bump !== 'major';
      services.push({ service: name, package: packageName(name), status, changes, bump, blocked });
    }
    const report: Report = { base, services, ok: services.every((service) => !service.blocked) };
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
