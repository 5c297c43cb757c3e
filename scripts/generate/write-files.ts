// Writes a set of generated files all-or-nothing, and compares them in check mode.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type FileSet = Map<string, string>;

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Files (absolute paths) whose content on disk differs from the wanted content. */
export async function staleFiles(files: FileSet): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of files) {
    if ((await readIfExists(file)) !== content) stale.push(file);
  }
  return stale;
}

/**
 * Writes every changed file: first each to a temporary sibling, then renames
 * them all into place. A failure while staging removes the temporaries and
 * leaves every previous file untouched. Returns the files that changed.
 */
export async function writeFilesAtomically(files: FileSet): Promise<string[]> {
  const changed = await staleFiles(files);
  const staged: Array<[temporary: string, target: string]> = [];
  try {
    for (const target of changed) {
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, files.get(target)!, 'utf8');
      staged.push([temporary, target]);
    }
  } catch (error) {
    await Promise.all(staged.map(([temporary]) => rm(temporary, { force: true })));
    throw error;
  }
  for (const [temporary, target] of staged) await rename(temporary, target);
  return changed;
}
