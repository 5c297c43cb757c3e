// `pnpm docs`: one offline page per service with Redocly's build-docs (Redoc
// inlined with --inlineBundle; this CLI version no longer loads Google Fonts and
// refuses --disableGoogleFont; the attribution logo is inlined by docs/offline.ts),
// plus an index of every service and operation. The browser test checks that
// the pages load nothing from another host.
//
//   tsx scripts/docs.ts <service ...>   build those services' pages
//   tsx scripts/docs.ts --index         build site/index.html from every registered service
//   --out <dir>                         write somewhere other than site/ (tests use a temp dir)
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderIndex } from './docs/render-index.ts';
import { decorateSpec } from './docs/decorate.ts';
import { makeOffline } from './docs/offline.ts';
import { findService, loadServices, repoRoot, type Service } from './services.ts';
import { loadCleanSpec, type OpenApiDocument } from './spec.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { index: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const out = path.resolve(values.out ?? path.join(repoRoot, 'site'));
await mkdir(out, { recursive: true });

// `--index` with services (as `pnpm all` and the browser test run it) needs each spec twice:
// lint and bundle it once per run, since linting grows with every operation and is the
// largest cost here after Redoc. decorateSpec works on a copy, so sharing the bundle is safe.
const cleanSpecs = new Map<string, Promise<OpenApiDocument>>();
function cleanSpec(service: Service): Promise<OpenApiDocument> {
  let spec = cleanSpecs.get(service.name);
  if (!spec) {
    spec = loadCleanSpec(service);
    cleanSpecs.set(service.name, spec);
  }
  return spec;
}

async function buildPage(name: string): Promise<void> {
  const service = await findService(name);
  const { document } = decorateSpec(service.name, await cleanSpec(service), service.specFile);
  const work = await mkdtemp(path.join(tmpdir(), `hcopenapi-docs-${name}-`));
  try {
    const input = path.join(work, `${name}.json`);
    await writeFile(input, JSON.stringify(document));
    // Redoc shows x-codeSamples only for the languages its config lists.
    const config = path.join(work, 'redocly.yaml');
    await writeFile(config, 'openapi:\n  codeSamples:\n    languages:\n      - lang: TypeScript\n        label: TypeScript\n');
    const built = path.join(work, `${name}.html`);
    const result = spawnSync(
      path.join(repoRoot, 'node_modules', '.bin', 'redocly'),
      ['build-docs', input, '--output', built, '--inlineBundle', '--title', String(document.info.title), '--config', config, '--lint-config', 'off'],
      { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    if (result.status !== 0) {
      throw new Error(`redocly build-docs failed for ${name} (exit ${result.status}):\n${result.stderr || result.stdout}`);
    }
    await writeFile(path.join(out, `${name}.html`), makeOffline(await readFile(built, 'utf8')));
    console.log(`wrote ${path.relative(process.cwd(), path.join(out, `${name}.html`))}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (values.index) {
  const services = await loadServices();
  const entries = [];
  for (const service of services) {
    const spec = await cleanSpec(service);
    entries.push({ service: service.name, spec, operations: decorateSpec(service.name, spec, service.specFile).operations });
  }
  await writeFile(path.join(out, 'index.html'), renderIndex(entries));
  console.log(`wrote ${path.relative(process.cwd(), path.join(out, 'index.html'))}`);
}
for (const name of positionals) await buildPage(name);
