// The body of `pnpm generate` (usage in scripts/generate.ts), as a function of
// its arguments and output, so that tests call it in-process instead of
// starting tsx for every run; scripts/generate.ts is the command around it.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { loadServices, repoRoot, type Service } from '../services.ts';
import { bundleService, formatProblem, loadCleanSpec, SpecProblemsError } from '../spec.ts';
import { renderClientFiles } from './render-client.ts';
import { renderTypes } from './render-types.ts';
import { INITIAL_VERSION, listFlows, renderPackageJson, renderPackageReadme, renderTurboJson } from './manifest.ts';
import { scaffoldFiles } from './scaffold.ts';
import { staleFiles, writeFilesAtomically, type FileSet } from './write-files.ts';

/** Runs `pnpm generate` with these arguments, printing to `output`; returns the exit code. */
export async function generate(args: string[], output: Pick<Console, 'log' | 'error'> = console): Promise<number> {
  try {
    return await run(args, output);
  } catch (error) {
    output.error((error as Error).message);
    return 1;
  }
}

async function run(args: string[], output: Pick<Console, 'log' | 'error'>): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      check: { type: 'boolean', default: false },
      scaffold: { type: 'boolean', default: false },
      root: { type: 'string' },
      'skip-lint': { type: 'boolean', default: false },
    },
  });
  const root = path.resolve(values.root ?? repoRoot);

  async function selectServices(): Promise<Service[]> {
    const all = await loadServices(root);
    const unknown = positionals.filter((name) => !all.some((service) => service.name === name));
    if (unknown.length > 0) {
      throw new Error(`Unknown service(s) ${unknown.join(', ')}; registered in redocly.yaml: ${all.map((service) => service.name).join(', ')}.`);
    }
    return positionals.length > 0 ? all.filter((service) => positionals.includes(service.name)) : all;
  }

  function packageDir(service: Service): string {
    return path.join(root, 'packages', service.name);
  }

  async function renderService(service: Service): Promise<FileSet> {
    const document = values['skip-lint'] ? await bundleService(service, root) : await loadCleanSpec(service, root);
    const dir = packageDir(service);
    const { index, shapes } = renderClientFiles(service.name, document, service.specFile);
    const files: FileSet = new Map([
      [path.join(dir, 'src', 'schema.d.ts'), await renderTypes(document, service.specFile)],
      [path.join(dir, 'src', 'index.ts'), index],
      [path.join(dir, 'src', 'shapes.ts'), shapes],
      [path.join(dir, 'package.json'), renderPackageJson(service.name, String(document.info?.title ?? service.name), await currentVersion(dir), await listFlows(dir))],
      [path.join(dir, 'turbo.json'), renderTurboJson(service.name)],
      [path.join(dir, 'README.md'), renderPackageReadme(service.name, document, service.specFile)],
    ]);
    return files;
  }

  /** The package's version as changesets left it; a new package starts at INITIAL_VERSION. */
  async function currentVersion(dir: string): Promise<string> {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) return INITIAL_VERSION;
    const version = (JSON.parse(await readFile(file, 'utf8')) as { version?: unknown }).version;
    if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
      throw new Error(`${path.relative(root, file)}: "version" must be a semver version such as ${INITIAL_VERSION}; got ${JSON.stringify(version)}.`);
    }
    return version;
  }

  /** The starting files and manifest of a package that does not exist yet. */
  async function missingScaffolding(service: Service): Promise<FileSet> {
    const files: FileSet = new Map();
    const manifest = path.join(packageDir(service), 'package.json');
    if (existsSync(manifest)) return files;
    for (const [name, content] of Object.entries(scaffoldFiles())) {
      const file = path.join(packageDir(service), name);
      if (!existsSync(file)) files.set(file, content);
    }
    // `pnpm install` needs the manifest to link the new package.
    const spec = parse(await readFile(service.specPath, 'utf8')) as { info?: { title?: string } };
    files.set(manifest, renderPackageJson(service.name, spec?.info?.title ?? service.name, INITIAL_VERSION));
    return files;
  }

  function relative(file: string): string {
    return path.relative(root, file).split(path.sep).join('/');
  }

  const services = await selectServices();
  const files: FileSet = new Map();
  const failures: string[] = [];

  for (const service of services) {
    try {
      if (!values.scaffold) for (const [file, content] of await renderService(service)) files.set(file, content);
      if (!values.check) for (const [file, content] of await missingScaffolding(service)) files.set(file, content);
    } catch (error) {
      if (error instanceof SpecProblemsError) {
        failures.push(...error.problems.map(formatProblem));
      } else {
        failures.push(`${service.specFile}: ${(error as Error).message}`);
      }
    }
  }

  if (failures.length > 0) {
    output.error(failures.join('\n'));
    output.error(`\nNothing was written: fix the problems above and run \`pnpm generate\` again.`);
    return 1;
  }

  if (values.check) {
    const stale = await staleFiles(files);
    if (stale.length > 0) {
      output.error(`Generated files are out of date with their specs:\n${stale.map((file) => `  ${relative(file)}`).join('\n')}`);
      output.error('Run `pnpm generate` and commit the result.');
      return 1;
    }
    output.log(`Generated files are up to date (${files.size} files, ${services.length} services).`);
    return 0;
  }

  const changed = await writeFilesAtomically(files);
  for (const file of changed) output.log(`wrote ${relative(file)}`);
  output.log(`${services.map((service) => service.name).join(', ')}: ${changed.length} file(s) changed.`);
  return 0;
}
