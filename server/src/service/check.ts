// Runs every rule over a set of file models and applies the severities the settings give.

import type { Catalog } from './catalog/catalog';
import type { CrossFileFindings } from './crossFile';
import type { FileModel } from './model/types';
import { checkComponentPods } from './rules/componentPods';
import type { Rule, RuleContext } from './rules/context';
import { checkHostPortConflicts, checkHostPorts } from './rules/hostPorts';
import { checkParseErrors } from './rules/parseErrors';
import { checkRefusals } from './rules/refusals';
import { checkPodPorts } from './rules/podPorts';
import { checkPortValues } from './rules/portValues';
import { RULES } from './rules/registry';
import { checkNodePortConflicts, checkServices } from './rules/services';
import { checkProbePorts, checkTargetPorts } from './rules/targetPorts';
import type { Settings } from './settings';
import { describeWorkload } from './model/ports';
import { sitesOf } from './model/sites';
import type { Diagnostic, Finding, Span } from './types';

/** Rules that look at one file at a time: their findings are kept until the file changes. */
const FILE_RULES: readonly Rule[] = [checkRefusals, checkParseErrors, checkPortValues, checkPodPorts, checkHostPorts, checkServices, checkProbePorts, checkComponentPods];
/** Rules that relate files to each other: run over the whole workspace on every check. */
const WORKSPACE_RULES: readonly Rule[] = [checkHostPortConflicts, checkNodePortConflicts, checkTargetPorts];

/**
 * Per-file diagnostics, kept by the model they were found in. A caller that checks often (the
 * language server) keeps one of these for as long as the catalog and settings stay the same.
 */
export type FileFindings = WeakMap<FileModel, Diagnostic[]>;

/**
 * Every diagnostic of the files, in no particular order (callers sort what they show).
 * `crossFile`: kept indexes of the rules that relate files (the language server's); without
 * one, those rules run over all the files. `place` names a place in a file for messages
 * (`templates/a.yaml:12`); by default a file is named by its uri, which the checker makes a path.
 */
export function checkModels(
  files: readonly FileModel[],
  catalog: Catalog,
  settings: Settings,
  cache: FileFindings = new WeakMap(),
  crossFile?: CrossFileFindings,
  place: (uri: string, span: Span) => string = (uri) => uri,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const file of files) for (const diagnostic of fileDiagnostics(file, catalog, settings, cache)) diagnostics.push(diagnostic);
  if (crossFile) for (const diagnostic of crossFile.diagnostics()) diagnostics.push(diagnostic);
  else {
    const context: RuleContext = { files, catalog, settings };
    for (const rule of WORKSPACE_RULES) for (const diagnostic of withSeverities(rule(context), settings)) diagnostics.push(diagnostic);
  }
  for (const diagnostic of onValuesKeys(files, diagnostics, place)) diagnostics.push(diagnostic);
  return diagnostics;
}

/** The findings of the per-file rules on one file, kept in `cache` by its model. */
export function fileDiagnostics(file: FileModel, catalog: Catalog, settings: Settings, cache: FileFindings): Diagnostic[] {
  let own = cache.get(file);
  if (!own) {
    const context: RuleContext = { files: [file], catalog, settings };
    own = withSeverities(withoutCascades(file, FILE_RULES.flatMap((rule) => rule(context))), settings);
    cache.set(file, own);
  }
  return own;
}

/**
 * What a rule reads on a line where the YAML breaks is the parse error's consequence (`targetPort:
 * [8080` is a parse error, not also an invalid port): only the parse error is reported there.
 */
function withoutCascades(file: FileModel, findings: Finding[]): Finding[] {
  if (file.parseErrors.length === 0) return findings;
  const onBrokenLine = (span: Span) => file.parseErrors.some(({ line }) => span.start <= line.end && line.start <= span.end);
  const refusal = (rule: string) => file.refusals.some((r) => r.rule === rule);
  return findings.filter((f) => f.rule === 'parse-error' || refusal(f.rule) || !onBrokenLine(f.span));
}

/** In file order, then by position: how the checker prints them. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start || a.rule.localeCompare(b.rule);
}

export function withSeverities(findings: readonly Finding[], settings: Settings): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const severity = settings.rules[finding.rule] ?? RULES[finding.rule].defaultSeverity;
    if (severity === 'off') continue;
    // Every diagnostic has the one shape, whatever rule made it: code that reads thousands of them
    // at every keystroke (gathering them by file) stays fast where many shapes would slow each read.
    const { rule, uri, span, message, port, protocol, related } = finding;
    diagnostics.push({ rule, uri, span, message, port, protocol, related, severity });
  }
  return diagnostics;
}

/**
 * A finding on a template value that the chart's values decided lands on the values key too,
 * where the fix usually belongs, naming the template that uses it.
 */
function onValuesKeys(files: readonly FileModel[], diagnostics: readonly Diagnostic[], place: (uri: string, span: Span) => string): Diagnostic[] {
  const byUri = new Map<string, FileModel>();
  for (const file of files) if (file.valueSources.length > 0) byUri.set(file.uri, file);
  const mirrored: Diagnostic[] = [];
  if (byUri.size === 0) return mirrored;
  for (const diagnostic of diagnostics) {
    const model = byUri.get(diagnostic.uri);
    if (model !== undefined) mirrored.push(...onValuesKeysOf(model, diagnostic, place));
  }
  return mirrored;
}

/** onValuesKeys for one finding on the file of `model`. */
export function onValuesKeysOf(model: FileModel, diagnostic: Diagnostic, place: (uri: string, span: Span) => string): Diagnostic[] {
  const mirrored: Diagnostic[] = [];
  for (const { span, source, text } of model.valueSources) {
    // A `--set` argument has no file to show a finding in; a packaged subchart's values.yaml is
    // no file the user edits (the parent's values override it).
    if (source.uri === '--set' || source.uri.includes('!/') || span.end <= diagnostic.span.start || diagnostic.span.end <= span.start) continue;
    // A range renders one place once per item: only the item whose value is the finding's port caused it.
    if (diagnostic.port !== undefined && /^\d+$/.test(text) && Number(text) !== diagnostic.port) continue;
    const owner = ownerAt(model, diagnostic.span);
    mirrored.push({
      ...diagnostic,
      uri: source.uri,
      span: source.span,
      message: `${source.path} = ${text}, used by ${place(diagnostic.uri, span)}${owner ? ` (${owner})` : ''}: ${diagnostic.message}`,
      related: [{ uri: diagnostic.uri, span, message: `${source.path} is used here` }, ...diagnostic.related],
    });
  }
  return mirrored;
}

/** What the port field at a span belongs to, for messages: `Deployment metrics`, `Service web`. */
function ownerAt(model: FileModel, span: Span): string | undefined {
  const site = sitesOf(model).find((s) => s.field.span.start < span.end && span.start < s.field.span.end);
  if (!site) return undefined;
  if ('workload' in site) return describeWorkload(site.workload);
  if ('service' in site) return site.service.name === undefined ? 'Service with a templated name' : `Service ${site.service.name}`;
  if ('gateway' in site) return site.gateway.name === undefined ? 'Gateway with a templated name' : `Gateway ${site.gateway.name}`;
  return undefined;
}
