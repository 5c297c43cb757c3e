// The pending changesets' bump per package (the highest one wins), read with
// changesets' own parser.
import readChangesets from '@changesets/read';

const ORDER = ['none', 'patch', 'minor', 'major'] as const;
export type Bump = (typeof ORDER)[number];

export async function pendingBumps(root: string): Promise<Map<string, Bump>> {
  const bumps = new Map<string, Bump>();
  let changesets: Awaited<ReturnType<typeof readChangesets>> = [];
  try {
    changesets = await readChangesets(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const changeset of changesets) {
    for (const release of changeset.releases) {
      const type = release.type as Bump;
      const current = bumps.get(release.name) ?? 'none';
      if (ORDER.indexOf(type) > ORDER.indexOf(current)) bumps.set(release.name, type);
    }
  }
  return bumps;
}
