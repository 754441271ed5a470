// Files that are not manifests, told apart before any rule reads them. A YAML file is a manifest
// when its documents are Kubernetes objects (apiVersion and kind); anything else (a CI config, a
// values-like file, a kustomization.yaml) gets no findings, not even parse errors. A manifest
// template outside a Helm chart (a Go template rendered by some tool, an envsubst `${VAR}` file, an
// `@VAR@` file) is not analysed: what it declares is only known once rendered, so it gets one
// information-level note and nothing else.
// A Kubernetes object has top-level apiVersion and kind keys, even one that does not parse; a
// values file whose block scalars hold templates for `tpl` has neither.

import type { SourceFile, Span } from '../types';
import type { FileModel } from './types';

interface Placeholder {
  kind: 'a Go template' | 'an envsubst template' | 'a template with @VAR@ placeholders';
  pattern: RegExp;
}

const PLACEHOLDERS: readonly Placeholder[] = [
  { kind: 'a Go template', pattern: /\{\{[^\n]*?\}\}/ },
  { kind: 'an envsubst template', pattern: /\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^}\n]*)?\}/ },
  { kind: 'a template with @VAR@ placeholders', pattern: /@[A-Za-z_][A-Za-z0-9_.-]*@/ },
];

/** The model a rule should see: the file's own, one without findings, or a template's note. */
export function judgeFile(file: SourceFile, model: FileModel): FileModel {
  // A binary file is said to be binary whatever it would have been.
  if (!looksLikeManifest(file.text)) return model.parseErrors.length > 0 && !file.text.includes('\u0000') ? emptied(model) : model;
  const template = templateEvidence(file.text, model);
  if (template) {
    return {
      ...emptied(model),
      refusals: [
        {
          rule: 'template-not-analysed',
          span: template.span,
          message: `this file looks like ${template.kind} (${file.text.slice(template.span.start, template.span.end)}) outside a Helm chart: it is not analysed; check the manifests it renders to`,
        },
      ],
    };
  }
  return model;
}

/** Where the file shows that it is a template, if it does. */
function templateEvidence(text: string, model: FileModel): { kind: Placeholder['kind']; span: Span } | undefined {
  // A placeholder where the YAML breaks (a template's actions seldom leave it YAML), or in a
  // port value. Placeholders elsewhere are a manifest's data: alert templates in a
  // PrometheusRule, scripts in a ConfigMap.
  const places = [...model.parseErrors.map((e) => e.line), ...model.portFields.filter((f) => f.raw.kind === 'string' || f.raw.kind === 'other').map((f) => f.span)].sort((a, b) => a.start - b.start);
  for (const place of places) {
    const found = placeholderIn(text, place);
    if (found) return found;
  }
  return undefined;
}

function placeholderIn(text: string, span: Span): { kind: Placeholder['kind']; span: Span } | undefined {
  const slice = text.slice(span.start, span.end);
  for (const { kind, pattern } of PLACEHOLDERS) {
    const match = pattern.exec(slice);
    if (match) return { kind, span: { start: span.start + match.index, end: span.start + match.index + match[0].length } };
  }
  return undefined;
}

/** Top-level apiVersion and kind keys: a Kubernetes object, even one that does not parse. */
function looksLikeManifest(text: string): boolean {
  return /^apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text);
}

function emptied(model: FileModel): FileModel {
  return { ...model, parseErrors: [], workloads: [], services: [], gateways: [], serviceRefs: [], networkPolicyPorts: [], portFields: [], badProtocols: [], valueSources: [] };
}
