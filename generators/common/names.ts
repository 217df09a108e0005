/** Name helpers every generator uses to turn spec names into TypeScript names. */

/** `ratchet_tree`, `key-id`, `group info` → `RatchetTree`, `KeyId`, `GroupInfo`. */
export function pascal(name: string): string {
  return name
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((s) => s[0]!.toUpperCase() + s.slice(1))
    .join('');
}
