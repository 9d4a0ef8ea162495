import { describe, expect, it } from 'vitest';
import { renderAlertPreview } from '../../../src/deliver/console-preview.js';

describe('renderAlertPreview', () => {
  it('prints a readable, isolated, control-free preview', () => {
    const text = renderAlertPreview({
      storyId: 's',
      headline: 'انسحاب \u202Eالقوات\u202C من عين الأسد 2025',
      lang: 'ar',
      url: 'https://example.com/a',
      outlet: 'Shafaq',
      publishedAt: '2025-09-01T10:00:00Z',
      lead: null,
      imageUrl: null,
      score: 0.876,
      reasons: ['place: Ain al-Asad'],
      alsoReportedBy: [{ outlet: 'Rudaw', url: 'https://rudaw.example/1' }],
      updated: true,
    });
    expect(text).toContain('ALERT (updated) · score 0.88');
    expect(text).toContain('\u2068انسحاب القوات من عين الأسد 2025\u2069');
    expect(text).not.toMatch(/[\u202A-\u202E]/);
    expect(text).toContain('Rudaw');
    expect(text).toContain('https://example.com/a');
  });
});
