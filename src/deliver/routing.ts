/**
 * Which channels receive an alert. Pure: the channel list comes from config.
 */
import type { ChannelConfig } from '../config/channels.js';
import type { Decision } from '../shared/types.js';

/** What routing needs to know about a classified item. */
export interface RoutableItem {
  topicId: string;
  score: number;
  decision: Decision;
  /** BCP-47 primary tag of the article, or null when unknown. */
  lang: string | null;
  sourceId: string;
}

/**
 * The channels whose subscription accepts `item`. Only `alert` decisions are routed (digest entries are chosen
 * by the digest). A topic list containing `*` accepts every topic; an unknown language passes only channels
 * without a language filter.
 */
export function routeAlert(item: RoutableItem, channels: ChannelConfig[]): ChannelConfig[] {
  if (item.decision !== 'alert' || !Number.isFinite(item.score)) return [];
  const lang = item.lang?.toLowerCase().split('-')[0] ?? null;
  return channels.filter(({ subscription: sub }) => {
    if (!sub.topics.includes('*') && !sub.topics.includes(item.topicId)) return false;
    if (item.score < sub.minScore) return false;
    if (sub.languages && (lang === null || !sub.languages.includes(lang))) return false;
    if (sub.sources && !sub.sources.includes(item.sourceId)) return false;
    return true;
  });
}
