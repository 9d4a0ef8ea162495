import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics, parseTopicFile } from '../../../src/classify/load-topics.js';
import { ConfigError } from '../../../src/shared/errors.js';

const SECOND_TOPIC = `
id: niger-drawdown
name: US forces leaving Niger
thresholds: { alert: 0.6, digest: 0.35 }
actors:
  - { id: us-forces, label: US forces, en: [us forces, us troops, pentagon], ar: [القوات الأمريكية] }
places:
  - { id: niger, label: Niger (النيجر), en: [niger, niamey, agadez], ar: [النيجر, نيامي] }
events:
  - { id: withdrawal, label: withdrawal, en: [withdraw, withdrawal, leave, left], ar: [انسحاب, انسحب] }
theatres:
  - { id: iraq, label: Iraq, en: [iraq], ar: [العراق] }
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'raqib-topics-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadTopics', () => {
  it('loads the shipped default topic', () => {
    const topics = loadTopics(join(import.meta.dirname, '../../../topics'));
    const topic = topics.find((t) => t.id === 'iraq-drawdown');
    expect(topic?.thresholds.alert).toBeGreaterThan(topic?.thresholds.digest ?? 1);
  });

  it('adds a second topic without code and skips gazetteer.yaml', () => {
    writeFileSync(join(dir, 'niger-drawdown.yaml'), SECOND_TOPIC);
    writeFileSync(join(dir, 'gazetteer.yaml'), 'places: [whatever]\n');
    const topics = loadTopics(dir);
    expect(topics.map((t) => t.id)).toEqual(['niger-drawdown']);
    const niger = topics[0]!;
    expect(
      classifyItem({ text: 'US troops withdraw from Niger, leaving Agadez base.' }, niger).decision,
    ).toBe('alert');
    expect(classifyItem({ text: 'US troops withdraw from Iraq.' }, niger).decision).not.toBe('alert');
  });

  it('names the file and the field of an invalid topic', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'id: broken\nname: x\nthresholds: { alert: 2, digest: 0.3 }\nactors: []\nplaces: []\nevents: []\n',
    );
    expect(() => loadTopics(dir)).toThrow(ConfigError);
    try {
      loadTopics(dir);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(`${file}: thresholds.alert`);
      expect(message).toContain(`${file}: actors`);
    }
  });

  it('rejects unknown fields, bad YAML, id/file mismatch and dangling requires', () => {
    expect(() =>
      parseTopicFile('t/x.yaml', SECOND_TOPIC.replace('id: niger-drawdown', 'id: x') + 'colour: red\n'),
    ).toThrow(/colour/);
    expect(() => parseTopicFile('t/x.yaml', 'id: [unclosed')).toThrow(/t\/x.yaml: not valid YAML/);
    expect(() => parseTopicFile('t/other.yaml', SECOND_TOPIC)).toThrow(/must match the file name/);
    const dangling = SECOND_TOPIC.replace(
      'places:',
      'places:\n  - { id: alias, label: a, en: [base], requires: nowhere }',
    );
    expect(() => parseTopicFile('t/niger-drawdown.yaml', dangling)).toThrow(
      /requires unknown entity "nowhere"/,
    );
  });

  it('reports a missing folder as a ConfigError', () => {
    expect(() => loadTopics(join(dir, 'missing'))).toThrow(ConfigError);
  });
});
