// Differential properties: for generated YAML (block and flow collections, every scalar style,
// empty values, comments, keys given twice, LF or CRLF line ends), the nodes read from js-yaml's events
// (parse/events.ts) are the nodes the `yaml` package's document model gives (values, keys and
// spans; a block collection's end up to comment lines after it), and fromYaml's Go values are the
// ones the `yaml` package's reading with go-yaml v2's rules gives, whenever the event reader takes
// the text at all. `npm test` runs a short, seeded draw; `npm run fuzz` a long one.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readGoYaml } from '../../server/src/service/helmfuncs/goyaml';
import { unmarshalWithDocuments, unmarshalYaml } from '../../server/src/service/helmfuncs/yamlread';
import { readDocuments } from '../../server/src/service/parse/events';
import { YamlNode, type YNode } from '../../server/src/service/parse/node';
import { PROPERTY_RUNS, TIMEOUT_MS } from './generators';

type Yaml = { scalar: string } | { block: string } | { empty: true } | { map: [string, Yaml][]; flow: boolean } | { seq: Yaml[]; flow: boolean };

const plain = fc.constantFrom('web', 'nginx:1.25', 'a b', '8080', '-1', '+5', '0o17', '0x1F', '007', '1.5', '.5', '1e3', '.inf', '-.Inf', '.nan', 'true', 'True', 'FALSE', 'yes', 'null', 'Null', '~', 'http://x/y', '10.0.0.1', '"8080"', "'80'", '"a\\tb"', "'it''s'", 'on', 'Off', 'y', 'N', '0777', '1_000', '0b101', '-0b11', '2001-12-14', '2001-12-14T21:59:43.10-05:00', '1:30', '0.5e-3', '12345678901234567890', '-0');
const block = fc.constantFrom('|\n  one\n  two\n', '>-\n  folded\n  text\n', '|+\n  kept\n\n', '|2\n    indented\n', '>\n  a\n\n  b\n');
const key = fc.constantFrom('name', 'port', 'ports', 'spec', 'kind', '"quoted"', "'single'", '80', 'true', 'x y', 'name', 'yes', 'on', '1.5', '0x10', '1e3');

const yamlNode: fc.Arbitrary<Yaml> = fc.letrec<{ node: Yaml; flowNode: Yaml }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    plain.map((scalar): Yaml => ({ scalar })),
    block.map((b): Yaml => ({ block: b })),
    fc.constant<Yaml>({ empty: true }),
    fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4 }).map((map): Yaml => ({ map, flow: false })),
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((seq): Yaml => ({ seq, flow: false })),
    tie('flowNode'),
  ),
  flowNode: fc.oneof(
    { depthSize: 'small' },
    plain.map((scalar): Yaml => ({ scalar })),
    fc.array(fc.tuple(key, tie('flowNode')), { maxLength: 3 }).map((map): Yaml => ({ map, flow: true })),
    fc.array(tie('flowNode'), { maxLength: 3 }).map((seq): Yaml => ({ seq, flow: true })),
  ),
})).node;

function flowText(node: Yaml): string {
  if ('scalar' in node) return node.scalar;
  if ('map' in node) return `{${node.map.map(([k, v]) => `${k}: ${flowText(v)}`).join(', ')}}`;
  if ('seq' in node) return `[${node.seq.map(flowText).join(', ')}]`;
  return '""';
}

/** A value after `key:` or `- `: inline, or on the lines below at `indent`. */
function valueText(node: Yaml, indent: number, comment: boolean): string {
  if ('empty' in node) return '\n';
  if ('scalar' in node || ('flow' in node && node.flow)) return ` ${flowText(node)}${comment ? ' # note' : ''}\n`;
  if ('block' in node) return ` ${node.block.replace(/\n(?=.)/g, `\n${' '.repeat(indent)}`)}`;
  return `\n${blockText(node, indent)}`;
}

/** A block collection at `indent`; a comment line may stand before an entry, at its indentation. */
function blockText(node: Yaml, indent: number): string {
  const pad = ' '.repeat(indent);
  if ('map' in node) return node.map.map(([k, v], i) => `${i % 2 === 1 ? `${pad}# entry ${i}\n` : ''}${pad}${k}:${valueText(v, indent + 2, i % 3 === 0)}`).join('');
  if ('seq' in node) {
    return node.seq
      .map((v, i) => {
        // A map as a list item, as manifests write it: its first entry on the dash's line.
        const compact = 'map' in v && !v.flow && i % 2 === 0;
        return compact ? `${pad}- ${blockText(v, indent + 2).slice(indent + 2)}` : `${pad}-${valueText(v, indent + 2, i % 2 === 0)}`;
      })
      .join('');
  }
  return valueText(node, indent, false);
}

function documentText(documents: Yaml[]): string {
  return documents.map((d) => `---\n${'map' in d || 'seq' in d ? ('flow' in d && d.flow ? `${flowText(d)}\n` : blockText(d, 0)) : `${flowText(d)}\n`}`).join('');
}

/**
 * A node's text. A block collection's is compared without the comment lines and line breaks
 * after its last value: the `yaml` package's spans take those in and the event reader's end with
 * the last value's line (no finding stands on a comment).
 */
function nodeText(node: YNode, text: string): string {
  const slice = text.slice(node.span.start, node.span.end);
  return node.isMap || node.isSeq ? slice.replace(/(\r?\n[ \t]*(#[^\r\n]*)?)*\s*$/, '') : slice;
}

/** Every node of a tree as text: its kind, span, value and keys, depth first. */
function describeTree(node: YNode, text: string, path = '$'): string[] {
  const here = `${path} ${node.isMap ? 'map' : node.isSeq ? 'seq' : 'scalar'} ${node.span.start} ${JSON.stringify(nodeText(node, text))} ${String(node.scalar())} ${node.quoted} ${node.string()}`;
  const below = node.isMap
    ? node.entries().flatMap(([k, value]) => [`${path}.${k} key ${JSON.stringify(node.keySpan(k))} ${node.get(k)?.span.start}`, ...describeTree(value, text, `${path}.${k}`)])
    : node.items().flatMap((item, i) => describeTree(item, text, `${path}[${i}]`));
  return [here, ...below];
}

function throughYaml(text: string, uniqueKeys: boolean): string[] {
  return parseAllDocuments(text, { uniqueKeys }).flatMap((doc) => describeTree(YamlNode.root({ text, doc }, doc.contents, { start: doc.range[0], end: doc.range[2] }), text));
}

describe('YAML read from events and by the yaml package', { timeout: TIMEOUT_MS }, () => {
  it('gives Helm the same values from fromYaml whenever the event reader takes the text', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.array(yamlNode, { minLength: 1, maxLength: 2 }), fc.constantFrom('map' as const, 'list' as const), (documents, target) => {
        const text = documentText(documents);
        if (!readGoYaml(text, { documents: 'first' })) return;
        taken++;
        expect(unmarshalYaml(text, target), text).toEqual(unmarshalWithDocuments(text, target));
      }),
      PROPERTY_RUNS,
    );
    expect(taken).toBeGreaterThan(PROPERTY_RUNS.numRuns / 2);
  });

  it('gives the same nodes whenever the event reader takes the text', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.array(yamlNode, { minLength: 1, maxLength: 2 }), fc.boolean(), fc.boolean(), (documents, uniqueKeys, crlf) => {
        const text = crlf ? documentText(documents).replace(/\n/g, '\r\n') : documentText(documents);
        const events = readDocuments(text, uniqueKeys);
        if (!events) return;
        taken++;
        expect(events.flatMap(({ root }) => describeTree(root, text)), text).toEqual(throughYaml(text, uniqueKeys));
      }),
      PROPERTY_RUNS,
    );
    // The property says something only if most generated texts are read from events.
    expect(taken).toBeGreaterThan(PROPERTY_RUNS.numRuns / 2);
  });
});
