// Helpers for the template engine's tests: values read from YAML the way Helm sees them (every
// number a float64, after sigs.k8s.io/yaml's YAML-to-JSON step), with the origin of every entry
// recorded, and a one-call render.

import { isMap as isYamlMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { execute, GENERIC_MAP, goMap, GoTypedMap, Origins, removeAll, TemplateSet, type ExecOptions, type ExecResult, type FuncMap, type Value } from '../../server/src/service/gotemplate/index';

/**
 * YAML text as Helm's values: maps with string keys, float64 numbers; origins for every entry.
 * With `valuesType`, the top map has that Go type (Helm's common.Values).
 */
export function readValues(text: string, uri = 'values.yaml', origins = new Origins(), valuesType?: string): { values: Value; origins: Origins } {
  const doc = parseDocument(text);
  const convert = (node: unknown, path: string): Value => {
    if (isYamlMap(node)) {
      const map = path === '' && valuesType ? new GoTypedMap(valuesType, GENERIC_MAP) : goMap({});
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        const childPath = path ? `${path}.${key}` : key;
        map.set(key, convert(pair.value, childPath));
        const range = (pair.value as Node | null)?.range ?? (pair.key as Node).range!;
        origins.set(map, key, { uri, span: { start: range[0], end: range[1] }, path: childPath });
      }
      return map;
    }
    if (isSeq(node)) {
      const list: Value[] = node.items.map((item, i) => convert(item, `${path}[${i}]`));
      node.items.forEach((item, i) => {
        const range = (item as Node).range;
        if (range) origins.set(list, i, { uri, span: { start: range[0], end: range[1] }, path: `${path}[${i}]` });
      });
      return list;
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
      if (typeof v === 'string' || typeof v === 'boolean') return v;
      return null;
    }
    return null;
  };
  return { values: convert(doc.contents, ''), origins };
}

export interface RenderInput {
  /** The main template's text, named "t". */
  template: string;
  /** More texts by name (helpers). */
  others?: Record<string, string>;
  /** Values YAML, available as .Values (the data is {Values: …}, like Helm's top level). */
  values?: string;
  functions?: FuncMap;
  options?: ExecOptions;
  /** The Go type of .Values (Helm's is common.Values); map[string]interface {} by default. */
  valuesType?: string;
}

/** Parses and executes; a parse error comes back as `parseError` with Go's message. */
export function render(input: RenderInput): ExecResult & { parseError?: string; origins: Origins } {
  const { values, origins } = readValues(input.values ?? '{}', 'values.yaml', new Origins(), input.valuesType);
  const set = new TemplateSet();
  const isFunction = (name: string) => input.functions?.has(name) ?? false;
  for (const [name, text] of [...Object.entries(input.others ?? {}), ['t', input.template] as const]) {
    const error = set.add(name, text, { isFunction });
    if (error) return { output: '', segments: [], parseError: error.message, origins };
  }
  const result = execute(set, 't', goMap({ Values: values }), { functions: input.functions ?? new Map(), origins, ...input.options });
  return { ...result, origins };
}

/** The output as Helm gives it: "<no value>" removed. */
export function helmOutput(input: RenderInput): string {
  const result = render(input);
  if (result.parseError) throw new Error(`parse error: ${result.parseError}`);
  if (result.error) throw new Error(result.error.message);
  return removeAll(result, '<no value>').output;
}
