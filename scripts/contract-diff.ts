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
//
// The work is in contract-diff/command.ts (tests call it in-process).
import { contractDiff } from './contract-diff/command.ts';

process.exitCode = await contractDiff(process.argv.slice(2));
