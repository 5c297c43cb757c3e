// Renders the contract-change report as Markdown (for PR comments) or JSON.
import type { Change } from './types.ts';

export interface ServiceReport {
  service: string;
  package: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  changes: Change[];
  /** The pending changeset bump of the package, if any. */
  bump: 'major' | 'minor' | 'patch' | 'none';
  /** Breaking changes (and, with --strict, warnings) without a major changeset. */
  blocked: boolean;
}

export interface Report {
  base: { ref: string; sha: string; how: string };
  /** Warnings fail the gate like breaking changes (`--strict`). */
  strict: boolean;
  services: ServiceReport[];
  ok: boolean;
}

/** Whether a service's changes need a major bump it does not have. */
export function isBlocked(changes: Change[], bump: ServiceReport['bump'], strict: boolean): boolean {
  const gated = changes.some((change) => change.severity === 'breaking' || (strict && change.severity === 'warning'));
  return gated && bump !== 'major';
}

/** One line per description; the same change in several operations lists them all. */
function section(title: string, changes: Change[]): string[] {
  if (changes.length === 0) return [];
  const byDescription = new Map<string, string[]>();
  for (const change of changes) byDescription.set(change.description, [...(byDescription.get(change.description) ?? []), change.operation]);
  const short = (operation: string) => /^[A-Za-z_][\w.-]* \(/.test(operation) ? operation.slice(0, operation.indexOf(' (')) : operation;
  const lines = [...byDescription].map(([description, operations]) =>
    operations.length === 1
      ? `- \`${operations[0]}\`: ${description}`
      : `- ${description} — in ${operations.length} operations: ${operations.map((operation) => `\`${short(operation)}\``).join(', ')}`,
  );
  return [`**${title}** (${changes.length})`, '', ...lines, ''];
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function renderMarkdown(report: Report): string {
  const lines = [`## Contract changes against \`${report.base.ref}\` (${report.base.sha.slice(0, 12)}, ${report.base.how})`, ''];
  const touched = report.services.filter((service) => service.status !== 'unchanged');
  if (touched.length === 0) lines.push('No contract changes.', '');
  let warnings = 0;
  for (const service of touched) {
    const breaking = service.changes.filter((change) => change.severity === 'breaking');
    const warning = service.changes.filter((change) => change.severity === 'warning');
    const rest = service.changes.filter((change) => change.severity === 'non-breaking');
    warnings += warning.length;
    const gated = breaking.length + (report.strict ? warning.length : 0);
    const counted = [
      breaking.length > 0 ? `${breaking.length} breaking` : '',
      report.strict && warning.length > 0 ? `${plural(warning.length, 'warning')} (--strict)` : '',
    ].filter(Boolean).join(', ');
    let verdict =
      gated === 0
        ? 'no breaking change'
        : service.blocked
          ? `**${counted}** — needs a major changeset for \`${service.package}\` (\`pnpm changeset\`, choose major)`
          : `${counted} — covered by a pending major changeset`;
    if (!report.strict && warning.length > 0) verdict += `, ${plural(warning.length, 'warning')} to review`;
    lines.push(`### ${service.service} (\`${service.package}\`): ${service.status}, ${verdict}`, '');
    lines.push(...section('Breaking', breaking), ...section('Warnings', warning), ...section('Non-breaking', rest));
  }
  const unchanged = report.services.filter((service) => service.status === 'unchanged').map((service) => service.service);
  if (unchanged.length > 0) lines.push(`Unchanged: ${unchanged.join(', ')}.`, '');
  if (!report.ok) {
    lines.push(`Result: FAILED — breaking changes${report.strict ? ' or warnings (--strict)' : ''} without a major changeset (see above).`, '');
  } else if (warnings > 0 && !report.strict) lines.push(`Result: OK, with ${plural(warnings, 'warning')} to review (they fail the run only with --strict).`, '');
  else lines.push('Result: OK.', '');
  return lines.join('\n');
}
