/**
 * Node.js options for the benchmarks' provider processes (`--node-flags`): `node <flags>
 * bin/mimi.js provider start …`, to profile a node (`--cpu-prof --cpu-prof-dir=<dir>`,
 * `--perf-basic-prof-only-functions`). Options only: a script path or a bare argument would
 * replace or shift bin/mimi.js.
 */

/** `--name` or `--name=value`, the value without whitespace. */
const NODE_FLAG = /^--[A-Za-z0-9][A-Za-z0-9-]*(=\S*)?$/;
const MAX_FLAGS = 32;

/** The flags of a space-separated list; a RangeError names the first that is not a Node.js option. */
export function parseNodeFlags(list: string): string[] {
  const flags = list.split(/\s+/).filter(Boolean);
  if (flags.length > MAX_FLAGS) throw new RangeError(`at most ${MAX_FLAGS} node flags, got ${flags.length}`);
  checkNodeFlags(flags);
  return flags;
}

export function checkNodeFlags(flags: readonly string[]): void {
  const bad = flags.find((f) => !NODE_FLAG.test(f));
  if (bad !== undefined) throw new RangeError(`node flags must be Node.js options (--name or --name=value), got ${JSON.stringify(bad)}`);
}
