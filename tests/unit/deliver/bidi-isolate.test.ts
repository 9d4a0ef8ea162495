import { describe, expect, it } from 'vitest';
import { isolate, label, ltr, rtl } from '../../../src/deliver/discord/bidi.js';
import { onScreen, visual } from '../../helpers/bidi-visual.js';

describe('isolate', () => {
  it('wraps Arabic in RLI and Latin, digits and empty-of-strong text in LRI', () => {
    expect(isolate('شفق نيوز')).toBe('\u2067شفق نيوز\u2069');
    expect(isolate('2025: انسحاب')).toBe('\u20672025: انسحاب\u2069');
    expect(isolate('Rudaw 24')).toBe('\u2066Rudaw 24\u2069');
    expect(isolate('12:05')).toBe('\u206612:05\u2069');
    expect(isolate('')).toBe('');
  });

  it('leaves one whole isolate alone but wraps a line made of several', () => {
    expect(isolate(rtl('عين الأسد'))).toBe(rtl('عين الأسد'));
    expect(isolate(rtl(`عين ${ltr('2025')} الأسد`))).toBe(rtl(`عين ${ltr('2025')} الأسد`));
    const two = `${ltr('Ain al-Asad')} / ${rtl('عين الأسد')}`;
    expect(isolate(two)).toBe(`\u2066${two}\u2069`);
  });

  it('labels in each channel language keep English left of Arabic', () => {
    expect(label('en', 'Outlet', 'المصدر')).toBe('Outlet');
    expect(visual(label('ar', 'Outlet', 'المصدر'))).toBe(onScreen('المصدر'));
    for (const [en, ar] of [
      ['Updated', 'تم التحديث'],
      ['Also reported by', 'نقلته أيضاً'],
      ['In Arabic', 'بالعربية'],
    ] as const) {
      expect(visual(label('both', en, ar))).toBe(`${en} · ${onScreen(ar)}`);
      expect(visual(label('both', en, ar), 'rtl')).toBe(`${onScreen(ar)} · ${en}`);
    }
  });
});
