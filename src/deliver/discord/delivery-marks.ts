/**
 * What a delivery adds to the alert payload after it is formatted: a marker the delivery owns (so a retry can
 * find a message whose answer was lost) and, for an alert that waited, a short "delayed" field. Also the payload
 * hash that lets an edit that changes nothing be skipped. Pure.
 */
import { createHash } from 'node:crypto';
import type { APIEmbed } from 'discord.js';
import { discordLimits, type DiscordMessagePayload } from './discord-payload.js';

/** The marker in the alert's footer: derived from the record's nonce, so only this delivery carries it. */
export function deliveryMarker(nonce: string): string {
  return `ref ${nonce.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 12)}`;
}

function embedTotal(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

/** How a wait is said in the field: minutes below two hours, hours above. */
export function formatDelay(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

/**
 * `payload` with the marker appended to the first embed's footer and, when `delayedMs` is set, a "Delayed" field
 * (only where Discord's field and size limits leave room; otherwise the footer says it). Never mutates `payload`.
 */
export function applyDeliveryMarks(
  payload: DiscordMessagePayload,
  marks: { marker: string; delayedMs: number | null },
): DiscordMessagePayload {
  const [first, ...rest] = payload.embeds;
  if (!first) return payload;
  const embed: APIEmbed = { ...first, fields: [...(first.fields ?? [])] };
  const base = embed.footer?.text ?? 'raqib';
  let footer = `${base} · ${marks.marker}`;
  if (marks.delayedMs !== null) {
    const delay = formatDelay(marks.delayedMs);
    const field = {
      name: 'Delayed · متأخر',
      value: `Posted ${delay} after it was found (Discord was unreachable or slow) · نُشر بعد ${delay} من رصده`,
      inline: false,
    };
    const fits =
      (embed.fields?.length ?? 0) < discordLimits.fields &&
      embedTotal(embed) + field.name.length + field.value.length + marks.marker.length + 3 <=
        discordLimits.embedTotal;
    if (fits) embed.fields?.push(field);
    else footer = `${footer} · delayed ${delay}`;
  }
  if (footer.length <= discordLimits.footer && embedTotal({ ...embed, footer: { text: footer } }) <= 6000) {
    embed.footer = { ...(embed.footer ?? {}), text: footer };
  }
  if (embed.fields?.length === 0) delete embed.fields;
  return { ...payload, embeds: [embed, ...rest] };
}

/** A stable hash of what would be sent: equal hashes mean an edit would change nothing. */
export function payloadHash(payload: DiscordMessagePayload): string {
  return createHash('sha256').update(stableJson(payload)).digest('hex').slice(0, 32);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether a message (as Discord's API returns it) carries `marker` in an embed footer. */
export function carriesMarker(message: { embeds?: Array<{ footer?: { text?: string } }> }, marker: string) {
  return (message.embeds ?? []).some((e) => {
    const text = e.footer?.text ?? '';
    const at = text.indexOf(marker);
    // The marker ends the footer or is followed by the next part: never a prefix of a longer marker.
    return at >= 0 && (at + marker.length === text.length || text[at + marker.length] === ' ');
  });
}
