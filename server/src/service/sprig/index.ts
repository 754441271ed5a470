// Masterminds/sprig v3's functions as Helm registers them (sprig.TxtFuncMap(), without env and
// expandenv, which Helm removes), for the template engine in ../gotemplate. Each keeps Go's
// signature (so arguments are checked and converted as Helm checks them), Go's results (ints
// as int64, floats as float64) and Go's error messages.
//
// Random and time-based functions give fixed, well-formed stand-ins (crypto.ts, date.ts), so
// that a render repeats. getHostByName, which asks DNS, answers with a fixed documentation
// address (192.0.2.1).

import type { FuncMap, TemplateFunction } from '../gotemplate/index';
import { CRYPTO_FUNCTIONS } from './crypto';
import { DATE_FUNCTIONS } from './date';
import { DICT_FUNCTIONS } from './dicts';
import { ENCODING_FUNCTIONS } from './encoding';
import { FLOW_FUNCTIONS } from './flow';
import { fn } from './func';
import { LIST_FUNCTIONS } from './lists';
import { MATH_FUNCTIONS } from './math';
import { REGEX_FUNCTIONS } from './regex';
import { SEMVER_FUNCTIONS } from './semver';
import { STRING_FUNCTIONS } from './strings';

const NETWORK_FUNCTIONS = {
  getHostByName: fn(['string'], () => '192.0.2.1'),
};

// The functions hold no state, so one map serves every render (a caller copies it to add its own).
const SPRIG_FUNCTIONS: FuncMap = new Map<string, TemplateFunction>(
  Object.entries({
    ...STRING_FUNCTIONS,
    ...LIST_FUNCTIONS,
    ...DICT_FUNCTIONS,
    ...MATH_FUNCTIONS,
    ...FLOW_FUNCTIONS,
    ...ENCODING_FUNCTIONS,
    ...REGEX_FUNCTIONS,
    ...SEMVER_FUNCTIONS,
    ...CRYPTO_FUNCTIONS,
    ...DATE_FUNCTIONS,
    ...NETWORK_FUNCTIONS,
  }),
);

/** sprig's functions by name, as Helm has them. */
export function sprigFunctions(): FuncMap {
  return SPRIG_FUNCTIONS;
}

export { deepEqual, empty, kindOf, strval, toFloat64, toInt64, typeOf } from './convert';
export { marshalJson, marshalJsonWithOrigins, unmarshalJson, type JsonTarget, type MarshalOptions } from './json';
export { compileGoRegexp, RegexpError, type GoRegexp } from './goregexp';
export { compareVersions, parseConstraints, parseVersion, satisfies, type Version } from './semver';
export { dict, mergeInto, deepCopy } from './dicts';
