import { describe, expect, it } from 'vitest';
import { didYouMean, nearestNames } from './suggestions.ts';

describe('nearestNames', () => {
  const names = ['MessageId', 'MessageDerivedValues', 'mimiContent', 'NestedPart', 'Timestamp'];

  it('gives likely typos first (case, a swap, one edit), then names containing the input', () => {
    expect(nearestNames('mimicontent', names)).toEqual(['mimiContent']);
    expect(nearestNames('NsetedPart', names)).toEqual(['NestedPart']);
    expect(nearestNames('message', names)).toEqual(['MessageId', 'MessageDerivedValues']);
    expect(nearestNames('TimestampX', names)).toEqual(['Timestamp']);
  });

  it('stops at max, gives nothing for a name near none, and none for an overlong name', () => {
    expect(nearestNames('e', ['e1', 'e2', 'e3', 'e4'], 2)).toEqual(['e1', 'e2']);
    expect(nearestNames('zzzz', names)).toEqual([]);
    expect(nearestNames('a'.repeat(100_000), ['a'])).toEqual([]);
  });

  it('agrees with didYouMean on the closest typo', () => {
    for (const n of ['unit', 'MessageID', 'Timestmap', 'nothing']) expect(nearestNames(n, ['uint', ...names])[0]).toBe(didYouMean(n, ['uint', ...names]));
  });
});
