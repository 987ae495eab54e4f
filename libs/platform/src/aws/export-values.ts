/**
 * Stored items (DynamoDB rows as `Record<string, unknown>`) to the JSON of an account export
 * (`export.collect`): what every service's export handler does with the rows it reads.
 */

/** The value when it is a string, else undefined. */
export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** `{ [name]: value }` when the value is a string, else nothing: for optional fields spread into an entry. */
export const optionalString = <N extends string>(name: N, value: unknown): Partial<Record<N, string>> => {
  const text = stringOf(value);
  return text !== undefined ? ({ [name]: text } as Record<N, string>) : {};
};

/** A plain JSON copy (stored maps, sets and numbers as JSON has them); null for nothing. */
export const plainJson = (value: unknown): never => JSON.parse(JSON.stringify(value ?? null)) as never;
