/**
 * Validates and quotes a PostgreSQL schema name for interpolation into SQL (identifiers cannot
 * be bound as parameters). Only lower-case snake_case names are allowed.
 * @throws Error when `schema` is not `[a-z_][a-z0-9_]{0,62}`.
 */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}
