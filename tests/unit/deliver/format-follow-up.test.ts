import { describe, expect, it } from 'vitest';
import { formatFollowUp } from '../../../src/deliver/discord/format-follow-up.js';

/** The text without directional isolates. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/gu, '');

describe('formatFollowUp', () => {
  it('names the new report by its headline, linked, followed by the outlet', () => {
    const payload = formatFollowUp([
      { outlet: 'Reuters', url: 'https://example.com/a', headline: 'US troops leave Ain al-Asad base' },
      { outlet: 'شفق نيوز', url: 'https://example.com/b', headline: 'انسحاب القوات الأمريكية من عين الأسد' },
    ]);
    expect(plain(payload.content ?? '')).toContain(
      '[US troops leave Ain al-Asad base](<https://example.com/a>) — Reuters',
    );
    expect(payload.content).toContain('انسحاب القوات الأمريكية من عين الأسد');
    expect(payload.content).toContain('(<https://example.com/b>)');
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });

  it('falls back to the outlet name when the headline is unknown', () => {
    const payload = formatFollowUp([{ outlet: 'Reuters', url: 'https://example.com/a', headline: null }]);
    expect(plain(payload.content ?? '')).toContain('[Reuters](<https://example.com/a>)');
    expect(payload.content).not.toContain(' — ');
  });
});

describe('long links in alerts and follow-ups', () => {
  const long = (host: string, n = 450) => {
    let slug = '';
    while (slug.length < n) slug += encodeURIComponent('انسحاب-القوات-');
    return `https://${host}/ar/${slug.slice(0, n)}`;
  };

  it('links a 450-character percent-encoded report URL instead of dropping it', () => {
    for (const url of [long('shafaq.example'), long('alsumaria.example', 900), long('ina.example', 1800)]) {
      const content = formatFollowUp([
        { outlet: 'شفق نيوز', url, headline: 'انسحاب القوات من عين الأسد' },
      ]).content;
      expect(content).toContain(`](<${url}>)`);
    }
  });

  it('still never links an unsafe URL', () => {
    const content = formatFollowUp([{ outlet: 'Bad', url: 'javascript:alert(1)', headline: 'x' }]).content;
    expect(content).not.toContain('](');
  });
});
