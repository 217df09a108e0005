/** One step of the SQLite store's schema (schema.ts lists them; each file of a later version builds one). */
export interface Migration {
  /** What the migration does, for the error message when it fails. */
  description: string;
  sql: string;
}
