import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { routeAlert } from '../../../src/deliver/routing.js';

function channel(id: string, sub: Partial<ChannelConfig['subscription']>): ChannelConfig {
  return {
    id,
    destination: { kind: 'channel', channelId: '123456789' },
    subscription: { topics: ['drawdown'], minScore: 0, languages: null, sources: null, ...sub },
    mentionRole: null,
    followUpThread: false,
    digest: null,
    username: null,
  };
}

const item = { topicId: 'drawdown', score: 0.8, decision: 'alert' as const, lang: 'ar', sourceId: 'shafaq' };

describe('routeAlert', () => {
  it('routes by topic, score, language and source', () => {
    const channels = [
      channel('all', {}),
      channel('other-topic', { topics: ['elections'] }),
      channel('wildcard', { topics: ['*'] }),
      channel('strict', { minScore: 0.9 }),
      channel('english', { languages: ['en'] }),
      channel('arabic', { languages: ['ar'] }),
      channel('rudaw-only', { sources: ['rudaw'] }),
      channel('shafaq-only', { sources: ['shafaq'] }),
    ];
    expect(routeAlert(item, channels).map((c) => c.id)).toEqual(['all', 'wildcard', 'arabic', 'shafaq-only']);
  });

  it('routes only alerts, and unknown languages only to unfiltered channels', () => {
    const channels = [channel('all', {}), channel('arabic', { languages: ['ar'] })];
    expect(routeAlert({ ...item, decision: 'digest' }, channels)).toEqual([]);
    expect(routeAlert({ ...item, score: Number.NaN }, channels)).toEqual([]);
    expect(routeAlert({ ...item, lang: null }, channels).map((c) => c.id)).toEqual(['all']);
    expect(routeAlert({ ...item, lang: 'AR-iq' }, channels).map((c) => c.id)).toEqual(['all', 'arabic']);
  });
});
