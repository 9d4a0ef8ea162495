import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { feedbackButtonsRow, parseFeedbackCustomId } from '../../../src/deliver/discord/feedback-buttons.js';
import { formatAlert, type AlertView } from '../../../src/deliver/discord/format-alert.js';

const base = {
  subscription: { topics: ['iraq-drawdown'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  followUpThread: false,
  digest: null,
  username: null,
};
const bot: ChannelConfig = {
  ...base,
  id: 'alerts',
  destination: { kind: 'channel', channelId: '123456789' },
};
const hook: ChannelConfig = {
  ...base,
  id: 'hook',
  destination: { kind: 'webhook', webhookId: '123456789', webhookToken: 'abcdefghijkl', threadId: null },
};

const view: AlertView = {
  storyId: 'st-1',
  headline: 'انسحاب القوات الأمريكية من قاعدة عين الأسد',
  lang: 'ar',
  url: 'https://example.com/news/1',
  outlet: 'شفق نيوز',
  publishedAt: '2025-09-01T10:00:00Z',
  lead: null,
  imageUrl: null,
  score: 0.91,
  reasons: [],
  alsoReportedBy: [],
  updated: false,
};

describe('feedback buttons', () => {
  it('adds the two buttons to bot-channel alerts only when an item id is given', () => {
    expect(formatAlert(view, bot).components).toBeUndefined();
    const payload = formatAlert({ ...view, feedbackItemId: 'it-abc' }, bot);
    const ids = payload.components?.[0]?.components.map((b) => ('custom_id' in b ? b.custom_id : null));
    expect(ids).toEqual(['fb:rel:it-abc', 'fb:irr:it-abc']);
    expect(formatAlert({ ...view, feedbackItemId: 'it-abc' }, hook).components).toBeUndefined();
  });

  it('round-trips custom ids and rejects others', () => {
    const row = feedbackButtonsRow('it-0123456789abcdef01234567')!;
    for (const button of row.components) {
      const id = 'custom_id' in button ? button.custom_id : '';
      expect(id.length).toBeLessThanOrEqual(100);
      expect(parseFeedbackCustomId(id)?.itemId).toBe('it-0123456789abcdef01234567');
    }
    expect(parseFeedbackCustomId('fb:rel:')).toBeNull();
    expect(parseFeedbackCustomId('other:it-1')).toBeNull();
    expect(parseFeedbackCustomId('fb:irr:it-9')).toEqual({ label: 'not_relevant', itemId: 'it-9' });
    expect(feedbackButtonsRow('x'.repeat(200))).toBeNull();
  });
});
