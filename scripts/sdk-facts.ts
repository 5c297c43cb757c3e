// `npx tsx scripts/sdk-facts.ts --node-sdk <dir> --go-sdk <dir>`: reads a local
// copy of the official SDK sources and writes, per service, what the SDK sends
// for every operation in scope (specs/<svc>/sdk-facts.json). The CI test
// scripts/test/sdk-parity.test.ts checks the specs against those files offline.
// Not run in CI: it needs the SDK sources, which are not part of this repository.
//
//   --node-sdk <dir>     huaweicloud/huaweicloud-sdk-nodejs-v3 (live, mpc, vod)
//   --go-sdk <dir>       huaweicloud/huaweicloud-sdk-go-v3 (dis; live, mpc and vod for the cross-check)
//   --node-commit <sha>  the commit <dir> was taken from, when <dir> is not a git checkout itself
//   --go-commit <sha>    likewise for the Go SDK
//   --root <dir>         where specs/ lives (default: this repository)
//
// Each <dir> is the root of the SDK repository (the folder holding services/):
// a git work tree, a bare git directory (read with `git show HEAD:<path>`), or
// files exported with `git archive HEAD services/... | tar -x` (then pass the
// commit: `git --git-dir <bare> rev-parse HEAD`).
//
// What is read, per operation:
// - Node SDK (services/<svc>/v1/<Svc>Client.ts): the request builder of the
//   operation inside ParamCreater() — `method`, `url`, the keys assigned to
//   localVarQueryParameter / localVarHeaderParameter (headers set to a string
//   constant, such as Content-Type, are the SDK's transport, not parameters),
//   `options.pathParams` and the `{placeholders}` of the url (project_id
//   included, which the SDK fills from its credentials), and whether it sends
//   a body. The body's type is the `body` field of model/<Op>Request.ts; its
//   top-level fields are the declared fields of model/<BodyType>.ts.
// - Go SDK (services/<svc>/<ver>/<svc>_meta.go): GenReqDefFor<Op>() — WithMethod,
//   WithPath and each WithRequestField's WithJsonTag (the wire name) and
//   WithLocationType (Path, Query, Header, Body). The request struct
//   (<svc>_client.go names it) gives the body's type; the body struct in
//   model/ gives the fields by their `json` tags.
//
// Which body fields are required:
// - Go: a field whose `json` tag lacks `omitempty` is required (such fields
//   are also the non-pointer ones). The generator emits omitempty exactly for the
//   optional fields, so this signal is direct.
// - Node: every field is declared optional (`name?:`) and the request builder
//   validates only parameters and the body as a whole, never body fields; the
//   JSDoc comments are Chinese prose without a consistent marker. The one
//   signal the generator emits per field is the model's constructor: it takes
//   exactly the required fields as arguments (`constructor(sourceType?, sourceUrls?)`
//   followed by `this['source_type'] = sourceType`). That is the signal used
//   here: required = assigned in the constructor. Where the Go SDK also has the
//   service, the script cross-checks the two SDKs and prints every disagreement
//   (the Node facts are the ones written).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export type ParameterLocation = 'path' | 'query' | 'header';

/**
 * The JSON kind of an SDK-declared type: `number` is the Node SDK's (integer
 * or not), `integer` and `number` the Go SDK's; `date` is a Date (Node) or
 * SdkTime (Go) that the SDK serialises itself; `any` an untyped value.
 */
export type SdkKind = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'date' | 'any';

export interface SdkParameter {
  name: string;
  in: ParameterLocation;
  /** The JSON kind of the SDK's declared type (absent when the SDK declares none). */
  type?: SdkKind;
}

export interface SdkField {
  required: boolean;
  type?: SdkKind;
}

export interface SdkBody {
  /** `array` when the SDK sends a JSON array of objects; the fields are then the items'. */
  type: 'object' | 'array';
  fields: Record<string, SdkField>;
}

export interface SdkOperation {
  method: string;
  path: string;
  parameters: SdkParameter[];
  body: SdkBody | null;
}

export interface SdkFactsFile {
  $comment: string;
  sdk: { repository: string; commit: string };
  /** null: the SDK has no such operation. */
  operations: Record<string, SdkOperation | null>;
}

export const NODE_SDK_REPOSITORY = 'huaweicloud/huaweicloud-sdk-nodejs-v3';
export const GO_SDK_REPOSITORY = 'huaweicloud/huaweicloud-sdk-go-v3';

/**
 * Which official SDK is read per service, and its API version folder. The
 * operations are every callable of the service's spec (each operationId, or
 * each `x-client-methods` name), by the official SDK's names.
 */
export const SCOPE: Record<string, { sdk: 'node' | 'go'; version: string }> = {
  live: { sdk: 'node', version: 'v1' },
  mpc: { sdk: 'node', version: 'v1' },
  vod: { sdk: 'node', version: 'v1' },
  dis: { sdk: 'go', version: 'v2' },
};

/** The names of a service's callables, from its bundled spec: what its SDK facts cover. */
export async function scopeOperations(service: string, root: string): Promise<string[]> {
  const { findService } = await import('./services.ts');
  const { bundleService } = await import('./spec.ts');
  const { listCallables, listOperations } = await import('./generate/operations.ts');
  const found = await findService(service, root);
  return listCallables(listOperations(await bundleService(found, root), found.specFile)).map((callable) => callable.name);
}

/** The Go SDK's version folder per service, for the cross-check of the Node facts. */
const GO_VERSION: Record<string, string> = { live: 'v1', mpc: 'v1', vod: 'v1', dis: 'v2' };

// ---------------------------------------------------------------------------
// Reading an SDK checkout: a folder of files or a bare git directory.

export class SdkSource {
  private readonly bare: boolean;

  constructor(
    readonly dir: string,
    private readonly commitOverride?: string,
  ) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such directory.`);
    this.bare = !existsSync(path.join(dir, 'services')) && existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects'));
  }

  private git(...args: string[]): string {
    return execFileSync('git', ['--git-dir', this.dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  }

  exists(file: string): boolean {
    if (!this.bare) return existsSync(path.join(this.dir, file));
    try {
      this.git('cat-file', '-e', `HEAD:${file}`);
      return true;
    } catch {
      return false;
    }
  }

  read(file: string): string {
    if (!this.bare) return readFileSync(path.join(this.dir, file), 'utf8');
    return this.git('show', `HEAD:${file}`);
  }

  /** File names (not paths) directly inside a folder. */
  list(folder: string): string[] {
    if (!this.bare) return readdirSync(path.join(this.dir, folder));
    return this.git('ls-tree', '--name-only', 'HEAD', `${folder}/`)
      .split('\n')
      .filter(Boolean)
      .map((entry) => entry.slice(entry.lastIndexOf('/') + 1));
  }

  /** The commit the sources were taken from. */
  commit(flag: string): string {
    if (this.commitOverride) {
      if (!/^[0-9a-f]{40}$/.test(this.commitOverride)) throw new Error(`${flag} must be a full 40-digit commit id.`);
      return this.commitOverride;
    }
    if (this.bare) return this.git('rev-parse', 'HEAD').trim();
    try {
      // Only when <dir> is itself the top of a work tree: an exported copy
      // sitting inside another repository must not take that repository's commit.
      const top = execFileSync('git', ['-C', this.dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (path.resolve(top) === path.resolve(this.dir)) {
        return execFileSync('git', ['-C', this.dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
      }
    } catch {
      // not a git work tree
    }
    throw new Error(`${this.dir} is not a git checkout: pass ${flag} <sha> (the commit the files were exported from).`);
  }
}

// ---------------------------------------------------------------------------
// Node SDK

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
const upperFirst = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** `{a}` placeholders of a path template, in order. */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}

/** Lines of a block that starts at the line matching `start` and ends at the first line matching `end`. */
function block(text: string, start: RegExp, end: RegExp, where: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => start.test(line));
  if (first < 0) throw new Error(`${where}: not found.`);
  const last = lines.findIndex((line, index) => index > first && end.test(line));
  if (last < 0) throw new Error(`${where}: no end of block.`);
  return lines.slice(first, last + 1).join('\n');
}

function orderParameters(parameters: SdkParameter[]): SdkParameter[] {
  const rank: Record<ParameterLocation, number> = { path: 0, query: 1, header: 2 };
  const unique = new Map<string, SdkParameter>();
  for (const parameter of parameters) unique.set(`${parameter.in}:${parameter.name}`, parameter);
  return [...unique.values()].sort((a, b) => rank[a.in] - rank[b.in]);
}

/** The JSON kind of a Node SDK type declaration (`XEnum | string`, `Array<T>`, `Date`, a model class). */
function nodeKind(declared: string): SdkKind {
  const type = declared.trim();
  if (/^Array<|\[\]$/.test(type)) return 'array';
  if (type === 'Date') return 'date';
  if (type === 'string' || /\| string$/.test(type)) return 'string';
  if (type === 'number' || /\| number$/.test(type)) return 'number';
  if (type === 'boolean') return 'boolean';
  if (/^(?:any|unknown|object)$/.test(type)) return 'any';
  if (/^\{|^(?:Map|Record)</.test(type) || /^[A-Z]\w*$/.test(type)) return 'object';
  return 'any';
}

/** Fields of a Node SDK model class: wire name → required (assigned in the constructor) and kind. */
function nodeModelFields(source: SdkSource, modelDir: string, type: string): Record<string, SdkField> {
  const file = `${modelDir}/${type}.ts`;
  if (!source.exists(file)) throw new Error(`${file}: no such model file (body type ${type}).`);
  const text = source.read(file);
  const classBlock = block(text, new RegExp(`^export class ${type}\\b`), /^}/, `${file}: class ${type}`);
  const header = classBlock.split('\n')[0]!;
  const parent = /\bextends\s+(\w+)/.exec(header)?.[1];
  const inherited = parent ? nodeModelFields(source, modelDir, parent) : {};
  const fields: Record<string, SdkField> = { ...inherited };
  // Declarations at class level: `    public name?: T;` or `    private 'wire_name'?: T;`.
  for (const match of classBlock.matchAll(/^ {4}(?:public|private|protected) (?:'([^']+)'|([A-Za-z_$][\w$]*))\??: ([^(\n]*);$/gm)) {
    fields[match[1] ?? match[2]!] = { required: false, type: nodeKind(match[3]!) };
  }
  const constructor = /^ {4}public constructor\(([^)]*)\) \{\s*\n([\s\S]*?)^ {4}\}/m.exec(classBlock);
  if (!constructor) throw new Error(`${file}: class ${type} has no constructor.`);
  for (const match of constructor[2]!.matchAll(/this(?:\['([^']+)'\]|\.([A-Za-z_$][\w$]*)) = /g)) {
    const name = match[1] ?? match[2]!;
    if (!fields[name]) throw new Error(`${file}: the constructor sets ${name}, which the class does not declare.`);
    fields[name] = { ...fields[name]!, required: true };
  }
  const parameterCount = constructor[1]!.split(',').filter((part) => part.trim()).length;
  const assigned = Object.values(fields).filter((field) => field.required).length - Object.values(inherited).filter((f) => f.required).length;
  if (parameterCount !== assigned) {
    throw new Error(`${file}: the constructor of ${type} takes ${parameterCount} argument(s) but assigns ${assigned} field(s); cannot tell the required ones.`);
  }
  return fields;
}

/** Turns a `T`, `Array<T>` or `T[]` declaration into the body shape. */
function splitArray(type: string): { type: 'object' | 'array'; item: string } {
  const array = /^Array<(.+)>$/.exec(type) ?? /^(.+)\[\]$/.exec(type);
  return array ? { type: 'array', item: array[1]!.trim() } : { type: 'object', item: type };
}

export function readNodeOperation(source: SdkSource, service: string, version: string, operationId: string): SdkOperation | null {
  const base = `services/${service}/${version}`;
  const clientFile = `${base}/${upperFirst(service)}Client.ts`;
  const client = source.read(clientFile);
  const name = lowerFirst(operationId);
  // The request builder inside ParamCreater(): 8 spaces of indent, ends at `        },`. An operation
  // without parameters has a builder that takes none (`showStorageModeType() {`).
  const start = new RegExp(`^ {8}${name}\\((?:${name}Request\\?: ${operationId}Request)?\\) \\{$`);
  if (!client.split('\n').some((line) => start.test(line))) return null;
  const builder = block(client, start, /^ {8}\},?$/, `${clientFile}: ParamCreater().${name}`);
  const where = `${clientFile}: ${name}`;

  const method = /^\s+method: "([A-Z]+)",$/m.exec(builder)?.[1];
  const url = /^\s+url: "([^"]+)",$/m.exec(builder)?.[1];
  if (!method || !url) throw new Error(`${where}: no method or url in the request builder.`);
  if (/localVarFormParams|FormData/.test(builder)) throw new Error(`${where}: form bodies are not handled.`);

  const parameters: SdkParameter[] = placeholders(url).map((placeholder) => ({ name: placeholder, in: 'path' }));
  const pathParams = /options\.pathParams = \{([^}]*)\};/.exec(builder)?.[1] ?? '';
  for (const match of pathParams.matchAll(/'([^']+)':/g)) {
    if (!placeholders(url).includes(match[1]!)) throw new Error(`${where}: path parameter ${match[1]} is not in the url ${url}.`);
  }
  for (const match of builder.matchAll(/localVarQueryParameter\['([^']+)'\] = /g)) parameters.push({ name: match[1]!, in: 'query' });
  for (const match of builder.matchAll(/localVarHeaderParameter\['([^']+)'\] = (.+);$/gm)) {
    if (/^'[^']*'$|^"[^"]*"$/.test(match[2]!.trim())) continue; // a constant the SDK sets (Content-Type)
    parameters.push({ name: match[1]!, in: 'header' });
  }

  // Parameter kinds from the request model, whose fields carry the wire names.
  const requestFile = `${base}/model/${operationId}Request.ts`;
  const requestFields = nodeModelFields(source, `${base}/model`, `${operationId}Request`);
  for (const parameter of parameters) {
    const type = requestFields[parameter.name]?.type;
    if (type) parameter.type = type;
    // project_id is filled from the credentials, so the request model has no field for it.
    else if (parameter.name !== 'project_id') throw new Error(`${requestFile}: no field for the ${parameter.in} parameter ${parameter.name}.`);
  }

  let body: SdkBody | null = null;
  if (/\bbody = \w+(?:\.body|\['body'\])/.test(builder)) {
    const declared = /^ {4}public body\?: (.+);$/m.exec(source.read(requestFile))?.[1];
    if (!declared) throw new Error(`${requestFile}: the builder sends a body but the request has no body field.`);
    const shape = splitArray(declared.trim());
    if (!/^[A-Z]\w*$/.test(shape.item)) throw new Error(`${requestFile}: body type ${declared} is not a model class.`);
    body = { type: shape.type, fields: nodeModelFields(source, `${base}/model`, shape.item) };
  }
  return { method, path: url, parameters: orderParameters(parameters), body };
}

// ---------------------------------------------------------------------------
// Go SDK

const GO_LOCATIONS: Record<string, ParameterLocation | 'body'> = { Path: 'path', Query: 'query', Header: 'header', Body: 'body' };

function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** The text of `type <name> struct { ... }` in a Go SDK model folder (looked for first in nearFile). */
function goStruct(source: SdkSource, modelDir: string, type: string, nearFile?: string): { file: string; body: string } {
  const declaration = new RegExp(`^type ${type} struct \\{$`, 'm');
  const guesses = [...(nearFile ? [nearFile] : []), `${modelDir}/model_${snakeCase(type)}.go`];
  const candidates = [...guesses, ...source.list(modelDir).map((file) => `${modelDir}/${file}`).filter((file) => !guesses.includes(file) && file.endsWith('.go'))];
  for (const file of candidates) {
    if (!source.exists(file)) continue;
    const text = source.read(file);
    if (!declaration.test(text)) continue;
    return { file, body: block(text, declaration, /^\}$/, `${file}: type ${type}`) };
  }
  throw new Error(`${modelDir}: no type ${type} struct.`);
}

/** The JSON kind of a Go SDK field type; enum types are structs holding one `value`. */
function goKind(source: SdkSource, modelDir: string, goType: string, nearFile: string): SdkKind {
  const type = goType.replace(/^\*/, '');
  if (type.startsWith('[]')) return 'array';
  if (type.startsWith('map[')) return 'object';
  if (type === 'string') return 'string';
  if (/^u?int(?:8|16|32|64)?$/.test(type)) return 'integer';
  if (/^float(?:32|64)$/.test(type)) return 'number';
  if (type === 'bool') return 'boolean';
  if (/^sdktime\./.test(type)) return 'date';
  if (/^interface\{\}$|^any$/.test(type)) return 'any';
  if (!/^[A-Z]\w*$/.test(type)) return 'any';
  const struct = goStruct(source, modelDir, type, nearFile);
  const enumValue = /^\s*value (\w+)$/m.exec(struct.body)?.[1];
  if (enumValue && struct.body.split('\n').length === 3) return goKind(source, modelDir, enumValue, nearFile);
  return 'object';
}

interface GoField {
  goName: string;
  goType: string;
  wire: string;
  required: boolean;
}

function goFields(struct: { file: string; body: string }): GoField[] {
  const fields: GoField[] = [];
  for (const line of struct.body.split('\n').slice(1, -1)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('//')) continue;
    const match = /^(\w+)\s+(\S+)\s+`([^`]*)`$/.exec(trimmed);
    if (!match) throw new Error(`${struct.file}: cannot read the field line "${trimmed}".`);
    const json = /\bjson:"([^"]*)"/.exec(match[3]!)?.[1];
    if (json === undefined) throw new Error(`${struct.file}: field ${match[1]} has no json tag.`);
    const [wire, ...options] = json.split(',');
    fields.push({ goName: match[1]!, goType: match[2]!, wire: wire!, required: !options.includes('omitempty') });
  }
  return fields;
}

export function readGoOperation(source: SdkSource, service: string, version: string, operationId: string): SdkOperation | null {
  const base = `services/${service}/${version}`;
  const metaFile = `${base}/${service}_meta.go`;
  const meta = source.read(metaFile);
  const start = new RegExp(`^func GenReqDefFor${operationId}\\(\\) \\*def\\.HttpRequestDef \\{$`);
  if (!meta.split('\n').some((line) => start.test(line))) return null;
  const definition = block(meta, start, /^\}$/, `${metaFile}: GenReqDefFor${operationId}`);
  const where = `${metaFile}: GenReqDefFor${operationId}`;

  const method = /WithMethod\(http\.Method(\w+)\)/.exec(definition)?.[1]?.toUpperCase();
  const url = /WithPath\("([^"]+)"\)/.exec(definition)?.[1];
  if (!method || !url) throw new Error(`${where}: no method or path.`);

  const clientFile = `${base}/${service}_client.go`;
  const requestType = new RegExp(`^func \\(c \\*\\w+Client\\) ${operationId}\\(request \\*model\\.(\\w+)\\)`, 'm').exec(source.read(clientFile))?.[1];
  if (!requestType) throw new Error(`${clientFile}: no client method ${operationId}.`);
  const modelDir = `${base}/model`;
  const requestStruct = goStruct(source, modelDir, requestType);
  const requestFields = goFields(requestStruct);

  const parameters: SdkParameter[] = placeholders(url).map((placeholder) => ({ name: placeholder, in: 'path' }));
  let body: SdkBody | null = null;
  for (const match of definition.matchAll(/reqDefBuilder\.WithRequestField\(def\.NewFieldDef\(\)\.([\s\S]*?)WithLocationType\(def\.(\w+)\)\)/g)) {
    const goName = /WithName\("(\w+)"\)/.exec(match[1]!)?.[1];
    const jsonTag = /WithJsonTag\("([^"]+)"\)/.exec(match[1]!)?.[1];
    const location = GO_LOCATIONS[match[2]!];
    if (!goName || !location) throw new Error(`${where}: cannot read a request field (${match[0].replace(/\s+/g, ' ')}).`);
    if (location !== 'body') {
      if (!jsonTag) throw new Error(`${where}: request field ${goName} has no json tag.`);
      if (location === 'path' && !placeholders(url).includes(jsonTag)) throw new Error(`${where}: path field ${jsonTag} is not in ${url}.`);
      const field = requestFields.find((candidate) => candidate.goName === goName);
      if (!field) throw new Error(`${where}: the request struct ${requestType} has no field ${goName}.`);
      parameters.push({ name: jsonTag, in: location, type: goKind(source, modelDir, field.goType, requestStruct.file) });
      continue;
    }
    const field = requestFields.find((candidate) => candidate.goName === goName);
    if (!field) throw new Error(`${where}: the request struct ${requestType} has no field ${goName}.`);
    const type = field.goType.replace(/^\*/, '');
    const shape = type.startsWith('[]') ? { type: 'array' as const, item: type.slice(2).replace(/^\*/, '') } : { type: 'object' as const, item: type };
    if (!/^[A-Z]\w*$/.test(shape.item)) throw new Error(`${where}: body type ${field.goType} is not a model struct.`);
    const fields: SdkBody['fields'] = {};
    const bodyStruct = goStruct(source, modelDir, shape.item);
    for (const bodyField of goFields(bodyStruct)) {
      fields[bodyField.wire] = { required: bodyField.required, type: goKind(source, modelDir, bodyField.goType, bodyStruct.file) };
    }
    body = { type: shape.type, fields };
  }
  return { method, path: url, parameters: orderParameters(parameters), body };
}

// ---------------------------------------------------------------------------
// Cross-check and output

/** Node's `number` covers Go's integer and number. */
const sameKind = (node: SdkKind, go: SdkKind): boolean => node === go || (node === 'number' && go === 'integer');

/** Where two SDKs' facts for one operation disagree, as readable lines. */
export function compareSdks(operationId: string, node: SdkOperation | null, go: SdkOperation | null): string[] {
  if (!node || !go) return node === go ? [] : [`${operationId}: only the ${node ? 'Node' : 'Go'} SDK has it.`];
  const differences: string[] = [];
  if (node.method !== go.method) differences.push(`${operationId}: method Node ${node.method}, Go ${go.method}`);
  if (node.path !== go.path) differences.push(`${operationId}: path Node ${node.path}, Go ${go.path}`);
  const key = (parameter: SdkParameter) => `${parameter.in}.${parameter.name}`;
  const nodeParameters = new Set(node.parameters.map(key));
  const goParameters = new Set(go.parameters.map(key));
  for (const place of new Set([...nodeParameters, ...goParameters])) {
    if (nodeParameters.has(place) !== goParameters.has(place)) differences.push(`${operationId}: ${place} only in the ${nodeParameters.has(place) ? 'Node' : 'Go'} SDK`);
    const [nodeKind, goKind] = [node, go].map((sdk) => sdk.parameters.find((parameter) => key(parameter) === place)?.type);
    if (nodeKind && goKind && !sameKind(nodeKind, goKind)) differences.push(`${operationId}: ${place} is ${nodeKind} in Node, ${goKind} in Go`);
  }
  if (!node.body || !go.body) {
    if (node.body !== go.body) differences.push(`${operationId}: body only in the ${node.body ? 'Node' : 'Go'} SDK`);
    return differences;
  }
  if (node.body.type !== go.body.type) differences.push(`${operationId}: body is an ${node.body.type} in Node, an ${go.body.type} in Go`);
  for (const field of new Set([...Object.keys(node.body.fields), ...Object.keys(go.body.fields)])) {
    const state = (body: SdkBody) => (body.fields[field] ? (body.fields[field]!.required ? 'required' : 'optional') : 'absent');
    if (state(node.body) !== state(go.body)) differences.push(`${operationId}: body.${field} Node ${state(node.body)}, Go ${state(go.body)}`);
    const [nodeKind, goKind] = [node.body.fields[field]?.type, go.body.fields[field]?.type];
    if (nodeKind && goKind && !sameKind(nodeKind, goKind)) differences.push(`${operationId}: body.${field} is ${nodeKind} in Node, ${goKind} in Go`);
  }
  return differences;
}

function comment(service: string, sdk: 'node' | 'go'): string {
  const signal =
    sdk === 'node'
      ? 'Node SDK: method and path from the request builder in ParamCreater(), parameters from its localVarQueryParameter/localVarHeaderParameter keys and the url placeholders, body fields from the body model class; a body field is required when the model constructor takes it (the one per-field required signal the Node generator emits).'
      : 'Go SDK: method, path and parameter locations from GenReqDefFor<Op>() in the _meta.go file, wire names from WithJsonTag, body fields from the json tags of the body struct; a body field is required when its json tag has no omitempty.';
  return (
    `Generated by scripts/sdk-facts.ts from the official SDK sources; do not edit by hand (re-run the script). ` +
    `What the official SDK sends for each ${service} operation in scope, checked against specs/${service}/openapi.yaml by scripts/test/sdk-parity.test.ts; ` +
    `where the spec deliberately differs it says so in x-sdk-differences. ${signal} ` +
    `Each parameter and field has the JSON kind of the SDK's declared type (number: the Node SDK's, integer or not; date: a Date/SdkTime the SDK serialises; any: untyped). ` +
    `Path parameters include every {placeholder} of the path, project_id too. Header parameters are those the request model carries; constants the SDK sets itself (Content-Type) are left out. ` +
    `body is null when the SDK sends none; body.type is array when the SDK sends a JSON array (fields are then the items'). An operation set to null is one the SDK does not have.`
  );
}

/** JSON with two-space indent, small leaves (a parameter, a field) kept on one line. */
export function serialise(facts: SdkFactsFile): string {
  const write = (value: unknown, indent: string): string => {
    const compact = JSON.stringify(value);
    if (value === null || typeof value !== 'object' || compact.length + indent.length <= 100) return compact;
    const inner = `${indent}  `;
    if (Array.isArray(value)) return `[\n${value.map((item) => inner + write(item, inner)).join(',\n')}\n${indent}]`;
    const entries = Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${write(item, inner)}`);
    return `{\n${entries.join(',\n')}\n${indent}}`;
  };
  return `${write(facts, '')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'node-sdk': { type: 'string' },
      'go-sdk': { type: 'string' },
      'node-commit': { type: 'string' },
      'go-commit': { type: 'string' },
      root: { type: 'string' },
    },
  });
  if (!values['node-sdk'] || !values['go-sdk']) {
    throw new Error('Usage: npx tsx scripts/sdk-facts.ts --node-sdk <dir> --go-sdk <dir> [--node-commit <sha>] [--go-commit <sha>] [--root <dir>]');
  }
  const { repoRoot } = await import('./services.ts');
  const root = path.resolve(values.root ?? repoRoot);
  const node = new SdkSource(path.resolve(values['node-sdk']), values['node-commit']);
  const go = new SdkSource(path.resolve(values['go-sdk']), values['go-commit']);
  const commits = { node: node.commit('--node-commit'), go: go.commit('--go-commit') };

  let warnings = 0;
  for (const [service, scope] of Object.entries(SCOPE)) {
    const source = scope.sdk === 'node' ? node : go;
    const read = scope.sdk === 'node' ? readNodeOperation : readGoOperation;
    const operations: SdkFactsFile['operations'] = {};
    const names = await scopeOperations(service, root);
    for (const operationId of names) {
      const facts = read(source, service, scope.version, operationId);
      if (!facts) {
        console.warn(`${service}: the ${scope.sdk === 'node' ? 'Node' : 'Go'} SDK has no ${operationId}; written as null.`);
        warnings++;
      }
      operations[operationId] = facts;
      // Cross-check the Node facts with the Go SDK where it has the service too.
      const goVersion = GO_VERSION[service];
      if (scope.sdk === 'node' && goVersion && go.exists(`services/${service}/${goVersion}/${service}_meta.go`)) {
        for (const line of compareSdks(operationId, facts, readGoOperation(go, service, goVersion, operationId))) {
          console.warn(`${service}: SDKs disagree: ${line}`);
          warnings++;
        }
      }
    }
    const file: SdkFactsFile = {
      $comment: comment(service, scope.sdk),
      sdk: { repository: scope.sdk === 'node' ? NODE_SDK_REPOSITORY : GO_SDK_REPOSITORY, commit: commits[scope.sdk] },
      operations,
    };
    const target = path.join(root, 'specs', service, 'sdk-facts.json');
    await writeFile(target, serialise(file));
    console.log(`${path.relative(root, target)}: ${Object.values(operations).filter(Boolean).length} of ${names.length} operations`);
  }
  if (warnings) console.warn(`${warnings} note(s) above.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
