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
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { loadServices, repoRoot, type Service } from './services.ts';
import { bundleService, formatProblem, loadCleanSpec, SpecProblemsError } from './spec.ts';
import { renderClient } from './generate/render-client.ts';
import { renderTypes } from './generate/render-types.ts';
import { INITIAL_VERSION, renderPackageJson, renderPackageReadme, renderTurboJson } from './generate/manifest.ts';
import { scaffoldFiles } from './generate/scaffold.ts';
import { staleFiles, writeFilesAtomically, type FileSet } from './generate/write-files.ts';

const { values, positionals } = parseArgs({
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
  const files: FileSet = new Map([
    [path.join(dir, 'src', 'schema.d.ts'), await renderTypes(document, service.specFile)],
    [path.join(dir, 'src', 'index.ts'), renderClient(service.name, document, service.specFile)],
    [path.join(dir, 'package.json'), renderPackageJson(service.name, String(document.info?.title ?? service.name), await currentVersion(dir))],
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

async function main(): Promise<number> {
  const services = await selectServices();
  const output: FileSet = new Map();
  const failures: string[] = [];

  for (const service of services) {
    try {
      if (!values.scaffold) for (const [file, content] of await renderService(service)) output.set(file, content);
      if (!values.check) for (const [file, content] of await missingScaffolding(service)) output.set(file, content);
    } catch (error) {
      if (error instanceof SpecProblemsError) {
        failures.push(...error.problems.map(formatProblem));
      } else {
        failures.push(`${service.specFile}: ${(error as Error).message}`);
      }
    }
  }

  if (failures.length > 0) {
    console.error(failures.join('\n'));
    console.error(`\nNothing was written: fix the problems above and run \`pnpm generate\` again.`);
    return 1;
  }

  if (values.check) {
    const stale = await staleFiles(output);
    if (stale.length > 0) {
      console.error(`Generated files are out of date with their specs:\n${stale.map((file) => `  ${relative(file)}`).join('\n')}`);
      console.error('Run `pnpm generate` and commit the result.');
      return 1;
    }
    console.log(`Generated files are up to date (${output.size} files, ${services.length} services).`);
    return 0;
  }

  const changed = await writeFilesAtomically(output);
  for (const file of changed) console.log(`wrote ${relative(file)}`);
  console.log(`${services.map((service) => service.name).join(', ')}: ${changed.length} file(s) changed.`);
  return 0;
}

process.exitCode = await main().catch((error: Error) => {
  console.error(error.message);
  return 1;
});
