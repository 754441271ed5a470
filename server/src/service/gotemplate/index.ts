// Go's text/template in TypeScript, as Helm uses it: the value model, Go's printing and
// comparison rules, the lexer, the parser and the executor with its source map. Pure TypeScript:
// it reads no files and knows nothing of the editor; the caller hands it template texts, data and
// functions.

export { GoError, GoFunc, GoStruct, goLen, goMap, isList, isMap, isTrue, sortedKeys, typeName, underlying, utf8Length, type GoCallable, type GoMap, type Value } from './values';
export { formatValue, sprint, sprintf, sprintln } from './fmt';
export { formatFloat, quote, quoteRune } from './strconv';
export { goEq, goGe, goGt, goLe, goLt, goNe } from './compare';
export { lex, type Token, type TokenType } from './lex';
export { BUILTIN_FUNCTIONS, formatParseError, parse, type ParseError, type ParseOptions, type ParseResult } from './parse';
export { isEmptyTree, lineAndColumn, nodeString } from './ast';
export type * from './ast';
export { execute, formatExecError, MAX_EXEC_DEPTH, NestedError, TemplateSet, type CallContext, type ExecError, type ExecOptions, type ExecResult, type FuncMap, type ParamType, type TemplateFunction } from './exec';
export { Origins, removeAll, sourceAt, Traced, type CallSite, type Origin, type Rendered, type Segment, type Trace } from './sourcemap';
