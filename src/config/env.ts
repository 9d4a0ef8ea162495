/**
 * The only module that reads `process.env`. Every variable is validated at once; all problems are reported
 * together, each with its variable name.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ConfigError } from '../shared/errors.js';
import { parseDurationMs } from './duration.js';
import { ageLimitSchema } from './source-schema.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = optionalString.refine((v) => v === undefined || URL.canParse(v), 'must be a valid URL');

/** A URL whose scheme is one of `schemes` (`localhost:6379` parses as a URL with scheme `localhost:`). */
const serviceUrl = (schemes: readonly string[]) =>
  optionalString.refine(
    (v) => v === undefined || (URL.canParse(v) && schemes.includes(new URL(v).protocol)),
    `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`,
  );

/** Node's timers take at most 2^31−1 ms; a longer value fires at once (TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2_147_483_647;

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
/** 1 GiB: far above any page or feed raqib reads, and below what one process can hold in memory. */
const MAX_BODY_BYTES = 1024 * 1024 * 1024;

const boolFlag = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? defaultValue : ['true', '1', 'yes'].includes(v)));

const port = (defaultValue: number) =>
  z.coerce.number().int().min(0).max(65535).optional().default(defaultValue);

const envSchema = z.object({
  DATABASE_URL: serviceUrl(['postgres:', 'postgresql:']).describe(
    'PostgreSQL URL; unset = embedded PGlite under DATA_DIR/pglite',
  ),
  REDIS_URL: serviceUrl(['redis:', 'rediss:']).describe(
    'Redis URL; unset = 127.0.0.1:6379 or a private redis-server',
  ),
  DATA_DIR: z.string().default('./data'),
  SOURCES_DIR: z.string().default('./selectors'),
  TOPICS_DIR: z.string().default('./topics'),
  CHANNELS_FILE: optionalString,
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('raqib'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: boolFlag(false),
  DISCORD_TOKEN: optionalString,
  DISCORD_CHANNEL_IDS: optionalString.refine(
    (v) => v === undefined || v.split(',').every((id) => /^\d{5,25}$/.test(id.trim())),
    'must be a comma-separated list of numeric Discord channel ids',
  ),
  DISCORD_WEBHOOK_URL: optionalUrl,
  PUBLIC_DASHBOARD_URL: serviceUrl(['http:', 'https:']).describe(
    'public base URL of the dashboard: alerts link "Why?" to <url>/items/<id>, the digest uses <url>/i/<id>',
  ),
  PUBLIC_URL: serviceUrl(['http:', 'https:']).describe(
    'public base URL where WebSub hubs reach <url>/websub/<source> (the dashboard server); unset = no push subscriptions',
  ),
  DISCORD_API_URL: optionalUrl.describe('REST base URL override, e.g. http://127.0.0.1:9999/api'),
  DISCORD_PUBLIC_KEY: optionalString.refine(
    (v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v),
    'must be the application public key (64 hex characters) from the Discord Developer Portal',
  ),
  OPERATORS_CHANNEL_ID: optionalString.refine(
    (v) => v === undefined || /^\d{5,25}$/.test(v),
    'must be a numeric Discord channel id',
  ),
  DIGEST_TIME: z
    .string()
    .regex(/^(([01]\d|2[0-3]):[0-5]\d|off)$/, 'must be HH:MM (24-hour) or off')
    .default('08:00')
    .describe('daily digest time of the channels given by DISCORD_* (not the channels file)'),
  DIGEST_TIMEZONE: z
    .string()
    .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone, e.g. Asia/Baghdad')
    .default('Asia/Baghdad'),
  HTTP_CONTACT: optionalString.describe('contact (URL or e-mail) sent in the User-Agent'),
  STARTUP_TIMEOUT_MS: z.coerce.number().int().min(1000).max(MAX_TIMER_MS).default(30_000),
  HTTP_TIMEOUT_MS: z.coerce.number().int().positive().max(MAX_TIMER_MS).default(20_000),
  CRAWL_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  ARTICLE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  STORY_THRESHOLDS: z
    .enum(['default', 'fitted'])
    .default('fitted')
    .describe(
      'story link thresholds: those `npm run fit:stories` wrote beside the topic (*.stories.json), or the built-in ones',
    ),
  POLL_ADAPTIVE: boolFlag(true).describe(
    "adapt each source's crawl interval to when it publishes, within the request budget of the configured intervals",
  ),
  PAUSE_AFTER_FAILURES: z.coerce
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('consecutive failed crawls before a source is paused automatically (0 = never)'),
  MAX_ITEMS_PER_CRAWL: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(500)
    .describe('most entries one crawl queues, newest first (a source may set its own maxItemsPerCrawl)'),
  FIRST_CRAWL_ALERT_AGE: z
    .union([z.string(), z.number()])
    .default('6h')
    .transform((value) => (typeof value === 'string' && value.trim() === '' ? '6h' : value))
    .pipe(ageLimitSchema)
    .describe(
      "a source's first crawl alerts only entries published within this age (0 = none, off = up to the 72 h limit)",
    ),
  HTTP_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_BODY_BYTES)
    .default(8 * 1024 * 1024),
  WORKER_LOCK_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(MAX_TIMER_MS)
    .default(30_000)
    .describe('BullMQ job lock: a job of a killed worker goes back to the queue after about twice this'),
  DELIVERY_LEASE_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(MAX_TIMER_MS)
    .default(15_000)
    .describe(
      'delivery claim lease, renewed every third of it while the job runs (a killed worker holds it this long)',
    ),
  DELIVERY_DELAYED_AFTER: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? '10m' : v))
    .pipe(
      z.string().transform((v, ctx) => {
        if (v.trim().toLowerCase() === 'off') return null;
        try {
          const ms = parseDurationMs(v);
          if (ms <= MAX_TIMER_MS) return ms;
        } catch {
          // reported below
        }
        ctx.addIssue({ code: 'custom', message: 'must be a duration (e.g. 10m) up to 24 days, or off' });
        return z.NEVER;
      }),
    )
    .describe(
      'an alert posted this long after raqib decided on it is marked "delayed" in its message (off = never)',
    ),
  AGGREGATOR_HOLD: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? '2m' : v))
    .pipe(
      z.string().transform((v, ctx) => {
        if (v.trim() === '0') return 0;
        try {
          const ms = parseDurationMs(v);
          if (ms <= MAX_TIMER_MS) return ms;
        } catch {
          // reported below
        }
        ctx.addIssue({ code: 'custom', message: 'must be a duration (e.g. 2m) up to 24 days, or 0' });
        return z.NEVER;
      }),
    )
    .describe(
      "a story first seen only from aggregator sources waits this long before its alert, so that the original outlet's report can join and take the credit (0 = no wait)",
    ),
  RECONCILE_EVERY_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(MAX_TIMER_MS)
    .default(60_000)
    .describe(
      're-queue deliveries and alerted stories whose job Redis lost, this often (and at start); also the grace time',
    ),
  DELIVERY_CIRCUIT_PROBE_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(MAX_TIMER_MS)
    .default(5_000)
    .describe(
      'first probe of a channel whose circuit opened (Discord unreachable); doubles up to 12 times this',
    ),
  STORY_WINDOW_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(72)
    .describe(
      'how long an item can still join a story; memory of each process grows with what arrives in it',
    ),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  DASHBOARD_HOST: z.string().default('127.0.0.1'),
  DASHBOARD_PORT: port(8787),
  DASHBOARD_TOKEN: optionalString,
  DASHBOARD_TIME_ZONE: optionalString
    .refine(
      (zone) => zone === undefined || validTimeZone(zone),
      'must be an IANA time zone such as Asia/Baghdad',
    )
    .describe('zone the dashboard shows absolute times in; the process zone (TZ) when unset'),
  DEMO_PORT: port(0),
  LLM_API_URL: optionalUrl,
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().max(MAX_TIMER_MS).default(8000),
});

export type Env = z.infer<typeof envSchema> & {
  /** The raw environment loadEnv parsed (frozen, non-enumerable): resolves a channels file's `webhookUrlEnv`. */
  readonly rawEnv?: Readonly<Record<string, string | undefined>>;
};

/** Parse the environment; throws one ConfigError listing every invalid variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) {
    const env = result.data;
    // Without a channels file the token's channels come from DISCORD_CHANNEL_IDS; a channels file names its own
    // bot channels (discordChannelId, forumChannelId), which need the token too.
    if (
      env.DISCORD_TOKEN !== undefined &&
      env.DISCORD_CHANNEL_IDS === undefined &&
      env.CHANNELS_FILE === undefined
    ) {
      throw new ConfigError(
        'Invalid environment:\n  DISCORD_CHANNEL_IDS: required when DISCORD_TOKEN is set without CHANNELS_FILE',
      );
    }
    // A channels file names variables of its own (webhookUrlEnv): keep a frozen copy of the raw environment for
    // them, non-enumerable so it is never logged or spread along with the parsed settings.
    Object.defineProperty(env, 'rawEnv', { value: Object.freeze({ ...source }), enumerable: false });
    return env;
  }
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
}

/** Names of variables whose values are secrets: never logged. */
export const secretEnvNames = [
  'DISCORD_TOKEN',
  'DISCORD_WEBHOOK_URL',
  'DASHBOARD_TOKEN',
  'LLM_API_KEY',
] as const;

/** The HTTP client settings the environment controls (shared by the runtime and the CLI's one-off fetches). */
export function httpSettingsFromEnv(env: Env) {
  return {
    keyPrefix: env.QUEUE_PREFIX,
    contact: env.HTTP_CONTACT,
    timeoutMs: env.HTTP_TIMEOUT_MS,
    maxBytes: env.HTTP_MAX_BYTES,
  };
}
