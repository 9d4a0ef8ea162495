/**
 * The Discord message body raqib sends, and Discord's documented size limits. Only src/deliver/discord/ knows
 * these shapes.
 */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';

/** Who may be pinged: nobody, except the one role a channel configured for its top alerts. */
export interface AllowedMentions {
  parse: [];
  roles?: string[];
}

/** A message create/edit body (the subset raqib uses). */
export interface DiscordMessagePayload {
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: AllowedMentions;
  /** Buttons (bot channels only: webhooks without an application cannot carry interactive components). */
  components?: Array<APIActionRowComponent<APIButtonComponent>>;
}

/** Discord's limits in characters (UTF-16 code units, as discord.js counts them; never more than Discord's). */
export const discordLimits = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  threadName: 100,
  url: 2048,
} as const;
