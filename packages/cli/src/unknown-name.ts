/** The hint after "no type X" / "no content rule X": the known names the user may have meant. */
import { nearestNames } from '@mimikit/generators/common/suggestions.ts';

/** `did you mean A, B or C?` for a name not among `known`, or undefined when none is near it. */
export function didYouMeanHint(name: string, known: Iterable<string>): string | undefined {
  const near = nearestNames(name, known);
  if (near.length === 0) return undefined;
  const last = near.pop()!;
  return `did you mean ${near.length ? `${near.join(', ')} or ${last}` : last}?`;
}
