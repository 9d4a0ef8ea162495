/**
 * Constructed pages (written by hand for these tests) for the body's boundaries: related-post feeds, hidden
 * elements, captions, embedded posts, camelCase furniture classes and the JSON-LD articleBody second opinion.
 */
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/extract/extract-article.js';

const sentence = (topic: string, n: number): string =>
  `Paragraph ${n} about ${topic} is a full sentence, with commas, details and a quote from an official who spoke on the record.`;
const paragraphs = (topic: string, count: number): string =>
  Array.from({ length: count }, (_, i) => `<p>${sentence(topic, i + 1)}</p>`).join('');

describe('related-post feeds', () => {
  it('a list of teaser <article>s loses to the article that holds the headline', () => {
    const teasers = Array.from(
      { length: 5 },
      (_, i) => `<article class="post"><h3>Teaser ${i}</h3>${paragraphs(`teaser ${i}`, 3)}</article>`,
    ).join('');
    const html = `<html><body><div id="primary">
      <article class="post"><h1>The real headline</h1>${paragraphs('the real story', 2)}</article>
      <article class="post"><h3>You may like</h3>${teasers}</article>
    </div></body></html>`;
    const { text } = extractArticle(html);
    expect(text).toContain('about the real story');
    expect(text).not.toContain('teaser');
  });

  it('a live blog (a list of <article> updates with no headline among rivals) is kept', () => {
    const updates = Array.from(
      { length: 6 },
      (_, i) => `<article class="update">${paragraphs(`update ${i}`, 2)}</article>`,
    ).join('');
    const html = `<html><body><header><h1>Live: the latest</h1></header><main><div class="feed">${updates}</div></main></body></html>`;
    const { text } = extractArticle(html);
    for (let i = 0; i < 6; i++) expect(text).toContain(`about update ${i}`);
  });
});

describe('furniture inside the article container', () => {
  const wrap = (inner: string): string =>
    `<html><body><article><h1>Headline</h1>${paragraphs('the story', 3)}${inner}${paragraphs('the ending', 1)}</article></body></html>`;

  it.each([
    [
      'a figcaption',
      '<figure><img src="x.jpg"><figcaption>A caption under the photo, with a credit line.</figcaption></figure>',
    ],
    [
      'a Bootstrap d-none block',
      '<div class="d-none d-print-block">Citation: printed only, with a long text.</div>',
    ],
    ['a "hidden" class', '<div class="hidden">Hidden text that a browser never shows to readers.</div>'],
    [
      'a camelCase signup box',
      '<div id="emailSignup"><div>Let our news meet your inbox, every weekday morning.</div></div>',
    ],
    [
      'a region labelled by a promo heading',
      '<section aria-labelledby="podcast-promo"><p id="podcast-promo">Podcast of the week, with an episode list.</p></section>',
    ],
    ['a photo credit line', '<div class="inject"><span>© REUTERS / A PHOTOGRAPHER</span></div>'],
    ['an image counter', '<div class="gallery"><span>Image 1 of 5</span></div>'],
  ])('drops %s', (_name, inner) => {
    const { text } = extractArticle(wrap(inner));
    expect(text).toContain('Paragraph 3 about the story');
    expect(text).toContain('about the ending');
    expect(text).not.toMatch(/caption|Citation|Hidden text|inbox|Podcast|REUTERS|Image 1/);
  });

  it('keeps a responsive block that is hidden only on small screens', () => {
    const { text } = extractArticle(
      wrap('<div class="d-none d-md-block"><p>Shown on desktop, a real paragraph of the story.</p></div>'),
    );
    expect(text).toContain('Shown on desktop');
  });

  it('keeps an embedded tweet even when its wrapper is classed "social"', () => {
    const tweet =
      '<div class="social-media-embed"><blockquote class="twitter-tweet"><p>We are on it, said the governor in a post.</p>— Governor (@governor) November 18, 2019</blockquote></div>';
    const { text } = extractArticle(wrap(tweet));
    expect(text).toContain('We are on it, said the governor');
    expect(text).toContain('(@governor) November 18, 2019');
  });

  it('source line breaks inside a paragraph are spaces, <br> is a line break', () => {
    const { text } = extractArticle(
      wrap('<p>One line\n   continued here, in the same sentence.<br>Second line after a break.</p>'),
    );
    expect(text).toContain('One line continued here, in the same sentence.\n\nSecond line after a break.');
  });
});

describe('JSON-LD articleBody', () => {
  const ld = (body: string): string =>
    `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Headline', articleBody: body })}</script>`;

  it('stands in when the page renders its text by script', () => {
    const body = `${sentence('the story', 1)}\n${sentence('the story', 2)}\n${sentence('the story', 3)}`;
    const html = `<html><head>${ld(body)}</head><body><div id="app"></div></body></html>`;
    expect(extractArticle(html).text).toBe(body.split('\n').join('\n\n'));
  });

  it('trims an edge paragraph that shares nothing with an agreeing articleBody', () => {
    const story = Array.from({ length: 4 }, (_, i) => sentence('the story', i + 1));
    const html = `<html><head>${ld(story.join('\n'))}</head><body><article><h1>Headline</h1>
      ${story.map((s) => `<p>${s}</p>`).join('')}
      <p>Unrelated promotional sentence about a different product, with a price and an offer.</p></article></body></html>`;
    const { text } = extractArticle(html);
    expect(text).toContain('Paragraph 4 about the story');
    expect(text).not.toContain('promotional');
  });

  it('is ignored when it disagrees with the page', () => {
    const story = Array.from({ length: 4 }, (_, i) => sentence('the story', i + 1));
    const html = `<html><head>${ld(`${sentence('something else entirely', 1)} ${sentence('another topic', 2)}`)}</head>
      <body><article><h1>Headline</h1>${story.map((s) => `<p>${s}</p>`).join('')}</article></body></html>`;
    expect(extractArticle(html).text).toBe(story.join('\n\n'));
  });
});
