/** A schema change: plain SQL that PostgreSQL 15+ and PGlite both run. */
export interface Migration {
  id: number;
  name: string;
  up: string;
  down: string;
}
