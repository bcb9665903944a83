/** Every migration, in order. Append only: an applied migration is never edited. */
import type { Migration } from './migration.js';
import { migration as m0001 } from './0001-ingest.js';
import { migration as m0002 } from './0002-decisions.js';
import { migration as m0003 } from './0003-audit.js';
import { migration as m0004 } from './0004-identity.js';
import { migration as m0005 } from './0005-cases.js';
import { migration as m0006 } from './0006-webhooks.js';
import { migration as m0007 } from './0007-complaints.js';
import { migration as m0008 } from './0008-entity-links.js';
import { migration as m0009 } from './0009-models-credit.js';
import { migration as m0010 } from './0010-decision-rollups.js';
import { migration as m0011 } from './0011-entity-links-table.js';

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011];
