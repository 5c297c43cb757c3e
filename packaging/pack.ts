// The publishable packages and their tarballs, packed by pnpm exactly as
// `pnpm publish` would pack them (workspace: ranges replaced by versions).
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@huaweicloud-openapi/scripts/services';

export { repoRoot };

export interface PublishablePackage {
  name: string;
  version: string;
  dir: string;
}

/** Every non-private package under packages/, core first (the others depend on it). */
export async function publishablePackages(): Promise<PublishablePackage[]> {
  const found: PublishablePackage[] = [];
  for (const entry of await readdir(path.join(repoRoot, 'packages'), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(repoRoot, 'packages', entry.name);
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; private?: boolean };
    if (!manifest.private) found.push({ name: manifest.name, version: manifest.version, dir });
  }
  return found.sort((a, b) => Number(b.name.endsWith('/core')) - Number(a.name.endsWith('/core')) || a.name.localeCompare(b.name));
}

/** Packs one package into `destination` with pnpm; returns the tarball's path. Asynchronous, so that packages pack side by side. */
export async function pack(dir: string, destination: string): Promise<string> {
  const { stdout: output } = await promisify(execFile)('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' });
  const tarball = output.trim().split('\n').reverse().find((line) => line.trim().endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack in ${dir} printed no tarball path:\n${output}`);
  return path.resolve(destination, tarball.trim());
}
