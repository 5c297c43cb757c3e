// Starting files of a new service package. Written only when missing: after
// that they belong to the package and are edited by hand.
import { packageName } from './names.ts';

export function scaffoldFiles(service: string, title: string): Record<string, string> {
  const specInputs = [`$TURBO_ROOT$/specs/${service}/**`, '$TURBO_ROOT$/specs/common/**'];
  const lintInputs = [...specInputs, '$TURBO_ROOT$/redocly.yaml', '$TURBO_ROOT$/scripts/lint/**', '$TURBO_ROOT$/scripts/spec.ts', '$TURBO_ROOT$/scripts/services.ts', '$TURBO_ROOT$/scripts/lint.ts'];
  const generateInputs = [...lintInputs.filter((input) => !input.endsWith('/lint.ts')), '$TURBO_ROOT$/scripts/generate.ts', '$TURBO_ROOT$/scripts/generate/**'];
  const docsInputs = [...lintInputs.filter((input) => !input.endsWith('/lint.ts')), '$TURBO_ROOT$/scripts/docs.ts', '$TURBO_ROOT$/scripts/docs/**'];
  const testInputs = ['$TURBO_DEFAULT$', ...specInputs, '$TURBO_ROOT$/scripts/testing/**', '$TURBO_ROOT$/scripts/docs/**'];

  const packageJson = {
    name: packageName(service),
    version: '0.1.0',
    description: `Typed TypeScript client for ${title}, generated from a hand-written OpenAPI 3.1 contract.`,
    license: 'Apache-2.0',
    type: 'module',
    sideEffects: false,
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    types: './dist/index.d.ts',
    files: ['dist'],
    engines: { node: '>=20' },
    scripts: {
      lint: `tsx ../../scripts/lint.ts ${service}`,
      generate: `tsx ../../scripts/generate.ts ${service}`,
      docs: `tsx ../../scripts/docs.ts ${service}`,
      build: "tsc -p tsconfig.build.json && node -e \"require('node:fs').copyFileSync('src/schema.d.ts','dist/schema.d.ts')\"",
      typecheck: 'tsc --noEmit -p tsconfig.json',
      test: 'vitest run',
    },
    dependencies: {
      '@huaweicloud-openapi/core': 'workspace:^',
      'openapi-fetch': '0.17.0',
    },
    devDependencies: {
      '@huaweicloud-openapi/scripts': 'workspace:*',
    },
  };

  const turbo = {
    $schema: 'https://turborepo.com/schema.json',
    extends: ['//'],
    tasks: {
      lint: { inputs: lintInputs },
      generate: { inputs: generateInputs },
      docs: { inputs: docsInputs, outputs: [`$TURBO_ROOT$/site/${service}.html`] },
      build: { inputs: ['$TURBO_DEFAULT$', ...specInputs] },
      typecheck: { inputs: testInputs },
      test: { inputs: testInputs },
    },
  };

  const tsconfig = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { noEmit: true, allowImportingTsExtensions: true, types: ['node'] },
    include: ['src', 'test'],
  };

  const tsconfigBuild = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { rootDir: 'src', outDir: 'dist', declaration: true, declarationMap: true, sourceMap: true, types: [] },
    include: ['src'],
  };

  const vitestConfig = [
    "import { defineConfig } from 'vitest/config';",
    '',
    'export default defineConfig({',
    '  test: {',
    "    include: ['test/**/*.test.ts'],",
    "    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },",
    '  },',
    '});',
    '',
  ].join('\n');

  const readme = [
    `# ${packageName(service)}`,
    '',
    `Typed client for ${title}, generated from [\`specs/${service}/openapi.yaml\`](../../specs/${service}/openapi.yaml).`,
    '',
    '```sh',
    `npm install ${packageName(service)}`,
    '```',
    '',
    'See `src/index.ts` for the operations and the repository README for usage.',
    '',
  ].join('\n');

  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'package.json': json(packageJson),
    'turbo.json': json(turbo),
    'tsconfig.json': json(tsconfig),
    'tsconfig.build.json': json(tsconfigBuild),
    'vitest.config.ts': vitestConfig,
    'README.md': readme,
  };
}
