// YAML that does not parse, as the editor shows it (one notice per document that does not parse,
// its other findings held back, the file's other documents untouched) and as the checker does
// (every YAML error, where it stands, as an error).

import { describe, expect, it } from 'vitest';
import { BUILTIN_PLATFORMS, checkFiles, defaultSettings, type Diagnostic, type Settings } from '../../server/src/service/index';
import { PortolanWorkspace } from '../../server/src/service/workspace';
import { dedent } from '../support/cursor';

const service = (name: string, nodePort: number) =>
  dedent(`
    apiVersion: v1
    kind: Service
    metadata:
      name: ${name}
    spec:
      type: NodePort
      ports:
        - port: 80
          nodePort: ${nodePort}
  `);

/** A second Service being typed: `sel` is a key before its colon, after a port that is out of range. */
const halfTyped = `${service('b', 81)}  sel\n`;

function inEditor(text: string, settings: Partial<Settings> = {}): { text: string; found: Diagnostic[] } {
  const workspace = new PortolanWorkspace({ ...defaultSettings(BUILTIN_PLATFORMS), ...settings }, [], { parseErrors: 'per-document' });
  workspace.update({ uri: 'services.yaml', text });
  return { text, found: workspace.diagnostics('services.yaml') };
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const shown = ({ text, found }: { text: string; found: Diagnostic[] }) => found.map((d) => `${d.severity} ${d.rule} "${text.slice(d.span.start, d.span.end)}": ${d.message.split(':')[0]}`);

describe('a document that does not parse, in the editor', () => {
  it('gets one information notice naming the document and its first YAML error; the other documents keep their findings', () => {
    const text = `${service('a', 80)}---\n${halfTyped}`;
    const editor = inEditor(text);
    expect(shown(editor)).toEqual([
      'error node-port-out-of-range "80": nodePort 80 is outside the NodePort range 30000-32767',
      `information parse-error "---": Document 2 of 2 is not analysed until it parses. First YAML error, line ${lineOf(text, '  sel')}`,
    ]);
    expect(editor.found[1]!.message).toMatch(/line \d+: Implicit map keys need to be followed by map values$/);
  });

  it('says "this document" in a file of one, and not "document 1 of 2" for a header comment', () => {
    expect(inEditor(`# the b service\n---\n${halfTyped}`).found.map((d) => d.message.split('.')[0])).toEqual(['This document is not analysed until it parses']);
  });

  it('holds a notice per broken document, and none when the document parses again', () => {
    const twice = inEditor(`${halfTyped}---\n${halfTyped}`).found;
    expect(twice.map((d) => `${d.rule} ${d.message.split('.')[0]}`)).toEqual(['parse-error Document 1 of 2 is not analysed until it parses', 'parse-error Document 2 of 2 is not analysed until it parses']);
    expect(inEditor(halfTyped.replace('  sel\n', '')).found.map((d) => d.rule)).toEqual(['node-port-out-of-range']);
  });

  it("honours the user's severity for parse-error", () => {
    expect(inEditor(halfTyped, { rules: { 'parse-error': 'error' } }).found.map((d) => `${d.severity} ${d.rule}`)).toEqual(['error parse-error']);
    expect(inEditor(halfTyped, { rules: { 'parse-error': 'off' } }).found.map((d) => d.rule)).toEqual(['node-port-out-of-range']);
  });
});

describe('a document that does not parse, in the checker', () => {
  it('is an error where the YAML breaks', () => {
    const text = `${service('a', 80)}---\n${halfTyped}`;
    const found = checkFiles([{ uri: 'services.yaml', text }]).filter((d) => d.rule === 'parse-error');
    expect(found.map((d) => `${d.severity} "${text.slice(d.span.start, d.span.end)}" ${d.message}`)).toEqual(['error "sel" YAML does not parse: Implicit map keys need to be followed by map values']);
  });
});
