import { describe, expect, it } from 'vitest';
import { signatureConflict, signatureOf } from '../../../src/dedupe/event-signature.js';
import type { EventSignature } from '../../../src/dedupe/event-signature.js';
import type { SparseVector } from '../../../src/dedupe/posting-index.js';
import { storyConflict, StoryProfiles } from '../../../src/dedupe/story-profile.js';

const NO_ANCHORS: SparseVector = {
  ids: new Int32Array(0),
  weights: new Float64Array(0),
  unseenWeight: 0,
  unseenSquared: 0,
  unseenGenericWeight: 0,
  unseenGenericSquared: 0,
};
const sig = (...keys: string[]): EventSignature => signatureOf(keys);
const all = (): boolean => true;

function profileOf(...members: EventSignature[]) {
  const profiles = new StoryProfiles();
  for (const m of members) profiles.add('st', m, NO_ANCHORS);
  const profile = profiles.get('st');
  if (!profile) throw new Error('no profile');
  return profile;
}

describe('story profile: an item against the story as a whole', () => {
  it('for a one-report story, conflicts exactly as the pair does', () => {
    const a = sig('place:harir', 'day:09-12', 'num:140');
    for (const b of [
      sig('place:taji', 'day:09-12'),
      sig('place:harir', 'day:09-13', 'num:75'),
      sig('place:harir', 'day:09-12'),
      sig('person:x'),
    ])
      expect(storyConflict(b, profileOf(a), all, 0.5)).toBe(signatureConflict(b, a, all));
  });

  it('compares with what most reports say, not with one side place one report named', () => {
    const profile = profileOf(
      sig('place:harir', 'day:09-12'),
      sig('place:harir', 'day:09-12', 'place:erbil'),
      sig('place:harir', 'day:09-12'),
    );
    // Another event at the side place one member mentioned: it contradicts the story's core (place and day).
    expect(storyConflict(sig('place:erbil', 'day:09-14'), profile, all, 0.5)).toBe(3);
    // Another report of the event: agrees with the core.
    expect(storyConflict(sig('place:harir', 'day:09-12', 'place:kuwait'), profile, all, 0.5)).toBe(0);
  });

  it('with no core in a facet, an item contradicts the story only when it agrees with none of its reports', () => {
    const two = profileOf(sig('place:harir', 'day:09-12'), sig('place:taji', 'day:09-13'));
    // With two reports every key is named by half of them: the union is the core.
    expect(storyConflict(sig('place:taji', 'day:09-13'), two, all, 0.5)).toBe(0);
    const three = profileOf(
      sig('place:harir', 'day:09-12', 'num:350'),
      sig('place:harir', 'day:09-13', 'num:1200'),
      sig('place:harir', 'day:09-14', 'num:90'),
    );
    // The reports agree on the place but give three days and three figures: naming one of them is no conflict…
    expect(storyConflict(sig('place:harir', 'day:09-13', 'num:90'), three, all, 0.5)).toBe(0);
    // …naming none of them is, and a place off the core weighs most.
    expect(storyConflict(sig('place:harir', 'day:09-20', 'num:75'), three, all, 0.5)).toBe(1.5);
    expect(storyConflict(sig('place:balad', 'day:09-13'), three, all, 0.5)).toBe(2);
  });

  it('reads a place within another (gazetteer `within`) and a topic name of the same place as agreeing', () => {
    const story = profileOf(sig('place:lebanon', 'place:israel'), sig('place:lebanon'));
    const within = (a: string, b: string) =>
      a === b ||
      (a === 'place:south-lebanon' && b === 'place:lebanon') ||
      (b === 'place:south-lebanon' && a === 'place:lebanon');
    expect(storyConflict(sig('place:south-lebanon'), story, all, 0.5)).toBe(2);
    expect(storyConflict(sig('place:south-lebanon'), story, all, 0.5, undefined, within)).toBe(0);
    expect(storyConflict(sig('topic-place:lebanon'), story, all, 0.5)).toBe(0);
  });

  it('ignores keys that are common in the window, and forgets evicted reports', () => {
    const profiles = new StoryProfiles();
    const a = sig('place:harir', 'day:09-12');
    profiles.add('st', a, NO_ANCHORS);
    const keep = (k: string) => k !== 'place:harir';
    expect(storyConflict(sig('place:taji', 'day:09-12'), profiles.get('st')!, keep, 0.5)).toBe(0);
    profiles.remove('st', a, NO_ANCHORS);
    expect(profiles.get('st')).toBeUndefined();
  });
});
