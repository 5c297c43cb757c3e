// Type-checks the TypeScript samples the docs show for a service, compiled
// inside that service's package exactly as a user's file importing the built
// package would be, so a sample can never drift from the real API.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { decorateSpec } from '../docs/decorate.ts';
import { findService } from '../services.ts';
import { bundleService } from '../spec.ts';

export interface SampleCheck {
  operationId: string;
  sample: string;
  errors: string[];
}

export async function typecheckDocsSamples(serviceName: string, packageDir: string): Promise<SampleCheck[]> {
  const service = await findService(serviceName);
  const { operations } = decorateSpec(service.name, await bundleService(service), service.specFile);
  const dir = path.join(packageDir, '.docs-samples');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    const files = new Map<string, (typeof operations)[number]>();
    for (const operation of operations) {
      const file = path.join(dir, `${operation.operationId}.ts`);
      await writeFile(file, operation.sample);
      files.set(file, operation);
    }
    const program = ts.createProgram([...files.keys()], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    return [...files].map(([file, operation]) => ({
      operationId: operation.operationId,
      sample: operation.sample,
      errors: diagnostics
        .filter((diagnostic) => diagnostic.file?.fileName === file)
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
