// Where a node of a bundled spec was written: `specs/live/relay-tasks/pull-stream-task.yaml:12:5`.
// A service's spec is a table of contents whose paths, schemas and shared pieces
// are `$ref`s into other files; bundling inlines them, so a message about
// `paths./v1/…/task.get.x-pagination` must be traced back through those `$ref`s
// to the file a person edits. The files are read only when a location is asked
// for (an error path), never while bundling.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export type Pointer = ReadonlyArray<string | number>;

interface Origin {
  /** Absolute path of the root document the bundle was made from. */
  file: string;
  /** Folder that locations are given relative to (the repository root). */
  root: string;
}

const origins = new WeakMap<object, Origin>();

/** Records which root file a bundled document came from, so `locate` can trace its nodes. */
export function rememberOrigin(document: object, file: string, root: string): void {
  origins.set(document, { file, root });
}

interface ParsedFile {
  document: Document;
  lines: LineCounter;
}

const parsed = new Map<string, { mtimeMs: number; yaml: ParsedFile }>();

/** A spec file parsed with positions; re-read when it changed since (a long-lived process, a test). */
function readYaml(file: string): ParsedFile | null {
  try {
    const { mtimeMs } = statSync(file);
    const cached = parsed.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.yaml;
    const lines = new LineCounter();
    const yaml = { document: parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines }), lines };
    parsed.set(file, { mtimeMs, yaml });
    return yaml;
  } catch {
    return null;
  }
}

interface Place {
  file: string;
  node: Node | null;
  /** Offset of what the pointer names: the key of the last step, or the node itself. */
  offset: number;
}

/** Follows a `$ref` (`other.yaml#/Name`, `#/components/…`) from a node of `file`. */
function follow(file: string, ref: string): Place | null {
  const [target, fragment = ''] = ref.split('#');
  const targetFile = target ? path.resolve(path.dirname(file), decodeURIComponent(target)) : file;
  const steps = fragment
    .split('/')
    .slice(1)
    .map((step) => decodeURIComponent(step).replace(/~1/g, '/').replace(/~0/g, '~'));
  const yaml = readYaml(targetFile);
  if (!yaml) return null;
  return walk({ file: targetFile, node: yaml.document.contents as Node | null, offset: 0 }, steps);
}

/** `$ref` of a mapping node, if it is a reference. */
function refOf(node: Node | null): string | null {
  if (!isMap(node)) return null;
  const pair = node.items.find((item) => isScalar(item.key) && item.key.value === '$ref');
  return pair && isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : null;
}

function walk(start: Place, steps: Pointer): Place | null {
  let place = start;
  for (const step of steps) {
    for (let hops = 0; hops < 32; hops++) {
      const ref = refOf(place.node);
      if (!ref) break;
      const next = follow(place.file, ref);
      if (!next) return null;
      place = next;
    }
    const { node } = place;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(step));
      if (!pair) return null;
      place = { file: place.file, node: (pair.value as Node | null) ?? null, offset: (pair.key as Node).range?.[0] ?? place.offset };
    } else if (isSeq(node) && /^\d+$/.test(String(step))) {
      const item = node.items[Number(step)] as Node | undefined;
      if (!item) return null;
      place = { file: place.file, node: item, offset: item.range?.[0] ?? place.offset };
    } else {
      return null;
    }
  }
  return place;
}

/**
 * Visits every `$ref` of `rootFile` and of the files it reaches, once each file,
 * breadth first: `onRef(file, ref, targetFile, fragment)`.
 */
function scanRefs(rootFile: string, onRef: (file: string, ref: string, targetFile: string, fragment: string) => void): Set<string> {
  const seen = new Set<string>();
  const queue = [rootFile];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const yaml = readYaml(file);
    if (!yaml) continue;
    const visit = (node: unknown): void => {
      if (isMap(node)) {
        const ref = refOf(node);
        if (ref) {
          const [target, fragment = ''] = ref.split('#');
          const targetFile = target ? path.resolve(path.dirname(file), decodeURIComponent(target)) : file;
          if (target) queue.push(targetFile);
          onRef(file, ref, targetFile, fragment);
        }
        for (const item of node.items) visit(item.value);
      } else if (isSeq(node)) {
        for (const item of node.items) visit(item);
      }
    };
    visit(yaml.document.contents);
  }
  return seen;
}

/** Every file a spec is made of: the root and each file its `$ref`s reach (absolute paths). */
export function specFiles(rootFile: string): string[] {
  return [...scanRefs(rootFile, () => undefined)];
}

/**
 * The components a bundle made from `$ref`s into other files, by name: the
 * bundler names one after the pointer's last step (`models.yaml#/PullTask` →
 * `PullTask`) or the file (`models/PullTask.yaml` → `PullTask`). The first
 * `$ref` to a name wins, as it does in the bundler.
 */
function componentIndex(origin: Origin): Map<string, Place> {
  const index = new Map<string, Place>();
  scanRefs(origin.file, (file, ref, targetFile, fragment) => {
    // The root's own `#/components/…` are not bundler-made: `walk` finds those.
    if (targetFile === origin.file) return;
    const name = fragment ? fragment.split('/').at(-1)! : path.basename(targetFile).replace(/\.[^.]+$/, '');
    if (index.has(name)) return;
    const place = follow(file, ref);
    if (place) index.set(name, place);
  });
  return index;
}

const indexes = new WeakMap<Origin, Map<string, Place>>();

/**
 * Where the node at `pointer` of a bundled document was written, as
 * `file:line:column` relative to the repository root; null when the document's
 * origin is unknown or the pointer cannot be traced.
 */
export function locate(document: object, pointer: Pointer): string | null {
  const origin = origins.get(document);
  if (!origin) return null;
  const root = readYaml(origin.file);
  if (!root) return null;
  let place = walk({ file: origin.file, node: root.document.contents as Node | null, offset: 0 }, pointer);
  if (!place && pointer[0] === 'components' && pointer.length >= 3) {
    let index = indexes.get(origin);
    if (!index) indexes.set(origin, (index = componentIndex(origin)));
    const component = index.get(String(pointer[2])) ?? null;
    place = component && walk(component, pointer.slice(3));
  }
  if (!place) return null;
  const yaml = readYaml(place.file)!;
  const { line, col } = yaml.lines.linePos(place.offset);
  return `${path.relative(origin.root, place.file).split(path.sep).join('/')}:${line}:${col}`;
}
