// JSON types and values in words, for messages about a user's JSON or YAML file (a catalog, the
// cluster file): "must be a number, not the string "80"". A catalog's messages say "an array",
// the cluster file's "a list" (its users write YAML); the rest is one wording.

const TYPES: Record<string, string> = { integer: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false', object: 'an object' };

/** A JSON Schema `type` (or several, comma-separated, as ajv reports them) in words. */
export function typeInWords(type: string, list: 'an array' | 'a list'): string {
  return type
    .split(',')
    .map((t) => (t === 'array' ? list : (TYPES[t] ?? t)))
    .join(' or ');
}

/** A value as a message quotes it: its kind, or a string (cut at 40 characters) or a scalar as written. */
export function valueInWords(value: unknown, list: 'an array' | 'a list'): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return list;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return String(value);
}
