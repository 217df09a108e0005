/**
 * "Did you mean …?" hints: the closest known names to one that was not found. Used by the CDDL lint
 * and the OpenAPI lint (the TLS-PL compiler's undefined-type hint still matches case only), and by
 * the CLI for an unknown `--type`.
 */

interface Ranked {
  name: string;
  distance: number;
}

/** How far a candidate may be from the name to count as a likely typo of it. */
const typoLimit = (name: string): number => Math.max(1, Math.floor(name.length / 4));

/**
 * Names longer than this get no hints: the edit distance costs length × length per candidate, and a
 * name from the command line may be any length.
 */
const MAX_NAME_LENGTH = 256;

/** Every candidate but the name itself, closest first (a stable sort: ties keep the candidates' order). */
function ranked(name: string, candidates: Iterable<string>): Ranked[] {
  const out: Ranked[] = [];
  if (name.length > MAX_NAME_LENGTH) return out;
  const limit = typoLimit(name);
  for (const candidate of candidates) {
    if (candidate === name || candidate.length > MAX_NAME_LENGTH) continue;
    // A length difference beyond the typo limit is at least that many edits: not worth computing.
    const far = Math.abs(candidate.length - name.length) > limit;
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : far ? limit + 1 : editDistance(name, candidate);
    out.push({ name: candidate, distance });
  }
  return out.sort((a, b) => a.distance - b.distance);
}

/** The closest known name, if it is close enough to be a likely typo. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const best = ranked(name, candidates)[0];
  return best && best.distance <= typoLimit(name) ? best.name : undefined;
}

/**
 * Up to `max` known names the user may have meant, closest first: the likely typos, then the names
 * that contain the name or are contained in it, ignoring case (`--type message` → MessageId, …).
 */
export function nearestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = name.toLowerCase();
  const limit = typoLimit(name);
  const all = ranked(name, candidates);
  const typos = all.filter((c) => c.distance <= limit);
  const related = all.filter((c) => c.distance > limit && lower !== '' && (c.name.toLowerCase().includes(lower) || lower.includes(c.name.toLowerCase())));
  return [...typos, ...related].slice(0, max).map((c) => c.name);
}

/** Edit distance counting a swap of two neighbouring characters as one edit (`unit` → `uint`). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const above = rows[i - 1] as number[];
      let d = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}
