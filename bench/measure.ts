// Throughput measurement shared by the benchmarks: a fixed number of workers
// keep one request each in flight for a fixed time.

export interface Scenario {
  name: string;
  /** One operation (a request, a signature); awaited. */
  run: () => Promise<unknown>;
}

/** Operations per second of `run` with `concurrency` in flight for `durationMs`. */
export async function throughput(run: () => Promise<unknown>, durationMs: number, concurrency: number): Promise<number> {
  let done = 0;
  const started = performance.now();
  const until = started + durationMs;
  const worker = async () => {
    while (performance.now() < until) {
      await run();
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - started) / 1000);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs every scenario `rounds` times, interleaved (A B C, A B C, …) so that a
 * slow phase of the machine hits all of them alike; returns the median ops/s.
 */
export async function compare(
  scenarios: Scenario[],
  options: { rounds: number; durationMs: number; concurrency: number; warmupMs: number },
): Promise<Map<string, { median: number; min: number; max: number }>> {
  for (const scenario of scenarios) await throughput(scenario.run, options.warmupMs, options.concurrency);
  const samples = new Map<string, number[]>(scenarios.map((scenario) => [scenario.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const scenario of scenarios) {
      // Start each sample from a collected heap, so one scenario's garbage is
      // not collected on the next one's time (run node with --expose-gc).
      (globalThis as { gc?: () => void }).gc?.();
      samples.get(scenario.name)!.push(await throughput(scenario.run, options.durationMs, options.concurrency));
    }
  }
  return new Map(
    [...samples].map(([name, values]) => [name, { median: median(values), min: Math.min(...values), max: Math.max(...values) }]),
  );
}
