/**
 * Size limits on the YAML configuration files (sources, channels, topics). A real file is a few kilobytes; a 10 MB
 * one took 13 s and 1.3 GB to parse, so anything past the limit is refused before it is read or parsed, with an
 * error naming the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../shared/errors.js';

/** Largest file accepted per kind, in bytes. */
export const CONFIG_FILE_LIMITS = {
  source: 256 * 1024,
  channels: 256 * 1024,
  topic: 1024 * 1024,
} as const;

export type ConfigFileKind = keyof typeof CONFIG_FILE_LIMITS;

function tooLarge(file: string, kind: ConfigFileKind, bytes: number): ConfigError {
  const limit = CONFIG_FILE_LIMITS[kind];
  return new ConfigError(
    `${file}: ${kind} file is ${bytes.toLocaleString('en')} bytes, over the limit of ${limit.toLocaleString('en')} bytes (${limit / 1024} KiB); a ${kind} file is normally a few kilobytes`,
  );
}

/** Throw a ConfigError naming `file` when `text` is over the limit for `kind`. */
export function assertConfigTextSize(file: string, text: string, kind: ConfigFileKind): void {
  // UTF-8 is at most 3 bytes per UTF-16 unit: a short text needs no exact count.
  if (text.length * 3 <= CONFIG_FILE_LIMITS[kind]) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > CONFIG_FILE_LIMITS[kind]) throw tooLarge(file, kind, bytes);
}

/** Read a configuration file as UTF-8, refusing one over the limit for `kind` before reading it. */
export function readConfigFile(file: string, kind: ConfigFileKind): string {
  const { size } = statSync(file);
  if (size > CONFIG_FILE_LIMITS[kind]) throw tooLarge(file, kind, size);
  return readFileSync(file, 'utf8');
}
