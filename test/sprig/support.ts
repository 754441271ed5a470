// Calling a template function directly, as the executor would: arguments already converted to
// the function's parameter types, a CallContext without templates.

import { GoError, Origins, Traced, type CallContext, type FuncMap, type Trace, type Value } from '../../server/src/service/gotemplate/index';

export function context(name: string, traces: Trace[] = []): CallContext {
  return {
    name,
    traces,
    argTexts: [],
    origins: new Origins(),
    callSite: { template: 't', file: 't', span: { start: 0, end: 0 } },
    hasTemplate: () => false,
    executeTemplate: () => {
      throw new GoError('no templates here');
    },
    executeText: () => {
      throw new GoError('no templates here');
    },
  };
}

/** The function's result (unwrapped from a Traced), or `{ error }` with the GoError's message. */
export function call(functions: FuncMap, name: string, ...args: Value[]): Value | { error: string } {
  const f = functions.get(name);
  if (!f) throw new Error(`no function ${name}`);
  try {
    const result = f.call(args, context(name));
    return result instanceof Traced ? result.value : result;
  } catch (e) {
    if (e instanceof GoError) return { error: e.message };
    throw e;
  }
}
