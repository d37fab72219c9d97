/**
 * Which database a `DATABASE_URL` points at. PostgreSQL URLs are passed to `pg` untouched; everything else
 * names a SQLite file, so a plain path works as well as `sqlite:` or `file:` URLs.
 */
export const DEFAULT_DATABASE_PATH = "./data/executions-bot.db";

export type DatabaseTarget =
  | { backend: "postgres"; connectionString: string }
  | { backend: "sqlite"; path: string };

export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url?.trim() ?? "";
  if (value === "") return { backend: "sqlite", path: DEFAULT_DATABASE_PATH };
  if (/^postgres(ql)?:\/\//i.test(value)) return { backend: "postgres", connectionString: value };

  const prefix = /^(sqlite|file):/i.exec(value);
  if (!prefix) return { backend: "sqlite", path: value };

  // `sqlite:///abs/x.db` and `file:///abs/x.db` carry an empty host; `sqlite:./x.db` is relative.
  let path = value.slice(prefix[0].length).replace(/[?#].*$/, "");
  if (path.startsWith("//")) path = path.slice(2);
  path = decodeURIComponent(path);
  if (path === "") throw new Error(`DATABASE_URL "${value}" names no SQLite file`);
  return { backend: "sqlite", path };
}

/** Hides the password of a PostgreSQL URL so the target can be logged. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.backend === "sqlite") return `sqlite:${target.path}`;
  try {
    const url = new URL(target.connectionString);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}
