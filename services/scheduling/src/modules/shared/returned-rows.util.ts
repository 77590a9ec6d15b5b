/**
 * Rows of a `RETURNING` clause from TypeORM's `query()`: the postgres driver returns the rows for
 * SELECT/INSERT but `[rows, affectedCount]` for UPDATE and DELETE.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
