// `pnpm lint` for one service (`tsx scripts/lint.ts live`) or all registered ones;
// `--root <dir>` lints another checkout (tests use a temporary copy).
// Prints every problem as file:line:column and exits 1 if there is any.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadServices, repoRoot } from './services.ts';
import { formatProblem, lintService } from './spec.ts';

const { values, positionals: wanted } = parseArgs({ allowPositionals: true, options: { root: { type: 'string' } } });
const root = path.resolve(values.root ?? repoRoot);
const services = (await loadServices(root)).filter((service) => wanted.length === 0 || wanted.includes(service.name));
const unknown = wanted.filter((name) => !services.some((service) => service.name === name));
if (unknown.length > 0) {
  console.error(`Unknown service(s): ${unknown.join(', ')}. Registered services are the apis in redocly.yaml.`);
  process.exit(2);
}

let failed = 0;
for (const service of services) {
  const problems = await lintService(service, root);
  if (problems.length === 0) {
    console.log(`${service.specFile}: no problems`);
    continue;
  }
  failed += problems.length;
  for (const problem of problems) console.error(formatProblem(problem));
}
if (failed > 0) {
  console.error(`\n${failed} problem(s); fix them in the files and lines above.`);
  process.exit(1);
}
