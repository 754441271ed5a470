// sprig's regular expression functions (regex.go) over goregexp.ts. The plain forms compile with
// regexp.MustCompile, whose panic the template reports ("regexp: Compile(`(`): error parsing
// regexp: missing closing ): `(`"); regexMatch alone swallows the error (false); the must-
// forms return Go's error itself.

import { GoError, stringList } from '../gotemplate/index';
import { fn, type FunctionTable } from './func';
import { compileGoRegexp, findAll, findString, matches, mustCompileMessage, quoteMeta, RegexpError, replaceAll, split, type GoRegexp } from './goregexp';

/**
 * Expressions compiled before, by their text. Charts match the same few expressions at every render
 * (version checks, image tags, label values), and translating one costs far more than matching
 * it: a check of ../shared/realworld spent 50-90 ms of each worker's 3.7 s compiling. A compiled
 * expression is never changed (each match sets where it starts), so one serves every call. The
 * table is emptied when full, so that expressions built from values cannot grow it without end.
 */
const compiled = new Map<string, GoRegexp | RegexpError>();
const MAX_COMPILED = 512;

/** Compiles, keeping Go's syntax error as a value. */
function compile(expr: string): GoRegexp | RegexpError {
  const known = compiled.get(expr);
  if (known !== undefined) return known;
  let result: GoRegexp | RegexpError;
  try {
    result = compileGoRegexp(expr);
  } catch (e) {
    if (!(e instanceof RegexpError)) throw e;
    result = e;
  }
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(expr, result);
  return result;
}

/** regexp.MustCompile: a panic with Go's text. */
function mustCompile(expr: string): GoRegexp {
  const r = compile(expr);
  if (r instanceof RegexpError) throw new GoError(mustCompileMessage(expr, r));
  return r;
}

/** regexp.Compile: Go's error. */
function compileOrError(expr: string): GoRegexp {
  const r = compile(expr);
  if (r instanceof RegexpError) throw new GoError(r.message);
  return r;
}

/** The matched texts, as the []string Go's FindAllString returns. */
const texts = (s: string, found: number[][]) => stringList(found.map((m) => s.slice(m[0], m[1])));

function table(): FunctionTable {
  const t: FunctionTable = {
    regexMatch: fn(['string', 'string'], ([re, s]) => {
      const r = compile(re as string);
      return r instanceof RegexpError ? false : matches(r, s as string);
    }),
    mustRegexMatch: fn(['string', 'string'], ([re, s]) => matches(compileOrError(re as string), s as string)),
    regexQuoteMeta: fn(['string'], ([s]) => quoteMeta(s as string)),
  };
  for (const [name, compiler] of [
    ['', mustCompile],
    ['must', compileOrError],
  ] as const) {
    const n = (base: string) => (name ? `must${base[0]!.toUpperCase()}${base.slice(1)}` : base);
    t[n('regexFindAll')] = fn(['string', 'string', 'int'], ([re, s, count]) => texts(s as string, findAll(compiler(re as string), s as string, Number(count as bigint))));
    t[n('regexFind')] = fn(['string', 'string'], ([re, s]) => findString(compiler(re as string), s as string));
    t[n('regexReplaceAll')] = fn(['string', 'string', 'string'], ([re, s, repl]) => replaceAll(compiler(re as string), s as string, repl as string, false));
    t[n('regexReplaceAllLiteral')] = fn(['string', 'string', 'string'], ([re, s, repl]) => replaceAll(compiler(re as string), s as string, repl as string, true));
    t[n('regexSplit')] = fn(['string', 'string', 'int'], ([re, s, count]) => stringList(split(compiler(re as string), s as string, Number(count as bigint))));
  }
  return t;
}

export const REGEX_FUNCTIONS: FunctionTable = table();
