/** Structured logs (pino). Secrets are redacted by key wherever they appear; errors keep their stacks. */
import pino, { type Logger } from 'pino';

const REDACT = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'webhookUrl',
  '*.webhookUrl',
  'DISCORD_TOKEN',
  'DISCORD_WEBHOOK_URL',
  'LLM_API_KEY',
  'DASHBOARD_TOKEN',
  '*.DISCORD_TOKEN',
  '*.DISCORD_WEBHOOK_URL',
  '*.apiKey',
];

export function createLogger(options: { level: string; pretty: boolean; name?: string }): Logger {
  return pino(
    {
      name: options.name ?? 'raqib',
      level: options.level,
      redact: { paths: REDACT, censor: '[redacted]' },
      // Errors are logged under `err` with their type, message, stack and cause chain.
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      ...(options.pretty
        ? {
            transport: {
              target: 'pino-pretty',
              options: { colorize: true, translateTime: 'HH:MM:ss', destination: 2 },
            },
          }
        : {}),
    },
    options.pretty ? undefined : pino.destination(2),
  );
}
