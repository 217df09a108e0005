/** The hint after "no type X" / "no content rule X": the known names the user may have meant. */

/**
 * `did you mean A, B or C?` for a name not among `known`, or undefined when none is near it. Only
 * an unknown name needs it, so the generators (which hold the edit distance) load only then.
 */
export async function didYouMeanHint(name: string, known: Iterable<string>): Promise<string | undefined> {
  const { nearestNames } = await import('@mimikit/generators');
  const near = nearestNames(name, known);
  if (near.length === 0) return undefined;
  const last = near.pop()!;
  return `did you mean ${near.length ? `${near.join(', ')} or ${last}` : last}?`;
}
