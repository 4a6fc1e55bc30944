/**
 * Opens Tandem's SQLite file with the settings every adapter relies on: WAL journal, normal
 * sync (a crash loses at most the last committed-but-unsynced transactions, never corrupts),
 * a busy timeout for concurrent readers, and the schema migrated to the current version.
 * @module
 */

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export function openSqliteDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}
