// `pnpm lint` for one service (`tsx scripts/lint.ts live`) or all registered ones;
// `--root <dir>` lints another checkout (tests use a temporary copy).
// Prints every problem as file:line:column and exits 1 if there is any.
// The work is in lint/command.ts (tests call it in-process).
import { lint } from './lint/command.ts';

process.exitCode = await lint(process.argv.slice(2));
