/**
 * Reads a value at a short path into a response body: `task_infos`,
 * `task_array[0]`, `stream.info.state`; the empty path is the value itself.
 */
export function readPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current = value;
  for (const step of path.split(/\.|(?=\[)/)) {
    if (current === null || typeof current !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(step);
    current = index ? (current as unknown[])[Number(index[1])] : (current as Record<string, unknown>)[step];
  }
  return current;
}
