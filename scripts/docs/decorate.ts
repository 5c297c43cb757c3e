// Adds what readers need on each operation's docs page to a bundled spec:
// the TypeScript sample and a short "Permissions and authentication" block.
import { resolveRef, type OpenApiDocument } from '../spec.ts';
import { listOperations, listServers } from '../generate/operations.ts';
import { findOperation } from '../testing/spec-examples.ts';
import { functionsOf, renderSample } from './samples.ts';

export interface DocumentedOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  tag: string;
  /** The package's functions for it: methods (one per `x-client-methods` entry), paginator, waiter. */
  functions: string[];
  sample: string;
  /** One sample per further request body example the spec gives, as the docs show them. */
  moreSamples: string[];
}

function authBlock(operation: { iamAction: string | null; iamAccessLevel: string | null }, note: string | undefined): string {
  const iam = operation.iamAction
    ? `**Required IAM action:** \`${operation.iamAction}\`${operation.iamAccessLevel ? ` (access level: ${operation.iamAccessLevel})` : ''}`
    : `**Required IAM action:** not documented — ${note ?? 'the vendor page lists none'}`;
  return [
    iam,
    '',
    '**Authentication** (either):',
    '- IAM token in `X-Auth-Token` — `credentials: { token }`',
    '- AK/SK signature `SDK-HMAC-SHA256` (`Authorization`, `X-Sdk-Date`, `X-Project-Id`) — `credentials: { accessKey, secretKey }`; the client signs every request',
  ].join('\n');
}

/** A copy of the bundled spec with samples and permission blocks; the operations it documents. */
export function decorateSpec(service: string, bundled: OpenApiDocument, specFile: string) {
  const document = structuredClone(bundled);
  const servers = listServers(bundled, specFile);
  const documented: DocumentedOperation[] = [];
  // The model is read from the bundle itself, so that its errors can name the file and line.
  for (const operation of listOperations(bundled, specFile)) {
    const found = findOperation(document, operation.operationId);
    const examples: Record<string, unknown> = {};
    for (const parameter of operation.parameters) examples[parameter.name] = parameter.example ?? resolveRef<any>(bundled, parameter.schema)?.example;
    const sample = renderSample(service, operation, servers, examples);
    // A sample per body example, so choosing another example has its own code beside its JSON payload.
    const bodyExamples = operation.body?.examples ?? [];
    const more = bodyExamples.slice(1).map((example) => ({ label: example.summary || example.name, source: renderSample(service, operation, servers, examples, example) }));
    const node = found.operation;
    // Redoc matches a sample to a configured language by its lang (scripts/docs.ts lists TypeScript).
    node['x-codeSamples'] = [
      { lang: 'TypeScript', label: more.length > 0 ? `TypeScript: ${bodyExamples[0]!.summary || bodyExamples[0]!.name}` : 'TypeScript', source: sample },
      ...more.map((item) => ({ lang: 'TypeScript', label: `TypeScript: ${item.label}`, source: item.source })),
    ];
    node.description = `${authBlock(operation, node['x-iam']?.note)}\n\n${node.description ?? ''}`.trimEnd();
    documented.push({
      operationId: operation.operationId,
      method: operation.method,
      path: operation.path,
      summary: operation.summary,
      tag: String(node.tags?.[0] ?? ''),
      functions: functionsOf(operation),
      sample,
      moreSamples: more.map((item) => item.source),
    });
  }
  return { document, operations: documented };
}
