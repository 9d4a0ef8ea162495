/**
 * The parts of Discord's interactions webhook raqib answers: PING (→ PONG) and button clicks on an alert
 * (→ an ephemeral reply only the clicker sees). Incoming bodies are parsed with zod after the signature check.
 */
import { z } from 'zod';

export const InteractionKind = { ping: 1, component: 3 } as const;

export const interactionSchema = z.object({
  type: z.number().int(),
  data: z
    .object({ custom_id: z.string().max(100).optional() })
    .loose()
    .optional(),
  member: z
    .object({ user: z.object({ id: z.string() }).loose() })
    .loose()
    .optional(),
  user: z.object({ id: z.string() }).loose().optional(),
});

export type Interaction = z.infer<typeof interactionSchema>;

/** The clicking user's id: `member.user` in a guild, `user` in a DM. */
export function interactionUserId(interaction: Interaction): string | null {
  return interaction.member?.user.id ?? interaction.user?.id ?? null;
}

/** Answer to a PING. */
export const pongResponse = { type: 1 } as const;

/** CHANNEL_MESSAGE_WITH_SOURCE with the EPHEMERAL flag (64): a reply only the clicker sees. */
export function ephemeralReply(content: string) {
  return { type: 4, data: { content: content.slice(0, 2000), flags: 64, allowed_mentions: { parse: [] } } };
}
