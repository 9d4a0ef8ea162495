/** Parse `90`, `90s`, `5m`, `1h`, `1d` into milliseconds; throws on anything else. */
export function parseDurationMs(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`invalid duration ${value}`);
    return Math.round(value * 1000);
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!match) throw new Error(`invalid duration "${value}" (use e.g. 90s, 5m, 1h)`);
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1000;
  const ms = Math.round(amount * factor);
  if (ms <= 0) throw new Error(`invalid duration "${value}"`);
  return ms;
}

/** An age limit that may be switched off: `off` = no limit, `0` = nothing qualifies, else a duration. */
export type AgeLimit = number | 'off';

/** Parse an {@link AgeLimit}: `off`, `0` (zero, with or without a unit), or a duration as {@link parseDurationMs}. */
export function parseAgeLimit(value: string | number): AgeLimit {
  if (typeof value === 'string' && value.trim().toLowerCase() === 'off') return 'off';
  if (value === 0 || (typeof value === 'string' && /^\s*0+(?:\.0+)?\s*(ms|s|m|h|d)?\s*$/.test(value)))
    return 0;
  return parseDurationMs(value);
}
