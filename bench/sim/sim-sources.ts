/** raqib source definitions for the simulated outlets (benchmark helper, not production code). */
import { sourceFileSchema, type Source } from '../../src/config/source-schema.js';
import type { SimOutlet } from './sim-outlets.js';

export interface SimSourceSettings {
  /** Crawl interval in ms. @defaultValue 60000 */
  intervalMs?: number;
  /** Per-host politeness, as a real source's YAML would set it. @defaultValue 1 and 3000 */
  maxInFlight?: number;
  minDelayMs?: number;
}

/** One feed source per outlet; loopback addresses are allowed because the outlets live on 127.77.x.y. */
export function simSources(outlets: readonly SimOutlet[], settings: SimSourceSettings = {}): Source[] {
  return outlets.map((outlet) => {
    const file = sourceFileSchema.parse({
      name: `Simulated outlet ${outlet.index}`,
      language: 'ar',
      interval: `${settings.intervalMs ?? 60_000}ms`,
      allowedHosts: [outlet.host.split(':')[0]],
      allowPrivateAddresses: true,
      politeness: { maxInFlight: settings.maxInFlight ?? 1, minDelay: `${settings.minDelayMs ?? 3000}ms` },
      fetch: [{ type: 'feed', url: outlet.feedUrl }],
      notes: 'benchmark: simulated outlet (constructed text)',
    });
    return { ...file, id: outlet.id, file: `<bench>/${outlet.id}.yaml` };
  });
}
