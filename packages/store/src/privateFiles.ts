import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/** The data folder holds pseudonymised case data and the key: only its owner may list or enter it. */
export const PRIVATE_DIR_MODE = 0o700;
/** The SQLite files (with -wal, -shm, -journal) and the HMAC key: only their owner may read them. */
export const PRIVATE_FILE_MODE = 0o600;

/** The files SQLite keeps beside a database file. */
export const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

/**
 * Creates the folder (and missing parents) owner-only, and tightens an existing one: a data folder
 * made by an earlier version (0755) is private from the next start on.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Tightens a file to owner read/write if it exists (files made before this release were 0644). */
export function makePrivate(file: string): void {
  if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Makes a SQLite database file private before SQLite opens it: a new file is created empty with
 * mode 0600 (SQLite then gives its -wal and -shm files the database file's mode), an existing one
 * and its side files are tightened.
 */
export function privateSqliteFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  makePrivate(file);
  for (const suffix of SQLITE_SIDE_FILES) makePrivate(`${file}${suffix}`);
}
