// Helm's own template functions (pkg/engine/funcs.go and engine.go), over the engine in
// ../gotemplate: include, tpl, required, lookup, toYaml and its kin, fromYaml, toJson, fromJson,
// toToml. They are added over sprig's, as Helm adds them (so its toJson and fromJson win).
//
// include and tpl hand back the source map of what they rendered, so that bytes of a helper's
// output still map to the helper's text through `include ... | nindent`.

import { GENERIC_MAP, GoError, GoTypedMap, NestedError, removeAll, Traced, segmentsWithOrigins, type CallContext, type ExecError, type FuncMap, type OriginMark, type ParseError, type TemplateFunction, type Value } from '../gotemplate/index';
import { sprigFunctions } from '../sprig/index';
import { FLOW_FUNCTIONS } from '../sprig/flow';
import { fn } from '../sprig/func';
import { unmarshalJson } from '../sprig/json';
import { quote } from '../gotemplate/index';
import { marshalToml } from './toml';
import { unmarshalYaml, type YamlTarget } from './yamlread';
import { marshalYamlWithOrigins } from './yamlwrite';

/** Helm's limit on how many times one template may be included inside itself. */
export const MAX_INCLUDE_DEPTH = 1000;

/**
 * The Go type of `.Values` in Helm 4 (pkg/chart/common.Values; chartutil.Values in Helm 3): a
 * named map[string]interface{}, which `typeOf .Values` prints and sprig's dig refuses. Give the
 * top values map this type with helmValues(); maps inside it are plain map[string]interface{}.
 */
export const HELM_VALUES_TYPE = 'common.Values';

/** An empty values map of Helm's type, to fill (its identity is what Origins records against). */
export function helmValues(): GoTypedMap {
  return new GoTypedMap(HELM_VALUES_TYPE, GENERIC_MAP);
}

/** The name Helm's engine gives the template that holds a chart's templates (tpl parses under it). */
export const HELM_ROOT_TEMPLATE = 'gotpl';

/** A nested error re-worded as Helm wraps it, keeping the nested error for its position. */
class WrappedError extends NestedError {
  constructor(inner: ExecError | ParseError, message: string) {
    super(inner);
    this.message = message;
  }
}

/** An exhausted JS stack on its way up to an include with room to report it (see include). */
class StackExhausted {
  constructor(
    /** The template whose include ran out of stack. */
    readonly name: string,
    /** Its nesting count there. */
    readonly depth: number,
  ) {}
}

/** How many levels of include an exhausted stack unwinds before the error is built (a level is a dozen JS frames). */
const REPORT_HEADROOM = 10;

/** Helm's error for an include nested more than MAX_INCLUDE_DEPTH times. */
function nestedReference(name: string): GoError {
  return new GoError(`rendering template has a nested reference name: ${name}: unable to execute template`);
}

/**
 * Helm's functions for one render. include's recursion count lives here, as in Helm's engine,
 * so each render gets its own table.
 */
/** How fromYaml reads a text: unmarshalYaml, or a caller's memo of it (which must hand out a fresh copy each time). */
export type YamlReader = (text: string, target: YamlTarget) => { value: Value; error?: string };

export function helmOwnFunctions(readYaml: YamlReader = unmarshalYaml): Map<string, TemplateFunction> {
  const includedNames = new Map<string, number>();

  const include = (args: Value[], ctx: CallContext): Traced => {
    const name = args[0] as string;
    // Helm's include calls ExecuteTemplate on its root template, so a missing name is reported
    // against "gotpl" whichever template (or tpl text) called include.
    if (!ctx.hasTemplate(name)) throw new GoError(`template: no template ${quote(name)} associated with template ${quote(HELM_ROOT_TEMPLATE)}`);
    const count = includedNames.get(name) ?? 0;
    if (count > MAX_INCLUDE_DEPTH) throw nestedReference(name);
    includedNames.set(name, count + 1);
    try {
      const rendered = ctx.executeTemplate(name, args[1]!);
      return new Traced(rendered.output, { segments: rendered.segments });
    } catch (e) {
      // The JS stack gave out before Helm's limit (see exec.ts): the recursion is reported as Helm
      // reports it at its limit, naming the template that recursed. Near the end of the stack
      // even a call to an imported function can fail, so the overflow travels up as a
      // module-local marker, through REPORT_HEADROOM levels of include, before the error is built.
      if (e instanceof StackExhausted) {
        if (count > e.depth - REPORT_HEADROOM) throw e;
        throw nestedReference(e.name);
      }
      if (e instanceof RangeError && e.message.includes('call stack')) throw new StackExhausted(name, count);
      throw e;
    } finally {
      includedNames.set(name, (includedNames.get(name) ?? 1) - 1);
    }
  };

  const tpl = (args: Value[], ctx: CallContext): Traced => {
    const text = args[0] as string;
    let rendered;
    try {
      rendered = ctx.executeText(HELM_ROOT_TEMPLATE, text, args[1]!);
    } catch (e) {
      if (e instanceof NestedError) {
        const isParse = !('context' in e.inner);
        throw new WrappedError(e.inner, isParse ? `cannot parse template ${quote(text)}: ${e.message}` : `error during tpl function execution for ${quote(text)}: ${e.message}`);
      }
      throw e;
    }
    // Helm removes "<no value>" from what tpl rendered, as it does from a whole template.
    const clean = removeAll(rendered, '<no value>');
    return new Traced(clean.output, { segments: clean.segments });
  };

  const required = ([warn, val]: Value[]): Value => {
    if (val === null || val === '') throw new GoError(warn as string);
    return val!;
  };

  return new Map<string, TemplateFunction>([
    // The data handed to the template is not read by the call: the template's own reads are logged as it runs.
    ['include', fn(['string', 'any'], include, { uses: { keeps: [1] } })],
    ['tpl', fn(['string', 'any'], tpl, { uses: { keeps: [1] } })],
    ['required', fn(['string', 'any'], required, { passOrigin: 1 })],
    // helm template and --dry-run have no cluster: lookup finds nothing.
    ['lookup', fn(['string', 'string', 'string', 'string'], () => new Map())],
    ['toYaml', fn(['any'], (args, ctx) => toYaml(args, ctx, { swallow: true, pretty: false }))],
    ['mustToYaml', fn(['any'], (args, ctx) => toYaml(args, ctx, { swallow: false, pretty: false }))],
    ['toYamlPretty', fn(['any'], (args, ctx) => toYaml(args, ctx, { swallow: true, pretty: true }))],
    ['fromYaml', fn(['string'], ([s]) => withError(readYaml(s as string, 'map')))],
    ['fromYamlArray', fn(['string'], ([s]) => arrayWithError(readYaml(s as string, 'list')))],
    // Helm's toJson is sprig's (json.Marshal, the error swallowed), registered again as Helm does.
    ['toJson', FLOW_FUNCTIONS.toJson!],
    ['fromJson', fn(['string'], ([s]) => withError(unmarshalJson(s as string, 'map')))],
    ['fromJsonArray', fn(['string'], ([s]) => arrayWithError(unmarshalJson(s as string, 'list')))],
    ['toToml', fn(['any'], ([v]) => marshalToml(v!))],
  ]);
}

/**
 * Helm's toYaml (mustToYaml, which returns the marshal error that toYaml swallows; toYamlPretty),
 * with a source map when the value holds data with known origins: each scalar read from a values
 * file gets a segment at the calling action with that value's origin, so a byte of
 * `{{ toYaml .Values.ports | nindent 8 }}` maps back to the key that supplied it (the indent
 * functions carry the segments on). Keys, indentation and punctuation belong to the action alone.
 */
function toYaml([v]: Value[], ctx: CallContext, mode: { swallow: boolean; pretty: boolean }): Value | Traced {
  let written: { text: string; marks: OriginMark[] };
  try {
    written = marshalYamlWithOrigins(v!, ctx.origins, ctx.traces[0]?.origin, mode.pretty);
  } catch (e) {
    if (e instanceof GoError && mode.swallow) return '';
    throw e;
  }
  const text = written.text.endsWith('\n') ? written.text.slice(0, -1) : written.text;
  if (written.marks.length === 0) return text;
  return new Traced(text, { segments: segmentsWithOrigins(ctx.callSite, text.length, written.marks) });
}

/** fromYaml/fromJson: the map, with the error's text under "Error" when there is one. */
function withError(result: { value: Value; error?: string }): Value {
  const m = result.value instanceof Map ? result.value : new Map<string, Value>();
  if (result.error !== undefined) m.set('Error', result.error);
  return m;
}

/** fromYamlArray/fromJsonArray: the list, or the error's text as its only element. */
function arrayWithError(result: { value: Value; error?: string }): Value {
  if (result.error !== undefined) return [result.error];
  return Array.isArray(result.value) ? result.value : [];
}

/** Every function a Helm chart's templates can call (besides Go's builtins): sprig's, then Helm's over them. */
export function helmFunctions(readYaml?: YamlReader): FuncMap {
  const all = new Map(sprigFunctions());
  for (const [name, f] of helmOwnFunctions(readYaml)) all.set(name, f);
  return all;
}
