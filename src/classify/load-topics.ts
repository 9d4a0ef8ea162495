/**
 * Loads `topics/*.yaml` (except gazetteer.yaml, which belongs to story clustering) into compiled topics.
 * Every problem names the file and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../shared/errors.js';
import { compileTopic, type CompiledTopic } from './compile-topic.js';
import { topicFileSchema } from './topic-schema.js';

/** Files in the topics folder that are not topic definitions. */
const NOT_TOPICS = new Set(['gazetteer.yaml', 'gazetteer.yml']);

/** Parse and compile one topic file's text; throws ConfigError naming `file` and each invalid field. */
export function parseTopicFile(file: string, text: string): CompiledTopic {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML: ${(error as Error).message}`, error);
  }
  const result = topicFileSchema.safeParse(raw ?? {});
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid topic file:\n${lines.join('\n')}`);
  }
  const expectedId = basename(file).replace(/\.ya?ml$/, '');
  if (result.data.id !== expectedId) {
    throw new ConfigError(`${file}: id: "${result.data.id}" must match the file name ("${expectedId}")`);
  }
  return compileTopic(result.data, file);
}

/** Load every topic in `dir` (sorted by file name); reports all invalid files at once. */
export function loadTopics(dir: string): CompiledTopic[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new ConfigError(`${dir}: cannot read the topics folder: ${(error as Error).message}`, error);
  }
  const files = names.filter((f) => /\.ya?ml$/.test(f) && !NOT_TOPICS.has(f)).sort();
  const topics: CompiledTopic[] = [];
  const problems: string[] = [];
  for (const f of files) {
    const path = join(dir, f);
    try {
      topics.push(parseTopicFile(path, readFileSync(path, 'utf8')));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return topics;
}
