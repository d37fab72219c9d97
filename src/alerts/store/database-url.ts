/**
 * Which database a `DATABASE_URL` points at. PostgreSQL URLs are passed to `pg` as they are, except for a
 * `schema=NAME` parameter, which is ours (the schema the store's tables live in, created when missing)
 * and is taken out; everything else names a SQLite file, so a plain path works as well as `sqlite:` or
 * `file:` URLs.
 */
export const DEFAULT_DATABASE_PATH = "./data/executions-bot.db";

export type DatabaseTarget =
  | { backend: "postgres"; connectionString: string; schema?: string }
  | { backend: "sqlite"; path: string };

export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url?.trim() ?? "";
  if (value === "") return { backend: "sqlite", path: DEFAULT_DATABASE_PATH };
  if (/^postgres(ql)?:\/\//i.test(value)) return postgresTarget(value);

  const prefix = /^(sqlite|file):/i.exec(value);
  if (!prefix) return { backend: "sqlite", path: value };

  // `sqlite:///abs/x.db` and `file:///abs/x.db` carry an empty host; `sqlite:./x.db` is relative.
  let path = value.slice(prefix[0].length).replace(/[?#].*$/, "");
  if (path.startsWith("//")) path = path.slice(2);
  path = decodeURIComponent(path);
  if (path === "") throw new Error(`DATABASE_URL "${value}" names no SQLite file`);
  return { backend: "sqlite", path };
}

/**
 * One replica's whole database setting fits in one variable, schema included, so replicas started from the
 * same environment share tables without a second variable. `pg` would ignore the parameter; it is removed
 * anyway so the connection string stays what `pg` documents.
 */
function postgresTarget(value: string): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { backend: "postgres", connectionString: value };
  }
  const schemas = url.searchParams.getAll("schema");
  if (schemas.length === 0) return { backend: "postgres", connectionString: value };
  const schema = schemas[0]?.trim() ?? "";
  if (schemas.length > 1 || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error("DATABASE_URL's schema parameter must be one plain identifier (letters, digits, _)");
  }
  url.searchParams.delete("schema");
  return { backend: "postgres", connectionString: url.toString(), schema };
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
