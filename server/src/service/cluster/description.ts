// A cluster description as users write it (the cluster file, the `portolan.cluster` setting):
// checked against the schema, every problem named by its field in words, every good field kept.
// Pure; never throws.

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { LoadedCatalog } from '../catalog/types';
import { clusterSchema, CLUSTER_FIELDS } from './schema';
import { FIELD_NOUNS, VERSION_PATTERN, namesFor, versionNames, type ClusterField } from './vocabulary';
import { typeInWords, valueInWords } from '../jsonWords';

export interface ClusterDescription {
  /** A distribution catalog (`rke2`) or alias (`eks`). */
  distribution?: string;
  /** A network catalog (`cilium`) or alias (`canal`). */
  cni?: string;
  /** Add-on catalogs (`metallb`) or aliases (`istio-ambient`). */
  addons?: string[];
  /** Component versions by catalog id or alias: `{ "kgateway": "2.0.2" }`. */
  versions?: Record<string, string>;
  /** Whether node agents in the workspace add their catalogs (default true). */
  detect?: boolean;
}

/** A field path: `['addons', 1]`, `['versions', 'kgateway']`. */
export type FieldPath = readonly (string | number)[];

export interface DescriptionProblem {
  path: FieldPath;
  /** The problem is that the key is there at all (a field the description does not have): point at the key, not its value. */
  key?: boolean;
  /** Names the field: `cni "calcio" is not a known network plugin (known: calico, …)`. */
  message: string;
}

export interface DescriptionResult {
  /** Every field that is right; a wrong one is left out as if not written. */
  description: ClusterDescription;
  problems: DescriptionProblem[];
}

/** Compiles the schema once; the owner keeps one. */
export class ClusterValidator {
  private readonly check: ValidateFunction;
  private readonly names: Record<ClusterField, string[]>;
  private readonly versionKeys: string[];

  constructor(catalogs: readonly LoadedCatalog[]) {
    const ajv = new Ajv({ allErrors: true, verbose: true });
    ajv.addVocabulary(['enumDescriptions', 'patternErrorMessage']);
    this.check = ajv.compile(clusterSchema(catalogs));
    this.names = { distribution: namesFor('distribution', catalogs), cni: namesFor('cni', catalogs), addons: namesFor('addons', catalogs) };
    this.versionKeys = versionNames(catalogs);
  }

  validate(json: unknown): DescriptionResult {
    const problems = this.check(json) ? [] : this.describe(this.check.errors ?? []);
    return { description: this.keep(json), problems };
  }

  /** The fields the schema accepts, each on its own: a wrong add-on leaves the others. */
  private keep(json: unknown): ClusterDescription {
    const description: ClusterDescription = {};
    if (!isObject(json)) return description;
    const known = (field: ClusterField, value: unknown): value is string => typeof value === 'string' && this.names[field].includes(value);
    if (known('distribution', json.distribution)) description.distribution = json.distribution;
    if (known('cni', json.cni)) description.cni = json.cni;
    if (Array.isArray(json.addons)) description.addons = [...new Set(json.addons.filter((name): name is string => known('addons', name)))];
    if (isObject(json.versions)) {
      const pattern = new RegExp(VERSION_PATTERN);
      const versions = Object.entries(json.versions).filter((pair): pair is [string, string] => this.versionKeys.includes(pair[0]) && typeof pair[1] === 'string' && pattern.test(pair[1]));
      if (versions.length > 0) description.versions = Object.fromEntries(versions);
    }
    if (typeof json.detect === 'boolean') description.detect = json.detect;
    return description;
  }

  private describe(errors: readonly ErrorObject[]): DescriptionProblem[] {
    const problems: DescriptionProblem[] = [];
    const seen = new Set<string>();
    for (const error of errors) {
      const problem = this.describeError(error);
      if (!problem) continue;
      const key = `${problem.path.join('/')}\n${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(problem);
    }
    return problems;
  }

  private describeError(error: ErrorObject): DescriptionProblem | undefined {
    const path: (string | number)[] = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const params = error.params as Record<string, unknown>;
    const field = path[0] as string | undefined;
    const name = fieldName(path);
    switch (error.keyword) {
      case 'enum': {
        // A value of the wrong type: its type error says it.
        if (typeof error.data !== 'string') return undefined;
        const kind = field === 'distribution' || field === 'cni' || field === 'addons' ? field : undefined;
        if (!kind) return { path, message: `${name} must be one of ${(error.schema as unknown[]).join(', ')}, not ${valueInWords(error.data, 'a list')}` };
        return { path, message: `${kind} ${JSON.stringify(error.data)} is not a known ${FIELD_NOUNS[kind]}${suggestion(String(error.data), this.names[kind])} (known: ${this.names[kind].join(', ')})` };
      }
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        if (field === 'versions') return { path: [...path, key], key: true, message: `versions: ${JSON.stringify(key)} is not a component${suggestion(key, this.versionKeys)} (known: ${this.versionKeys.join(', ')})` };
        return { path: [...path, key], key: true, message: `${JSON.stringify(key)} is not a field of a cluster description${suggestion(key, [...CLUSTER_FIELDS])} (fields: ${CLUSTER_FIELDS.join(', ')})` };
      }
      case 'type': {
        if (path.length === 0) return { path, message: `must be an object with the fields ${CLUSTER_FIELDS.join(', ')}, not ${valueInWords(error.data, 'a list')}` };
        return { path, message: `${name} must be ${typeInWords(String(params.type), 'a list')}, not ${valueInWords(error.data, 'a list')}` };
      }
      case 'pattern':
        return { path, message: `${name} ${JSON.stringify(error.data)} is not a version like 2.0.2 or 1.16` };
      case 'uniqueItems': {
        const items = error.data as unknown[];
        return { path, message: `${name} lists ${JSON.stringify(items[Number(params.j)])} twice` };
      }
      default:
        return { path, message: `${name || 'the description'} ${error.message ?? 'is not valid'}` };
    }
  }
}

/** `cni`, `addons[1]`, `versions.kgateway`. */
export function fieldName(path: FieldPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** ` (did you mean "calico"?)` when one name is close, else nothing. */
function suggestion(text: string, names: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const distance = editDistance(text.toLowerCase(), name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? `; did you mean "${best}"?` : '';
}

/** Edits from one name to another, a swap of two neighbours counting as one (calcio, calico). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
