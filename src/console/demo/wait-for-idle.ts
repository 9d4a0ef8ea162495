/** Waits until every source has been crawled once and no article or delivery job is left (the demo's --once). */
import type { Runtime } from '../../app/runtime.js';

export async function waitForIdle(
  runtime: Runtime,
  options: { sources: number; timeoutMs?: number },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  let quietRounds = 0;
  while (Date.now() < deadline) {
    const { rows } = await runtime.db.query<{ n: number }>(
      'select count(distinct source_id)::int as n from crawls',
    );
    const crawled = rows[0]?.n ?? 0;
    let pending = 0;
    for (const queue of [runtime.queues.article, runtime.queues.deliver]) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      pending += Object.values(counts).reduce((a, b) => a + b, 0);
    }
    quietRounds = crawled >= options.sources && pending === 0 ? quietRounds + 1 : 0;
    if (quietRounds >= 3) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('demo did not become idle in time');
}
