/**
 * Loads `selectors/*.yaml` into validated `Source` objects. Every problem names the file and the field.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../shared/errors.js';
import { assertConfigTextSize, readConfigFile } from './config-file.js';
import { sourceFileSchema, type Source } from './source-schema.js';

const SOURCE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Parse one source file's text; throws ConfigError naming `file` and each invalid field. */
export function parseSourceFile(file: string, text: string): Source {
  const id = basename(file).replace(/\.ya?ml$/, '');
  if (!SOURCE_ID.test(id)) {
    throw new ConfigError(`${file}: file name must be a source id (lower-case letters, digits and -)`);
  }
  assertConfigTextSize(file, text, 'source');
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML: ${(error as Error).message}`, error);
  }
  const result = sourceFileSchema.safeParse(raw ?? {});
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid source file:\n${lines.join('\n')}`);
  }
  const data = result.data;
  const hosts = new Set(data.allowedHosts.map((h) => h.toLowerCase()));
  for (const url of [data.homepage, ...data.fetch.map((layer) => layer.url)]) {
    if (url) hosts.add(new URL(url).hostname.toLowerCase());
  }
  return { ...data, allowedHosts: [...hosts], id, file };
}

/** The `*.yaml` names in `dir`; a missing or unreadable folder is a ConfigError naming `setting`. */
function sourceFileNames(dir: string, setting: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : (code ?? 'unreadable');
    throw new ConfigError(`${setting}=${dir}: ${why} (it must be the folder of source *.yaml files)`, error);
  }
  return names.filter((f) => /\.ya?ml$/.test(f)).sort();
}

/** Load every `*.yaml` in `dir`; reports all invalid files at once. `setting` names where `dir` came from. */
export function loadSources(dir: string, setting = 'SOURCES_DIR'): Source[] {
  const files = sourceFileNames(dir, setting);
  const sources: Source[] = [];
  const problems: string[] = [];
  for (const f of files) {
    const path = join(dir, f);
    try {
      sources.push(parseSourceFile(path, readConfigFile(path, 'source')));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return sources;
}
