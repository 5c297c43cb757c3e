// The registry of services: the `apis` map of redocly.yaml, read by every script.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface Service {
  /** Registry name, also the package folder and npm name suffix: `live`. */
  name: string;
  /** Absolute path of the service's root OpenAPI document. */
  specPath: string;
  /** The spec path relative to the repository root, with `/` separators. */
  specFile: string;
}

/**
 * The repository root this checkout of the scripts belongs to: the nearest
 * folder above this file with a pnpm-workspace.yaml (the scripts also run
 * bundled, from scripts/dist/).
 */
export const repoRoot = findWorkspaceRoot(path.dirname(fileURLToPath(import.meta.url)));

function findWorkspaceRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No pnpm-workspace.yaml above ${start}: run the scripts inside the repository.`);
  }
}

export const redoclyConfigFile = 'redocly.yaml';

/** Reads the registered services from `<root>/redocly.yaml`, in file order. */
export async function loadServices(root: string = repoRoot): Promise<Service[]> {
  const configPath = path.join(root, redoclyConfigFile);
  const config = parse(await readFile(configPath, 'utf8')) as { apis?: Record<string, { root?: string }> };
  const apis = config?.apis ?? {};
  return Object.entries(apis).map(([name, api]) => {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) {
      throw new Error(`${configPath}: api name "${name}" must be lowercase letters, digits and dashes (it becomes a package name).`);
    }
    if (typeof api?.root !== 'string') {
      throw new Error(`${configPath}: api "${name}" needs a root, e.g. root: specs/${name}/openapi.yaml`);
    }
    const specFile = api.root.split(path.sep).join('/');
    return { name, specFile, specPath: path.join(root, api.root) };
  });
}

/** Looks up one service by name, with an error listing the registered ones. */
export async function findService(name: string, root: string = repoRoot): Promise<Service> {
  const services = await loadServices(root);
  const service = services.find((candidate) => candidate.name === name);
  if (!service) {
    const known = services.map((candidate) => candidate.name).join(', ');
    throw new Error(`Unknown service "${name}"; registered in ${redoclyConfigFile}: ${known}.`);
  }
  return service;
}
