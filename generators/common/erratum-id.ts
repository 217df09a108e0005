/**
 * Erratum ids are kebab-case and name what they fix: a suggested erratum's id starts with the
 * definition it corrects, `UpdateRoomResponse` → `update-room-response-semicolon`.
 */

/** `UpdateRoomResponse`, `changed_role` → `update-room-response`, `changed-role`; `definition` when nothing is left. */
export function erratumIdPart(name: string): string {
  const k = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return k === '' ? 'definition' : k;
}
