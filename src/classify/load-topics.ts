/**
 * Loads `topics/*.yaml` (except gazetteer.yaml, which belongs to story clustering) into compiled topics.
 * Every problem names the file and the field.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { assertConfigTextSize, readConfigFile } from '../config/config-file.js';
import { ConfigError } from '../shared/errors.js';
import { compileTopic, type CompiledTopic } from './compile-topic.js';
import { topicFileSchema } from './topic-schema.js';
import { fittedWeightsSchema, type FittedWeights } from './fitted-weights.js';

/** Read `topics/<id>.weights.json` (written by `npm run fit:relevance`) when it exists; throws naming the file. */
export function readFittedWeights(file: string, topicId: string): FittedWeights | undefined {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON: ${(error as Error).message}`, error);
  }
  const parsed = fittedWeightsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  if (parsed.data.topicId !== topicId)
    throw new ConfigError(`${file}: topicId "${parsed.data.topicId}" must be "${topicId}"`);
  return parsed.data;
}

/** Files in the topics folder that are not topic definitions. */
const NOT_TOPICS = new Set(['gazetteer.yaml', 'gazetteer.yml']);

/** Parse and compile one topic file's text; throws ConfigError naming `file` and each invalid field. */
export function parseTopicFile(file: string, text: string): CompiledTopic {
  assertConfigTextSize(file, text, 'topic');
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
      const topic = parseTopicFile(path, readConfigFile(path, 'topic'));
      const fitted = readFittedWeights(join(dir, `${topic.id}.weights.json`), topic.id);
      topics.push(fitted ? { ...topic, fitted } : topic);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return topics;
}
