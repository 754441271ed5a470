// Checks a catalog file against catalog/schema.json and turns what ajv finds into problems that
// name the file, the entry and the field in words. Pure: the caller reads the file.

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../../catalog/schema.json';
import { loadedCatalog, type CatalogFile, type CatalogProblem, type LoadedCatalog } from './types';
import { parseVersionRange } from './versions';
import { typeInWords, valueInWords } from '../jsonWords';

export interface CatalogResult {
  /** Set only when there are no problems. */
  catalog?: LoadedCatalog;
  problems: CatalogProblem[];
}

/**
 * Compiles the schema once, when the first catalog is validated (most sessions have no catalog of
 * their own, and compiling costs a tenth of a second at start); the owner keeps one and validates
 * every catalog with it.
 */
export class CatalogValidator {
  private compiled: ValidateFunction | undefined;

  validate(json: unknown, fileName: string): CatalogResult {
    // verbose: errors carry the failing value and its schema, which the messages quote.
    const check = (this.compiled ??= new Ajv({ allErrors: true, verbose: true }).compile(schema));
    const problems = check(json) ? [] : describeErrors(check.errors ?? [], json, fileName);
    problems.push(...rangeProblems(json, fileName), ...versionProblems(json, fileName, problems));
    if (problems.length > 0) return { problems };
    return { catalog: loadedCatalog(json as CatalogFile, fileName), problems };
  }
}

/** Convenience for a single check; compiles the schema on every call. */
export function validateCatalog(json: unknown, fileName: string): CatalogResult {
  return new CatalogValidator().validate(json, fileName);
}

/** Parses and validates a catalog file's text; a syntax error is a problem, never a throw. */
export function parseCatalogText(text: string, fileName: string, validator = new CatalogValidator()): CatalogResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [{ fileName, field: '', message: `is not valid JSON: ${reason}` }] };
  }
  return validator.validate(json, fileName);
}

/** `my-ports.json: entry 3 (component "foo"), field "protocol": must be one of TCP, UDP, SCTP`. */
export function formatCatalogProblem(p: CatalogProblem): string {
  let segments = p.field === '' ? [] : p.field.split('/').map(unescapeSegment);
  const where: string[] = [];
  if (p.entryIndex !== undefined) {
    where.push(p.component === undefined ? `entry ${p.entryIndex}` : `entry ${p.entryIndex} (component "${p.component}")`);
    segments = segments.slice(2);
  }
  if (segments.length > 0) where.push(`field "${displayPath(segments)}"`);
  if (where.length === 0) return `${p.fileName}: the catalog ${p.message}`;
  return `${p.fileName}: ${where.join(', ')}: ${p.message}`;
}

function describeErrors(errors: ErrorObject[], json: unknown, fileName: string): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const described = describeError(error);
    if (described === undefined) continue;
    const segments = [...pointerSegments(error.instancePath), ...described.extra];
    const problem = problemAt(segments, described.message, json, fileName);
    const key = `${problem.field}\n${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** One ajv error in words; `extra` names the field the error is about below its instancePath. */
function describeError(error: ErrorObject): { message: string; extra: string[] } | undefined {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  // The branches of a oneOf only test which key is present; the oneOf error itself says it better.
  if (error.schemaPath.includes('/oneOf/')) return undefined;
  switch (error.keyword) {
    case 'required':
      return { message: 'is required but missing', extra: [String(params.missingProperty)] };
    case 'additionalProperties': {
      const known = Object.keys((parent.properties ?? {}) as object).join(', ');
      return { message: `is not a known field (known fields: ${known})`, extra: [String(params.additionalProperty)] };
    }
    case 'type':
      return { message: `must be ${typeInWords(String(params.type), 'an array')}, not ${valueInWords(error.data, 'an array')}`, extra: [] };
    case 'enum':
      return { message: `must be one of ${(error.schema as unknown[]).join(', ')}, not ${valueInWords(error.data, 'an array')}`, extra: [] };
    case 'minimum':
    case 'maximum': {
      const bounds = typeof parent.minimum === 'number' && typeof parent.maximum === 'number'
        ? `from ${parent.minimum} to ${parent.maximum}`
        : `${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}`;
      return { message: `must be ${bounds}, not ${valueInWords(error.data, 'an array')}`, extra: [] };
    }
    case 'minLength':
    case 'minProperties':
      return { message: 'must not be empty', extra: [] };
    case 'minItems':
      return { message: `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`, extra: [] };
    case 'uniqueItems': {
      const items = error.data as unknown[];
      return { message: `must not list ${valueInWords(items[Number(params.j)], 'an array')} twice`, extra: [] };
    }
    case 'pattern':
      return { message: `must match the pattern ${String(params.pattern)}, not ${valueInWords(error.data, 'an array')}`, extra: [] };
    case 'oneOf':
      return describeOneOf(error);
    default:
      return { message: error.message ?? 'is invalid', extra: [] };
  }
}

/** Our oneOfs each say "exactly one of these keys": name the keys, and which are too many. */
function describeOneOf(error: ErrorObject): { message: string; extra: string[] } | undefined {
  // A value of the wrong type passes every `required` branch; its type error already says it.
  if (!isObject(error.data)) return undefined;
  const keys = (error.schema as { required?: string[] }[]).flatMap((branch) => branch.required ?? []);
  const choice = keys.length <= 2 ? keys.join(' or ') : `${keys.slice(0, -1).join(', ')} or ${keys[keys.length - 1]}`;
  const data = error.data;
  const present = keys.filter((key) => key in data);
  if (present.length <= 1) return { message: `needs exactly one of ${choice}`, extra: [] };
  return { message: `has ${present.join(' and ')}: needs exactly one of ${choice}`, extra: [] };
}

/** `range.from <= range.to`, which a JSON Schema cannot say. */
function rangeProblems(json: unknown, fileName: string): CatalogProblem[] {
  if (!isObject(json) || !Array.isArray(json.entries)) return [];
  const problems: CatalogProblem[] = [];
  json.entries.forEach((entry: unknown, index) => {
    if (!isObject(entry) || !isObject(entry.range)) return;
    const { from, to } = entry.range;
    if (typeof from === 'number' && typeof to === 'number' && from > to) {
      const message = `must be at most range.to (${to}), not ${from}`;
      problems.push(problemAt(['entries', String(index), 'range', 'from'], message, json, fileName));
    }
  });
  return problems;
}

/**
 * A version range the schema's pattern accepts but that holds for no version (`>=2.1 <2.0`).
 * Ranges the pattern already refused are not named twice.
 */
function versionProblems(json: unknown, fileName: string, already: readonly CatalogProblem[]): CatalogProblem[] {
  if (!isObject(json) || !Array.isArray(json.entries)) return [];
  const problems: CatalogProblem[] = [];
  json.entries.forEach((entry: unknown, index) => {
    if (!isObject(entry) || typeof entry.versions !== 'string') return;
    const field = `entries/${index}/versions`;
    if (already.some((problem) => problem.field === field)) return;
    const parsed = parseVersionRange(entry.versions);
    if (typeof parsed === 'string') problems.push(problemAt(['entries', String(index), 'versions'], `must be a version range: ${parsed}`, json, fileName));
  });
  return problems;
}

function problemAt(segments: string[], message: string, json: unknown, fileName: string): CatalogProblem {
  const problem: CatalogProblem = { fileName, field: segments.map(escapeSegment).join('/'), message };
  if (segments[0] === 'entries' && segments[1] !== undefined && /^\d+$/.test(segments[1])) {
    const index = Number(segments[1]);
    problem.entryIndex = index;
    const entry = isObject(json) && Array.isArray(json.entries) ? json.entries[index] : undefined;
    if (isObject(entry) && typeof entry.component === 'string' && entry.component.trim() !== '') {
      problem.component = entry.component;
    }
  }
  return problem;
}

/** `where.node.roles[0]`: how a reader would name the field. */
function displayPath(segments: string[]): string {
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeSegment);
}

// Fields are JSON pointers without the leading slash, so label keys like `app.kubernetes.io/name` stay whole.
function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
