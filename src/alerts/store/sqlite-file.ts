/**
 * The SQLite file on disk. Its directory is made one level at a time, so a path that can never exist
 * fails at once with a clear error (Node's recursive mkdir spins forever under /proc). Once open, the
 * file is remembered by its inode: deleted or replaced while the bot runs, SQLite would go on writing to
 * the unlinked file and every subscription would be gone at the next start, so the store's ping reports
 * it and /healthz turns 503.
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** The SQLite file cannot be created or opened, or changed under the running bot. */
export class SqliteFileError extends Error {
  override readonly name = "SqliteFileError";
}

/** Creates the missing directories above `path`, or says in one line why it cannot. */
export function ensureDirectoryOf(path: string): void {
  const missing: string[] = [];
  let current = resolve(dirname(path));
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      throw new SqliteFileError(
        `DATABASE_URL: cannot create the directory ${dir} for the SQLite file (${code ?? "error"})`,
      );
    }
  }
}

/** Reports, once it happens, that the file at `path` is no longer the one the store opened. */
export function sqliteFileWatch(path: string): () => string | null {
  const opened = identityOf(path);
  return () => {
    const now = identityOf(path);
    if (now === undefined) return "the SQLite file was deleted while the bot was running";
    if (opened !== undefined && now !== opened)
      return "the SQLite file was replaced while the bot was running";
    return null;
  };
}

function identityOf(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}
