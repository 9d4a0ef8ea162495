/**
 * The "relevant / not relevant" buttons under an alert, and what a click on them means. custom_id is
 * `fb:rel:<itemId>` or `fb:irr:<itemId>` (Discord allows 100 characters).
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';

export type FeedbackChoice = 'relevant' | 'not_relevant';

const PREFIX = { relevant: 'fb:rel:', not_relevant: 'fb:irr:' } as const;
const CUSTOM_ID_MAX = 100;

/** One action row with the two buttons for `itemId`; null when the id does not fit in a custom_id. */
export function feedbackButtonsRow(itemId: string): APIActionRowComponent<APIButtonComponent> | null {
  if (itemId === '' || PREFIX.relevant.length + itemId.length > CUSTOM_ID_MAX) return null;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Success,
        label: 'Relevant · ذو صلة',
        custom_id: `${PREFIX.relevant}${itemId}`,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Not relevant · غير ذي صلة',
        custom_id: `${PREFIX.not_relevant}${itemId}`,
      },
    ],
  };
}

/** The label and item a button's custom_id stands for, or null when it is not a feedback button. */
export function parseFeedbackCustomId(customId: string): { label: FeedbackChoice; itemId: string } | null {
  for (const label of ['relevant', 'not_relevant'] as const) {
    const prefix = PREFIX[label];
    if (customId.startsWith(prefix) && customId.length > prefix.length)
      return { label, itemId: customId.slice(prefix.length) };
  }
  return null;
}

/** The ephemeral reply text after a click. */
export function feedbackReplyText(label: FeedbackChoice, stored: boolean): string {
  if (!stored) return 'This alert is no longer in raqib’s store; nothing was recorded.';
  return label === 'relevant'
    ? 'Thanks — marked as relevant · شكراً، سُجّل أنه ذو صلة'
    : 'Thanks — marked as not relevant · شكراً، سُجّل أنه غير ذي صلة';
}
