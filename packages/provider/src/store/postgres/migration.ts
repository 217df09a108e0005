/** One step of the PostgreSQL store's schema (schema.ts lists them; each file of a version builds one). */
export interface PostgresMigration {
  /** What the migration does: kept in mimikit_schema, and in the error message when it fails. */
  description: string;
  sql: string;
}
