/** WebSub discovery in feed markup: RSS and Atom forms, attribute quirks, and what must not count as a hub. */
import { describe, expect, it } from 'vitest';
import { findHubLinks } from '../../../src/fetch/formats/find-hub.js';

const FEED = 'https://outlet.example/feed.xml';

describe('findHubLinks', () => {
  it('reads the RSS form (atom:link in the channel) with its self link', () => {
    const rss = `<?xml version="1.0"?><rss xmlns:atom="http://www.w3.org/2005/Atom"><channel>
      <title>أخبار</title>
      <atom:link rel="self" type="application/rss+xml" href="https://outlet.example/rss?lang=ar&amp;x=1"/>
      <atom:link rel="hub" href="https://hub.example/"/>
      <item><title>t</title></item></channel></rss>`;
    expect(findHubLinks(rss, FEED)).toEqual({
      hub: 'https://hub.example/',
      topic: 'https://outlet.example/rss?lang=ar&x=1',
    });
  });

  it('reads the Atom form, single quotes, attributes in any order and several rel tokens', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
      <link href='https://pubsubhubbub.example/hub' rel='hub'/>
      <link type="application/atom+xml" href="/atom" rel="self alternate"/>
      <entry><title>x</title></entry></feed>`;
    expect(findHubLinks(atom, FEED)).toEqual({
      hub: 'https://pubsubhubbub.example/hub',
      topic: 'https://outlet.example/atom',
    });
  });

  it('falls back to the fetched URL as topic and resolves a relative hub', () => {
    const rss = `<rss><channel><link rel="HUB" href="/websub/hub"/><item/></channel></rss>`;
    expect(findHubLinks(rss, FEED)).toEqual({ hub: 'https://outlet.example/websub/hub', topic: FEED });
  });

  it('finds no hub where there is none, in an entry, or with a non-http scheme', () => {
    expect(
      findHubLinks('<rss><channel><link>https://outlet.example/</link></channel></rss>', FEED),
    ).toBeNull();
    expect(
      findHubLinks(
        '<feed><title>t</title><entry><link rel="hub" href="https://evil.example/hub"/></entry></feed>',
        FEED,
      ),
    ).toBeNull();
    expect(findHubLinks('<feed><link rel="hub" href="javascript:alert(1)"/></feed>', FEED)).toBeNull();
    expect(findHubLinks('<feed><link rel="hub" href="file:///etc/passwd"/></feed>', FEED)).toBeNull();
    expect(findHubLinks('not xml at all <<<', FEED)).toBeNull();
  });
});
