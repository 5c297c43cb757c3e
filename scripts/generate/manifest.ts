// The files of a service package that follow from its spec and are rewritten on
// every generation (drift-checked by `--check`): package.json, turbo.json and
// README.md. Only `version` is carried over from the existing package.json,
// because changesets owns it (`pnpm changeset version` bumps it).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { OpenApiDocument } from '../spec.ts';
import { decorateSpec } from '../docs/decorate.ts';
import { packageName, pascalCase } from './names.ts';

/** Where the project lives; every package's repository, homepage and bug links. */
export const REPOSITORY = 'https://github.com/huaweicloud-openapi/huaweicloud-openapi';
/** The versions of the runtime dependencies every generated client declares. */
export const CLIENT_DEPENDENCIES = { '@huaweicloud-openapi/core': 'workspace:^', 'openapi-fetch': '^0.17.0' };
export const INITIAL_VERSION = '0.1.0';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Where a package keeps its hand-written flows, each exported as a subpath (`src/lib/upload.ts` → `@huaweicloud-openapi/vod/upload`). */
export const FLOWS_DIR = path.join('src', 'lib');

/**
 * The hand-written flows of a package: the modules in `src/lib/` (tests and
 * declaration files aside), by name, sorted. A name must be lowercase words
 * joined by `-`, as a subpath reads: `upload`, `put-records`.
 */
export async function listFlows(packageDir: string): Promise<string[]> {
  const files = await readdir(path.join(packageDir, FLOWS_DIR)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const names = files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !/\.test(-d)?\.ts$/.test(file)).map((file) => file.slice(0, -3));
  for (const name of names) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name === 'index' || name === 'package') {
      throw new Error(`${path.join(packageDir, FLOWS_DIR, `${name}.ts`)}: a flow's file name becomes its subpath; use lowercase words joined by - (upload, put-records), not "${name}".`);
    }
  }
  return names.sort();
}

export function renderPackageJson(service: string, title: string, version: string, flows: readonly string[] = []): string {
  return json({
    name: packageName(service),
    version,
    description: `Typed TypeScript client for ${title}, generated from a hand-written OpenAPI 3.1 contract.`,
    keywords: ['huaweicloud', 'huawei-cloud', 'openapi', 'typescript', 'sdk', service],
    license: 'Apache-2.0',
    homepage: `${REPOSITORY}/tree/main/packages/${service}#readme`,
    bugs: `${REPOSITORY}/issues`,
    repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory: `packages/${service}` },
    type: 'module',
    sideEffects: false,
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      ...Object.fromEntries(flows.map((flow) => [`./${flow}`, { types: `./dist/lib/${flow}.d.ts`, default: `./dist/lib/${flow}.js` }])),
      './package.json': './package.json',
    },
    types: './dist/index.d.ts',
    files: ['dist', 'CHANGELOG.md'],
    engines: { node: '>=20' },
    publishConfig: { access: 'public' },
    scripts: {
      // The scripts run bundled (scripts/dist, built by turbo first): no TypeScript loader per task.
      lint: `node ../../scripts/dist/lint.mjs ${service}`,
      generate: `node ../../scripts/dist/generate.mjs ${service} --skip-lint`,
      docs: `node ../../scripts/dist/docs.mjs ${service}`,
      build: "tsc -p tsconfig.build.json && node -e \"require('node:fs').copyFileSync('src/schema.d.ts','dist/schema.d.ts')\"",
      typecheck: 'tsc --noEmit -p tsconfig.json',
      test: 'vitest run',
    },
    dependencies: CLIENT_DEPENDENCIES,
    devDependencies: { '@huaweicloud-openapi/scripts': 'workspace:*' },
  });
}

export function renderTurboJson(service: string): string {
  const specInputs = [`$TURBO_ROOT$/specs/${service}/**`, '$TURBO_ROOT$/specs/common/**'];
  const specTooling = ['$TURBO_ROOT$/redocly.yaml', '$TURBO_ROOT$/scripts/lint/**', '$TURBO_ROOT$/scripts/spec.ts', '$TURBO_ROOT$/scripts/spec-source.ts', '$TURBO_ROOT$/scripts/services.ts'];
  const lintInputs = [...specInputs, ...specTooling, '$TURBO_ROOT$/scripts/lint.ts'];
  const generateInputs = [
    ...specInputs,
    ...specTooling,
    '$TURBO_ROOT$/scripts/generate.ts',
    '$TURBO_ROOT$/scripts/generate/**',
    // The README's usage examples are the docs samples.
    '$TURBO_ROOT$/scripts/docs/**',
    '$TURBO_ROOT$/scripts/testing/spec-examples.ts',
    // `version` is read back from the package's own package.json; its subpaths are the flows in src/lib.
    'package.json',
    'src/lib/**',
  ];
  const docsInputs = [...specInputs, ...specTooling, '$TURBO_ROOT$/scripts/docs.ts', '$TURBO_ROOT$/scripts/docs/**', '$TURBO_ROOT$/scripts/generate/**'];
  // The spec-driven tests read the spec through the generator's readers (operations, names) and the docs samples.
  const testInputs = ['$TURBO_DEFAULT$', ...specInputs, ...specTooling, '$TURBO_ROOT$/scripts/testing/**', '$TURBO_ROOT$/scripts/docs/**', '$TURBO_ROOT$/scripts/generate/**'];
  return json({
    $schema: 'https://turborepo.com/schema.json',
    extends: ['//'],
    tasks: {
      lint: { inputs: lintInputs },
      generate: { inputs: generateInputs, outputs: ['src/schema.d.ts', 'src/index.ts', 'src/shapes.ts', 'package.json', 'turbo.json', 'README.md'] },
      docs: { inputs: docsInputs, outputs: [`$TURBO_ROOT$/site/${service}.html`] },
      build: { inputs: ['$TURBO_DEFAULT$', ...specInputs] },
      typecheck: { inputs: testInputs },
      test: { inputs: testInputs },
    },
  });
}

/** The package's README: what it is, install, one usage example per operation, links. */
export function renderPackageReadme(service: string, document: OpenApiDocument, specFile: string): string {
  const title = String(document.info?.title ?? service);
  const { operations } = decorateSpec(service, document, specFile);
  const Service = pascalCase(service);
  const lines = [
    `# ${packageName(service)}`,
    '',
    `Typed TypeScript client for ${title}, generated from the hand-written OpenAPI 3.1 contract [\`${specFile}\`](${REPOSITORY}/blob/main/${specFile}) (spec version ${document.info?.version}).`,
    'Every parameter and response body is typed from the contract; requests are signed (AK/SK) or carry an IAM token, and are retried and timed out by [`@huaweicloud-openapi/core`](https://www.npmjs.com/package/@huaweicloud-openapi/core).',
    'Runs on Node.js 20+, in browsers, Deno, Bun and edge workers.',
    '',
    '```sh',
    `npm install ${packageName(service)}`,
    '```',
    '',
    '## Operations',
    '',
    'Each function is exported on its own (`fn(client, params)`, so a bundler keeps only what you import) and, for',
    `methods, also on the client \`create${Service}Client\` returns. Paginators iterate over every item of a list`,
    "(`.byPage()` for pages); waiters poll a task until its state is final.",
    '',
    '| functions | operation | HTTP |',
    '|---|---|---|',
    ...operations.map((operation) => `| ${operation.functions.map((name) => `\`${name}\``).join('<br>')} | ${operation.summary} | \`${operation.method} ${operation.path}\` |`),
    '',
  ];
  for (const operation of operations) {
    lines.push(`### ${operation.operationId}`, '', `${operation.summary}.`.replace(/\.\.$/, '.'), '', '```ts', operation.sample.trimEnd(), '```', '');
  }
  lines.push(
    '## Options',
    '',
    `\`create${Service}Client({ region | endpoint, projectId, credentials, fetch?, retry?, timeoutMs?, deadlineMs? })\`: \`credentials\` is \`{ token }\`, \`{ accessKey, secretKey, securityToken? }\` or an async function returning either, re-read for every request; \`fromEnv()\` reads the official SDK's variables. Each method takes one object — path and query parameters by their wire names, the JSON body under \`body\` — and returns a promise of openapi-fetch's \`{ data, error, response }\` (bad input rejects it with an \`InvalidInputError\` naming the place, e.g. \`body.inputs[0].asset_id\`, before anything is sent). \`ok(result)\` gives the data of a success and throws a \`ServiceError\` (\`status\`, \`code\`, \`requestId\`) for anything else; \`error\` is never falsy on a failure, even with an empty body. Options also take \`validate: 'full' | 'types' | 'off'\`; a call's \`{ allowUnknownProperties: true }\` sends body properties the spec does not list.`,
    '',
    '## Documentation',
    '',
    `- API reference for every operation (rendered from the contract, with permissions and samples): [\`site/${service}.html\`](${REPOSITORY}#api-docs), built by \`pnpm run docs\` in the repository`,
    `- Usage, authentication, retries and errors: [repository README](${REPOSITORY}#usage)`,
    `- Changes: [CHANGELOG.md](${REPOSITORY}/blob/main/packages/${service}/CHANGELOG.md)`,
    '',
    '_This file is generated by `pnpm generate`; do not edit it._',
    '',
  );
  return lines.join('\n');
}
