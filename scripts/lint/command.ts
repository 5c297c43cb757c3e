// The body of `pnpm lint` (usage in scripts/lint.ts), as a function of its
// arguments and output, so that tests call it in-process instead of starting
// tsx for every run; scripts/lint.ts is the command around it.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadServices, repoRoot } from '../services.ts';
import { formatProblem, lintService } from '../spec.ts';

/** Runs `pnpm lint` with these arguments, printing to `output`; returns the exit code. */
export async function lint(args: string[], output: Pick<Console, 'log' | 'error'> = console): Promise<number> {
  const { values, positionals: wanted } = parseArgs({ args, allowPositionals: true, options: { root: { type: 'string' } } });
  const root = path.resolve(values.root ?? repoRoot);
  const services = (await loadServices(root)).filter((service) => wanted.length === 0 || wanted.includes(service.name));
  const unknown = wanted.filter((name) => !services.some((service) => service.name === name));
  if (unknown.length > 0) {
    output.error(`Unknown service(s): ${unknown.join(', ')}. Registered services are the apis in redocly.yaml.`);
    return 2;
  }

  let failed = 0;
  for (const service of services) {
    const problems = await lintService(service, root);
    if (problems.length === 0) {
      output.log(`${service.specFile}: no problems`);
      continue;
    }
    failed += problems.length;
    for (const problem of problems) output.error(formatProblem(problem));
  }
  if (failed > 0) {
    output.error(`\n${failed} problem(s); fix them in the files and lines above.`);
    return 1;
  }
  return 0;
}
