// Go's text/template in TypeScript, as Helm uses it: the value model, Go's printing and
// comparison rules, the lexer, the parser and the executor with its source map. Pure TypeScript:
// it reads no files and knows nothing of the editor; the caller hands it template texts, data and
// functions.
//
// Use: add texts to a TemplateSet (parse errors come back as values), record where the data's
// entries were written in an Origins table, then execute(set, name, data, { functions, origins })
// gives { output, segments, error? }; sourceAt() maps an output offset back to template text, an
// action, or a value's origin (sourcemap.ts explains the model). Functions are TemplateFunctions:
// Go parameter types for Go's argument checks, a body that throws GoError for Go's errors, and
// passOrigin (or a Traced result) to keep the origin of the value they return; their CallContext
// can execute a named template (include) or a text (tpl). Helm's "<no value>" stripping is
// removeAll(rendered, '<no value>'), applied after rendering as Helm does.

export { assignableToGeneric, GENERIC_LIST, GENERIC_MAP, GoError, GoFunc, GoInt, GoStruct, GoTypedList, int64, intValue, GoTypedMap, goLen, goMap, isGenericMap, isList, isMap, isTrue, sortedKeys, stringerText, stringList, typeName, underlying, utf8Length, type GoCallable, type GoMap, type IntKind, type Value } from './values';
export { formatValue, sprint, sprintf, sprintln } from './fmt';
export { formatFloat, quote, quoteRune } from './strconv';
export { goEq, goGe, goGt, goLe, goLt, goNe } from './compare';
export { lex, type Token, type TokenType } from './lex';
export { BUILTIN_FUNCTIONS, formatParseError, parse, type ParseError, type ParseOptions, type ParseResult } from './parse';
export { isEmptyTree, lineAndColumn, nodeString } from './ast';
export type * from './ast';
export { execute, formatExecError, isStackOverflow, MAX_EXEC_DEPTH, NestedError, TemplateSet, type CallContext, type ExecError, type ExecOptions, type ExecResult, type FuncMap, type ParamType, type TemplateFunction } from './exec';
export { logCall, logPath, type ArgumentUse, type ReadLog } from './reads';
export { makeSegment, movedSegment, Origins, removeAll, segmentsWithOrigins, sourceAt, Traced, type CallSite, type Origin, type OriginMark, type Rendered, type Segment, type Trace } from './sourcemap';
