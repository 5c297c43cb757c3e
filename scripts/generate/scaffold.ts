// Starting files of a new service package. Written only when missing: after
// that they belong to the package and are edited by hand. (package.json,
// turbo.json and README.md follow from the spec: see manifest.ts.)

export function scaffoldFiles(): Record<string, string> {
  const tsconfig = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { noEmit: true, allowImportingTsExtensions: true, types: ['node'] },
    include: ['src', 'test'],
  };

  const tsconfigBuild = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { rootDir: 'src', outDir: 'dist', declaration: true, types: [] },
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

  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'tsconfig.json': json(tsconfig),
    'tsconfig.build.json': json(tsconfigBuild),
    'vitest.config.ts': vitestConfig,
  };
}
