// Parses a file into its YAML documents, never throwing: YAML errors come back as spans and
// messages, next to whatever part of each document could still be read.

import { isAlias, isCollection, isPair, parseAllDocuments, type Alias, type Document } from 'yaml';
import { joinQuotedScalars, withLineFeeds } from './kubernetesYaml';
import { readDocuments } from './events';
import { YamlNode, type YNode } from './node';
import type { SourceFile, Span } from '../types';

export interface ParsedDocument {
  root: YNode;
  span: Span;
  /** Whether the YAML of this document breaks somewhere: what was read of it may be partial. */
  broken: boolean;
}

export interface ParsedFile {
  documents: ParsedDocument[];
  /** What was refused rather than analysed (an alias bomb, a parser failure), with where. */
  refused: { span: Span; message: string }[];
  /** At most one a document: the first, with the line(s) it stands on. */
  errors: { span: Span; message: string; line: Span }[];
}

/**
 * `uniqueKeys`: whether a key twice in one map is an error (for plain files, as kubectl's strict
 * reading has it); a chart's rendering is read as Helm reads it, the last value winning.
 */
export function parseFile(file: SourceFile, uniqueKeys = true): ParsedFile {
  const text = file.text;
  const errors: ParsedFile['errors'] = [];
  const documents: ParsedDocument[] = [];
  const refused: ParsedFile['refused'] = [];
  let list: Document.Parsed[] = [];
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    // A binary file with a .yaml name: said once, not parsed into a thousand errors.
    errors.push({ span: { start: nul, end: nul + 1 }, message: 'this file holds NUL bytes: it is binary, not YAML text, and is not analysed', line: { start: 0, end: text.length } });
    return { documents, errors, refused };
  }
  // Plain YAML (nearly every file) is read from js-yaml's events; the rest by the `yaml` package.
  const read = readDocuments(withLineFeeds(text), uniqueKeys);
  if (read) return { documents: read.map(({ root, span }) => ({ root, span, broken: false })), errors, refused };
  try {
    list = parseAsKubernetes(text, uniqueKeys);
  } catch (error) {
    // The parser gave up (it should not): the file is reported, never the server brought down.
    refused.push({ span: { start: 0, end: Math.min(text.length, 1) }, message: `the YAML parser gave up on this file: ${error instanceof Error ? error.message : String(error)}` });
  }
  for (const doc of list) {
    // The first error of a document is the one to fix; the ones after it mostly follow from it.
    const error = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
    if (error) {
      const [start, end] = error.pos;
      const span = visibleSpan(text, start, Math.max(end, start));
      errors.push({ span, message: firstLine(error.message), line: linesOf(text, span) });
    }
    const range = doc.range;
    const span = { start: range[0], end: range[2] };
    // Aliases are followed one step at a time, but a document whose aliases would expand to
    // millions of nodes (a "billion laughs") is refused outright, with a finding.
    // Without a `*` the document holds no alias, and nothing to expand.
    const star = text.indexOf('*', range[0]);
    const { size, biggest } = star !== -1 && star < range[2] ? expandedSize(doc) : { size: 0, biggest: undefined };
    if (size > MAX_EXPANDED_NODES) {
      const at = biggest?.range ? { start: biggest.range[0], end: biggest.range[1] } : { start: span.start, end: Math.min(span.end, span.start + 1) };
      refused.push({ span: at, message: `this document's aliases would expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes (an alias bomb): it is not analysed` });
      continue;
    }
    documents.push({ root: YamlNode.root({ text, doc }, doc.contents, span), span, broken: doc.errors.length > 0 });
  }
  return { documents, errors, refused };
}

/**
 * The file's documents as kubectl would read them: with lone CRs as line ends, and, when the
 * `yaml` package stumbles on multi-line quoted scalars that go-yaml accepts, with their lines
 * joined (kubernetesYaml.ts) if that makes the file parse. Offsets are the file's either way.
 */
function parseAsKubernetes(source: string, uniqueKeys: boolean): Document.Parsed[] {
  const text = withLineFeeds(source);
  const parse = (t: string) => {
    const streamed = parseAllDocuments(t, { uniqueKeys, prettyErrors: false, strict: false });
    return Array.isArray(streamed) ? streamed : [];
  };
  const list = parse(text);
  if (!list.some((doc) => doc.errors.some((e) => e.code === 'MISSING_CHAR'))) return list;
  const joined = joinQuotedScalars(text);
  if (joined === undefined) return list;
  const repaired = parse(joined);
  return repaired.every((doc) => doc.errors.length === 0) ? repaired : list;
}

/** More nodes than any manifest holds once its aliases are expanded. */
const MAX_EXPANDED_NODES = 1_000_000;

/**
 * How many nodes a document holds with every alias expanded, computed without expanding
 * (memoised per node), and the alias that expands most, to point at.
 */
function expandedSize(doc: Document.Parsed): { size: number; biggest?: Alias } {
  const sizes = new Map<unknown, number>();
  let biggest: { alias: Alias; size: number } | undefined;
  const size = (node: unknown, depth: number): number => {
    if (node === null || typeof node !== 'object' || depth > 10_000) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // a cycle counts once
    let total = 1;
    if (isAlias(node)) {
      total += size(node.resolve(doc), depth + 1);
      if (!biggest || total > biggest.size) biggest = { alias: node, size: total };
    } else if (isPair(node)) total += size(node.key, depth + 1) + size(node.value, depth + 1);
    else if (isCollection(node)) for (const item of node.items) total = Math.min(total + size(item, depth + 1), Number.MAX_SAFE_INTEGER);
    sizes.set(node, total);
    return total;
  };
  return { size: size(doc.contents, 0), biggest: biggest?.alias };
}
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}

/**
 * The parser points some errors at whitespace or at nothing; widen such a span to the token that
 * follows on the same line (or, at a line's end, the character before) so that it can be seen.
 */
function visibleSpan(text: string, start: number, end: number): Span {
  if (/\S/.test(text.slice(start, end))) return { start, end };
  const rest = /^[ \t]*(\S+)/.exec(text.slice(start, text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start)));
  if (rest) {
    const tokenStart = start + rest[0].length - rest[1]!.length;
    return { start: tokenStart, end: tokenStart + rest[1]!.length };
  }
  let before = start;
  while (before > 0 && /\s/.test(text[before - 1]!)) before--;
  return before > 0 ? { start: before - 1, end: before } : { start, end };
}

/** From the start of the line where `span` starts to the end of the line where it ends. */
function linesOf(text: string, span: Span): Span {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.end);
  return { start, end: newline === -1 ? text.length : newline };
}
