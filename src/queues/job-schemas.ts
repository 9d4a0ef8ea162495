/** Queue names and the payload schema of every job; payloads are parsed when a worker receives them. */
import { z } from 'zod';
import { RaqibError } from '../shared/errors.js';

export const QUEUE_NAMES = {
  crawl: 'crawl',
  article: 'article',
  deliver: 'deliver',
  digest: 'digest',
  /** Periodic checks over the whole system (silent sources). */
  monitor: 'monitor',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const crawlJobSchema = z.object({ sourceId: z.string().min(1) });

export const candidateSchema = z.object({
  sourceId: z.string().min(1),
  url: z.url(),
  title: z.string(),
  summary: z.string().optional(),
  publishedAt: z.string().optional(),
  guid: z.string().optional(),
  imageUrl: z.string().optional(),
  language: z.string().optional(),
});

export const articleJobSchema = z.object({
  sourceId: z.string().min(1),
  canonicalUrl: z.string().min(1),
  candidate: candidateSchema,
  /** When the crawl first saw the item (ISO), for latency measurement. */
  seenAt: z.string(),
  /** Found by the source's first crawl (no earlier successful crawl): its backlog is stored, not alerted.
   *  Kept in the job so a retried job decides the same way. Absent = a later crawl (and jobs queued before). */
  firstCrawl: z.boolean().optional(),
});

export const deliverJobSchema = z.object({
  storyId: z.string().min(1),
  channelId: z.string().min(1),
});

export const digestJobSchema = z.object({
  channelId: z.string().min(1),
  /** YYYY-MM-DD in the channel's time zone; absent = today. */
  date: z.string().optional(),
  manual: z.boolean().optional(),
});

export type CrawlJob = z.infer<typeof crawlJobSchema>;
export type ArticleJob = z.infer<typeof articleJobSchema>;
export type DeliverJob = z.infer<typeof deliverJobSchema>;
export type DigestJob = z.infer<typeof digestJobSchema>;

/** Parse a payload or throw an error naming the queue; a malformed payload can never succeed on retry. */
export function parseJob<T>(schema: z.ZodType<T>, queue: string, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new RaqibError(
      'malformed-job',
      `malformed ${queue} job: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      { retryable: false },
    );
  }
  return result.data;
}
