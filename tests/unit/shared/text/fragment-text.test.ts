import { describe, expect, it } from 'vitest';
import { cleanText } from '../../../../src/fetch/formats/candidate-fields.js';
import { fragmentText } from '../../../../src/shared/text/fragment-text.js';

describe('fragmentText: block boundaries and <br> separate words', () => {
  it.each([
    ['<p>قال المتحدث</p><p>إن القوات</p>', 'قال المتحدث\nإن القوات'],
    ['<p>Troops left</p><p>the base</p>', 'Troops left\nthe base'],
    ['سحب القوات<br>من العراق', 'سحب القوات\nمن العراق'],
    ['first line<br/>second<br />third', 'first line\nsecond\nthird'],
    ['<ul><li>بغداد</li><li>أربيل</li></ul>', 'بغداد\nأربيل'],
    ['<div>Iraq</div><h2>Withdrawal</h2><blockquote>quote</blockquote>', 'Iraq\nWithdrawal\nquote'],
    ['<table><tr><td>a</td><td>b</td></tr></table>', 'a\nb'],
  ])('%s', (html, expected) => {
    expect(fragmentText(html)).toBe(expected);
  });

  it('inline elements do not split words', () => {
    expect(fragmentText('<p>al-<b>Asad</b> air<i>base</i></p>')).toBe('al-Asad airbase');
    expect(fragmentText('<span>القوات</span> <a href="#">الأمريكية</a>')).toBe('القوات الأمريكية');
  });
});

describe('fragmentText: script, style, noscript dropped', () => {
  it.each([
    ['<p>Troops</p><script>var x = "ad";</script><p>leave</p>', 'Troops\nleave'],
    ['<style>.a{color:red}</style>انسحاب', 'انسحاب'],
    ['<noscript>Enable JavaScript</noscript><p>القوات</p>', 'القوات'],
    ['<p>a<script type="application/ld+json">{"@type":"NewsArticle"}</script>b</p>', 'ab'],
  ])('%s', (html, expected) => {
    expect(fragmentText(html)).toBe(expected);
  });
});

describe('fragmentText: entities decoded exactly once', () => {
  it.each([
    ['AT&amp;T &amp; Iraq', 'AT&T & Iraq'],
    ['&amp;lt;p&amp;gt; stays literal', '&lt;p&gt; stays literal'],
    ['&#1575;&#1604;&#1593;&#1585;&#1575;&#1602;', 'العراق'],
    ['<p>&ldquo;Troops&rdquo;&nbsp;&mdash; out</p>', '\u201cTroops\u201d \u2014 out'],
  ])('%s', (html, expected) => {
    expect(fragmentText(html)).toBe(expected);
  });

  it('plain text without markup is returned as is', () => {
    expect(fragmentText('القوات الأمريكية تغادر')).toBe('القوات الأمريكية تغادر');
  });
});

describe('cleanText (feed and listing summaries) uses block-aware text', () => {
  it('joins blocks with a space, Arabic and English', () => {
    expect(cleanText('<p>قال المتحدث</p><p>إن القوات</p>', 500)).toBe('قال المتحدث إن القوات');
    expect(cleanText('<p>The Pentagon said</p><p>troops would leave.</p><script>track()</script>', 500)).toBe(
      'The Pentagon said troops would leave.',
    );
    expect(cleanText('line one<br>line two', 500)).toBe('line one line two');
  });
});
