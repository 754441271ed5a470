// The cluster file at the root of a workspace (`.portolan.json`, `.portolan.yaml` or
// `.portolan.yml`): its text in, the description and its problems out, each problem at the field
// it names (the key of a field that should not be there, the value of one that is wrong). Pure;
// a file that does not parse is a problem, never a throw.

import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isMap, isSeq, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import type { SourceFile, Span } from '../types';
import type { ClusterDescription, ClusterValidator, FieldPath } from './description';

/** The names a cluster file may have, in the order they are looked for: the first found is read. */
export const CLUSTER_FILE_NAMES: readonly string[] = ['.portolan.json', '.portolan.yaml', '.portolan.yml'];

export function isClusterFileName(path: string): boolean {
  return CLUSTER_FILE_NAMES.includes(path.slice(path.lastIndexOf('/') + 1));
}

export interface ClusterFileProblem {
  span: Span;
  /** `cluster file: cni "calcio" is not a known network plugin (known: calico, …)`. */
  message: string;
}

export interface ClusterFileResult {
  description: ClusterDescription;
  problems: ClusterFileProblem[];
}

const PREFIX = 'cluster file: ';

export function parseClusterFile(file: SourceFile, validator: ClusterValidator): ClusterFileResult {
  const text = file.text.replace(/^\uFEFF/, '');
  const shift = file.text.length - text.length;
  // An empty file describes nothing, which is no mistake.
  if (text.trim() === '') return { description: {}, problems: [] };
  const parsed = /\.json$/i.test(file.uri) ? parseJson(text) : parseYaml(text);
  const at = (span: Span): Span => ({ start: span.start + shift, end: span.end + shift });
  if ('syntax' in parsed) return { description: {}, problems: [{ span: at(parsed.syntax.span), message: `${PREFIX}${parsed.syntax.message}` }] };
  // A file of comments only describes nothing, like an empty one.
  if (parsed.value === null || parsed.value === undefined) return { description: {}, problems: [] };
  const { description, problems } = validator.validate(parsed.value);
  return { description, problems: problems.map((problem) => ({ span: at(parsed.locate(problem.path, problem.key === true)), message: `${PREFIX}${problem.message}` })) };
}

type Parsed = { value: unknown; locate: (path: FieldPath, key: boolean) => Span } | { syntax: { span: Span; message: string } };

function parseJson(text: string): Parsed {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const error = errors[0];
    const span = error ? { start: error.offset, end: error.offset + Math.max(error.length, 1) } : { start: 0, end: 1 };
    return { syntax: { span: clamp(span, text), message: `is not valid JSON: ${error ? printParseErrorCode(error.error) : 'no value'}` } };
  }
  const locate = (path: FieldPath, onKey: boolean): Span => {
    for (let length = path.length; length >= 0; length--) {
      const node = findNodeAtLocation(tree, [...path.slice(0, length)]);
      if (!node) continue;
      // A field that is there and should not be: its key. A value that is wrong: the value.
      const key = onKey && length === path.length && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      const target: JsonNode = key ?? node;
      return { start: target.offset, end: target.offset + target.length };
    }
    return { start: 0, end: 1 };
  };
  return { value: jsonValue(tree), locate };
}

function parseYaml(text: string): Parsed {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const error = document.errors[0];
  if (error) return { syntax: { span: clamp({ start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) }, text), message: `is not valid YAML: ${error.message.split('\n')[0]}` } };
  const locate = (path: FieldPath, onKey: boolean): Span => {
    let node: YamlNode | null | undefined = document.contents;
    let keyNode: YamlNode | undefined;
    for (const segment of path) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
        if (!pair) break;
        keyNode = isScalar(pair.key) ? pair.key : undefined;
        node = pair.value as YamlNode | null;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment] as YamlNode;
      } else break;
    }
    const target = onKey && keyNode ? keyNode : node ?? keyNode;
    const range = target?.range;
    return range ? { start: range[0], end: Math.max(range[1], range[0] + 1) } : { start: 0, end: 1 };
  };
  return { value: document.toJS({ maxAliasCount: 100 }) as unknown, locate };
}

function jsonValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((property) => [String(property.children?.[0]?.value), property.children?.[1] ? jsonValue(property.children[1]) : null]));
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

function clamp(span: Span, text: string): Span {
  const start = Math.min(span.start, Math.max(text.length - 1, 0));
  return { start, end: Math.max(start + 1, Math.min(span.end, text.length)) };
}
