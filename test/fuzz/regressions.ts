// Inputs that once broke an invariant of the engine (found by the fuzzer or by hand), kept so
// that they stay fixed. Each names what went wrong.

import type { SourceFile } from '../../server/src/service/index';

export interface Regression {
  name: string;
  files: SourceFile[];
}

export const REGRESSIONS: Regression[] = [
  {
    // An action left open at the end of a template once ran to the end of the file.
    name: 'an unclosed action at the end of a template',
    files: [{ uri: 'chart/templates/x.yaml', text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - ports:\n        - containerPort: {{ .Values.port' }],
  },
  {
    // A key printed by an action with nothing after the colon.
    name: 'an action in a key place at the end of the file',
    files: [{ uri: 'chart/templates/x.yaml', text: 'a:\n  {{ .x }}:' }],
  },
  {
    // Found by the fuzzer (the corpus's cilium template cut after 12 characters): `and` with
    // nothing but a dot returned no value, and the condition crashed on it.
    name: 'a condition cut short after `and .`',
    files: [{ uri: 'cilium/templates/cilium-agent/daemonset.yaml', text: '{{- if and .' }],
  },
  {
    // Found by the fuzzer (a backslash inserted into a corpus template): a Go escape that JSON
    // cannot read, in a string literal, threw out of the expression parser.
    name: 'a string literal with a Go escape',
    files: [{ uri: 'c/templates/x.yaml', text: 'a: {{ "\\." | default "x" }}\nb: {{ printf "%s\\q" .Values.x }}\n' }],
  },
  {
    name: 'functions given no arguments',
    files: [{ uri: 'c/templates/x.yaml', text: 'a: {{ or }}\nb: {{ default }}\nc: {{ ternary }}\nd: {{ quote }}\n{{- if not }}\ne: 1\n{{- end }}\n' }],
  },
];
