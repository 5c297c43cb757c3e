// `pnpm generate`: for each registered service (or the ones named), lint the
// spec, bundle it, compile it to types with openapi-typescript and render the
// thin client and the package manifest; then write packages/<svc>/src/{schema.d.ts,
// index.ts} and packages/<svc>/{package.json,turbo.json,README.md} all at once.
//
//   tsx scripts/generate.ts [service ...]   generate (all services when none named)
//   tsx scripts/generate.ts --check         exit 1, naming stale files, if output is out of date
//   tsx scripts/generate.ts --scaffold      only create the packages of newly registered services
//   --root <dir>                            work on another checkout (tests use a temporary copy)
//   --skip-lint                             bundle without linting first: for turbo, whose
//                                           per-package generate task runs after that package's lint task
//
// The work is in generate/command.ts (tests call it in-process).
import { generate } from './generate/command.ts';

process.exitCode = await generate(process.argv.slice(2));
