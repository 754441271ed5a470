// Helm's fromYaml and fromYamlArray: sigs.k8s.io/yaml.Unmarshal, which reads the YAML with
// go-yaml v2 (YAML 1.1: yes/no/on/off/y/n are booleans, 0777 is octal, 1_000 is 1000), turns it
// into JSON (keys become strings: 1 becomes "1", true becomes "true"; a timestamp stays as it was
// written) and decodes that JSON into the target, so every number becomes a float64.
//
// The YAML is read from js-yaml's events (goyaml.ts); what that reader leaves (a syntax error, a
// rare form) is parsed with the `yaml` package, each plain scalar resolved with go-yaml v2's rules
// (yamlwrite.ts's resolvesToString decides which plain scalars are strings). Errors
// follow sigs.k8s.io/yaml's wrapping ("error converting YAML to JSON: yaml: ...", "error
// unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type
// map[string]interface {}"); the text after "yaml: " is the `yaml` package's, not go-yaml's.

import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node } from 'yaml';
import type { GoMap, Value } from '../gotemplate/index';
import { ConversionError, plainKeyText, readGoYaml, resolvePlain } from './goyaml';

/** A map key as sigs.k8s.io/yaml writes it: a string as is, numbers and booleans in Go's text. */
function keyString(key: Node | null, doc: Document): string {
  if (key === null) throw new ConversionError('unsupported map key of type: <nil>');
  if (isScalar(key)) {
    if (key.type !== Scalar.PLAIN) return String(key.value ?? '');
    return plainKeyText(String(key.source ?? key.value ?? ''));
  }
  if (isAlias(key)) return keyString(key.resolve(doc) as Node, doc);
  throw new ConversionError('unsupported map key of type: map[interface {}]interface {}');
}

/** The document's content as Go values after the YAML-to-JSON-to-Go trip. */
function convert(node: Node | null, doc: Document, depth = 0): Value {
  if (depth > 10_000) throw new ConversionError('yaml: exceeded max depth');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convert(node.resolve(doc) as Node, doc, depth + 1);
  if (isScalar(node)) {
    if (node.type === Scalar.PLAIN) {
      // An explicit !!str keeps the text.
      if (node.tag === 'tag:yaml.org,2002:str') return String(node.source ?? node.value);
      const v = resolvePlain(String(node.source ?? node.value ?? ''));
      // Through JSON, every number becomes a float64.
      return typeof v === 'bigint' ? Number(v) : v;
    }
    return String(node.value ?? '');
  }
  if (isSeq(node)) return node.items.map((item) => convert(item as Node, doc, depth + 1));
  if (isMap(node)) {
    const m: GoMap = new Map();
    const merges: Value[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (isScalar(key) && key.type === Scalar.PLAIN && key.source === '<<') {
        merges.push(convert(pair.value as Node, doc, depth + 1));
        continue;
      }
      m.set(keyString(key, doc), convert(pair.value as Node | null, doc, depth + 1));
    }
    // Merge keys: the map's own keys win, then earlier merged maps over later ones.
    for (const merged of merges.flatMap((v) => (Array.isArray(v) ? v : [v]))) {
      if (merged instanceof Map) for (const [k, v] of merged) if (!m.has(k)) m.set(k, v);
    }
    return m;
  }
  return null;
}

export type YamlTarget = 'map' | 'list';

/** sigs.k8s.io/yaml.Unmarshal of `text` into a map or a list: the value, or the error's text. */
export function unmarshalYaml(text: string, target: YamlTarget): { value: Value; error?: string } {
  const empty = target === 'map' ? new Map() : [];
  const fast = readGoYaml(text, { documents: 'first' });
  if (fast?.error) return { value: empty, error: `error converting YAML to JSON: yaml: ${fast.error}` };
  if (fast) return asTarget(fast.value, target);
  return unmarshalWithDocuments(text, target);
}

/** unmarshalYaml through the `yaml` package's document model: for what goyaml.ts does not take. */
export function unmarshalWithDocuments(text: string, target: YamlTarget): { value: Value; error?: string } {
  const empty = target === 'map' ? new Map() : [];
  const docs = parseAllDocuments(text, { uniqueKeys: false, version: '1.1', prettyErrors: true });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return { value: empty };
  const problem = doc.errors[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line;
    const message = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { value: empty, error: `error converting YAML to JSON: yaml: ${line !== undefined ? `line ${line}: ` : ''}${message}` };
  }
  let value: Value;
  try {
    value = convert(doc.contents as Node | null, doc);
  } catch (e) {
    if (e instanceof ConversionError) return { value: empty, error: `error converting YAML to JSON: ${e.message}` };
    throw e;
  }
  return asTarget(value, target);
}

/** The document's value decoded into a map or a list, as encoding/json decodes it. */
function asTarget(value: Value, target: YamlTarget): { value: Value; error?: string } {
  const empty = target === 'map' ? new Map() : [];
  if (value === null) return { value: empty };
  const ok = target === 'map' ? value instanceof Map : Array.isArray(value);
  if (!ok) {
    const kind = value instanceof Map ? 'object' : Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : 'number';
    return { value: empty, error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type ${target === 'map' ? 'map[string]interface {}' : '[]interface {}'}` };
  }
  return { value };
}
