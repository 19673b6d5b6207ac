/**
 * Runs `work` over `items` with at most `concurrency` in flight, in order of
 * the items: enough requests at once to hide latency, few enough to keep
 * clear of throttling. Used by the import's writes, the bench's rushes and
 * the tests' fan-outs.
 */
export async function forEachLimited<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
