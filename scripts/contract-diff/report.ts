// Renders the contract-change report as Markdown (for PR comments) or JSON.
import type { Change } from './classify.ts';

export interface ServiceReport {
  service: string;
  package: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  changes: Change[];
  /** The pending changeset bump of the package, if any. */
  bump: 'major' | 'minor' | 'patch' | 'none';
  /** Breaking changes without a major changeset. */
  blocked: boolean;
}

export interface Report {
  base: { ref: string; sha: string; how: string };
  services: ServiceReport[];
  ok: boolean;
}

function section(title: string, changes: Change[]): string[] {
  if (changes.length === 0) return [];
  return [`**${title}** (${changes.length})`, '', ...changes.map((change) => `- \`${change.operation}\`: ${change.description}`), ''];
}

export function renderMarkdown(report: Report): string {
  const lines = [`## Contract changes against \`${report.base.ref}\` (${report.base.sha.slice(0, 12)}, ${report.base.how})`, ''];
  const touched = report.services.filter((service) => service.status !== 'unchanged');
  if (touched.length === 0) lines.push('No contract changes.', '');
  for (const service of touched) {
    const breaking = service.changes.filter((change) => change.severity === 'breaking');
    const rest = service.changes.filter((change) => change.severity === 'non-breaking');
    const verdict =
      breaking.length === 0
        ? 'no breaking change'
        : service.blocked
          ? `**${breaking.length} breaking** — needs a major changeset for \`${service.package}\` (\`pnpm changeset\`, choose major)`
          : `${breaking.length} breaking — covered by a pending major changeset`;
    lines.push(`### ${service.service} (\`${service.package}\`): ${service.status}, ${verdict}`, '');
    lines.push(...section('Breaking', breaking), ...section('Non-breaking', rest));
  }
  const unchanged = report.services.filter((service) => service.status === 'unchanged').map((service) => service.service);
  if (unchanged.length > 0) lines.push(`Unchanged: ${unchanged.join(', ')}.`, '');
  lines.push(report.ok ? 'Result: OK.' : 'Result: FAILED — breaking changes without a major changeset (see above).', '');
  return lines.join('\n');
}
