import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../../../../src/fetch/http/charset/repair-mojibake.js';

const SENTENCES = [
  'أعلنت وزارة الدفاع الأمريكية انسحاب القوات من قاعدة عين الأسد غرب العراق.',
  'التحالف الدولي يسلّم قاعدة «فكتوريا» للجيش العراقي، وفق بيان رسمي — الأحد ٢٠٢٥/٩/١٤',
  'Coalition forces complete drawdown from Baghdad; الحكومة تُرحّب بالخطوة.',
  'ژ پ چ گ ک ی — حروف فارسية، ومعها © و « » و ‰',
];

function asCp1256Mojibake(text: string): string {
  return new TextDecoder('windows-1256').decode(Buffer.from(text, 'utf8'));
}
function asLatin1Mojibake(text: string): string {
  return new TextDecoder('windows-1252').decode(Buffer.from(text, 'utf8'));
}

describe('repairMojibake', () => {
  it('leaves real Arabic, Persian letters and symbols alone', () => {
    for (const sentence of SENTENCES) {
      expect(repairMojibake(sentence)).toEqual({ text: sentence, repairedRuns: 0 });
    }
  });

  it('repairs UTF-8 read as windows-1256 ("ط§ظ„")', () => {
    expect(asCp1256Mojibake('ال')).toBe('ط§ظ„');
    for (const sentence of SENTENCES) {
      const repaired = repairMojibake(asCp1256Mojibake(sentence));
      expect(repaired.text).toBe(sentence);
      expect(repaired.wrongCharset).toBe('windows-1256');
    }
  });

  it('repairs UTF-8 read as windows-1252 ("Ø§Ù„")', () => {
    for (const sentence of SENTENCES.slice(0, 3)) {
      expect(repairMojibake(asLatin1Mojibake(sentence)).text).toBe(sentence);
    }
  });

  it('repairs mojibake inside markup without touching correct parts', () => {
    const html = `<h1>${asCp1256Mojibake('انسحاب القوات')}</h1><p>العراق</p>`;
    expect(repairMojibake(html).text).toBe('<h1>انسحاب القوات</h1><p>العراق</p>');
  });
});
