// The values a Go template computes with, modelled on what Helm hands to text/template.
//
// Helm's data is `map[string]interface{}` after sigs.k8s.io/yaml has turned YAML into JSON, so
// every number read from a values file is a float64, every map has string keys, and every list
// is `[]interface{}`. Functions (Go's builtins, sprig, Helm's own) add Go ints. The mapping:
//
//   Go                         TypeScript
//   nil (untyped)              null
//   bool                       boolean
//   int                        bigint      — so 8080 (int) and 8080.0 (float64) stay apart, as in Go
//   int64, uint64 (other kinds) GoInt      (sprig's arithmetic returns int64, semver's Major a
//                                            uint64: typeOf, reflect.DeepEqual and Go's argument
//                                            checks tell them from int; eq, lt and printing do not)
//   float64                    number
//   string                     string      — a JS string; Go's byte-level operations (len, index,
//                                            slice) go through UTF-8 in the helpers that need them
//   []interface{}              Value[]
//   map[string]interface{}     GoMap (a JS Map: no prototype keys, insertion order kept but never
//                                            relied on — Go iterates and prints maps in key order)
//   a named map type, or a map GoTypedMap  (a Map: Helm's `.Values` is common.Values; sprig's
//   of another element type                  split gives map[string]string)
//   a slice of a concrete type GoTypedList (an Array: []string from splitList, keys, sortAlpha...;
//                                            []int from until)
//   a struct or pointer to one GoStruct    (Helm's .Chart, .Capabilities, .Files: fields and methods)
//   a func value               GoFunc      (what the builtin `call` calls)
//
// Go's text/template also distinguishes "no value" (an invalid reflect.Value, what a missing map
// key or a nil interface becomes after a pipeline) from a typed nil. Here both are `null`: the
// executor prints `null` as `<no value>` when an action prints it, and fmt prints it as `<nil>`,
// which is what Go does in every case Helm's data can produce.
//
// Errors that Go functions return are thrown as GoError inside the module; the executor catches
// them and reports them with the failing action's position (nothing throws out of the module).

/** A Go value, as the template engine sees it. */
export type Value = null | boolean | bigint | number | string | Value[] | GoMap | GoStruct | GoFunc | GoInt;

/** `map[string]interface{}`. */
export type GoMap = Map<string, Value>;

/** A Go error, thrown by helpers and functions; the executor reports its message. */
export class GoError extends Error {
  override readonly name = 'GoError';
}

/** A method of a GoStruct, or the body of a GoFunc: Go's arity, then the call. */
export interface GoCallable {
  /** Parameters; with `variadic`, the last one takes any number of arguments (so at least arity - 1). */
  readonly arity: number;
  readonly variadic?: boolean;
  /** Throws GoError for the error Go would return. */
  readonly call: (args: Value[]) => Value;
}

/**
 * A Go struct (or a pointer to one) with exported fields and methods, like Helm's `.Chart`
 * (`*chart.Metadata`), `.Capabilities` or `.Files`. A field that is not there is an error in Go
 * ("can't evaluate field X in type T"), unlike a missing map key.
 */
export class GoStruct {
  constructor(
    /** Go's type name, for messages and %T: `*chart.Metadata`. */
    readonly typeName: string,
    /** Exported fields in declaration order (the order %v prints them in). */
    readonly fields: ReadonlyMap<string, Value>,
    readonly methods: ReadonlyMap<string, GoCallable> = new Map(),
    /**
     * For a named slice or map type with methods (Helm's `VersionSet []string` with `Has`): the
     * underlying value, which `range`, `len`, `index` and printing use.
     */
    readonly underlying?: Value,
  ) {}
}

/**
 * What fmt prints for a value that implements `error` or `fmt.Stringer`: the result of its
 * `Error()` or `String()` method (in that order, as fmt's handleMethods tries them), else
 * undefined. As in Go, the method set decides: a GoStruct whose methods include a String() that
 * returns a string is a Stringer (sprig's time.Time and *semver.Version, Helm's KubeVersion),
 * and fmt's %v, print and every action that prints it show that text, never its fields. There is
 * no separate flag to keep in step with the methods; a struct that must print its fields has no
 * String method, as in Go.
 */
export function stringerText(v: Value): string | undefined {
  if (!(v instanceof GoStruct)) return undefined;
  for (const name of ['Error', 'String']) {
    const m = v.methods.get(name);
    if (!m || m.arity !== 0 || m.variadic) continue;
    const s = m.call([]);
    if (typeof s === 'string') return s;
  }
  return undefined;
}

/** Go's integer kinds besides int, which is a plain bigint. */
export type IntKind = 'int8' | 'int16' | 'int32' | 'int64' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64';

/**
 * An integer of a kind other than int. Go keeps the kind: `typeOf (add 1 2)` is int64, a
 * function whose parameter is an int refuses it ("wrong type for value; expected int; got
 * int64": `until (add 1 2)` fails in Helm), and reflect.DeepEqual tells it from an int of the same
 * value; comparison (eq, lt), truthiness, printing, indexing and JSON/YAML treat every integer
 * kind alike. The value is kept within the kind's range by whoever makes it.
 */
export class GoInt {
  constructor(
    readonly typeName: IntKind,
    readonly value: bigint,
  ) {}
}

/** An int64, as sprig's arithmetic returns it. */
export function int64(n: bigint): GoInt {
  return new GoInt('int64', n);
}

/** The value of an integer of any kind (int or a GoInt), or undefined for anything else. */
export function intValue(v: Value): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoInt) return v.value;
  return undefined;
}

/** Go's map[string]interface {} and []interface {}, the types of maps and lists without a type of their own. */
export const GENERIC_MAP = 'map[string]interface {}';
export const GENERIC_LIST = '[]interface {}';

/**
 * A map whose Go type is not map[string]interface {}: a named type over it (Helm's `.Values`,
 * `common.Values`, which functions taking map[string]interface{} accept, as Go's assignability
 * allows, but a type assertion to map[string]interface{} refuses: sprig's dig fails on it), or a
 * map of another element type (sprig's split: map[string]string, which they refuse). It is a
 * Map, so everything that reads maps reads it; only the type-sensitive places look further:
 * %T and typeOf, %#v, reflect.DeepEqual, argument checks and type assertions.
 */
export class GoTypedMap extends Map<string, Value> {
  constructor(
    /** Go's name of the type: `common.Values`, `map[string]string`. */
    readonly typeName: string,
    /** Its underlying type (the type itself when it is not a named type). */
    readonly underlyingType: string,
    entries?: Iterable<readonly [string, Value]>,
  ) {
    super(entries);
  }
}

/**
 * A slice of a concrete element type, as sprig's string functions return ([]string) and `until`
 * ([]int). Ranging, indexing and printing treat it as any list; derived arrays (slice, map,
 * filter, concat) are plain []interface{}, as the reflective sprig functions that build new
 * slices return []interface{}.
 */
export class GoTypedList extends Array<Value> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Go's name of the type: `[]string`. */
  readonly typeName: string;

  constructor(typeName: string, items: Iterable<Value>) {
    super();
    this.typeName = typeName;
    for (const item of items) this.push(item);
  }
}

/** A []string, as sprig's string functions return it. */
export function stringList(items: Iterable<string>): Value[] {
  return new GoTypedList('[]string', items);
}

/**
 * Can a value be passed where Go expects map[string]interface{} (or []interface{}), by Go's
 * assignability: the type itself, or a named type over it; never a map or slice of another
 * element type.
 */
export function assignableToGeneric(v: Value): boolean {
  if (v instanceof GoTypedMap) return v.underlyingType === GENERIC_MAP;
  if (v instanceof GoTypedList) return false;
  return v instanceof Map || Array.isArray(v);
}

/** Does a Go type assertion x.(map[string]interface{}) or x.([]interface{}) hold (the exact type, not a named one)? */
export function isGenericMap(v: Value): v is GoMap {
  return v instanceof Map && !(v instanceof GoTypedMap);
}

/** A func value. */
export class GoFunc {
  constructor(
    readonly callable: GoCallable,
    /** Go's type, for messages: `func(string) string`. */
    readonly typeName = 'func(...interface {}) interface {}',
  ) {}
}

export function isMap(v: Value): v is GoMap {
  return v instanceof Map;
}

export function isList(v: Value): v is Value[] {
  return Array.isArray(v);
}

/** Builds a GoMap from a plain object or entries (JS numbers stay float64; write 80n for a Go int). */
export function goMap(entries: Record<string, Value> | Iterable<readonly [string, Value]>): GoMap {
  return new Map(Symbol.iterator in entries ? (entries as Iterable<readonly [string, Value]>) : Object.entries(entries));
}

/** Go's type name of a value, as fmt's %T and the error messages print it. */
export function typeName(v: Value): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'string':
      return 'string';
  }
  if (v instanceof GoTypedList || v instanceof GoTypedMap) return v.typeName;
  if (Array.isArray(v)) return GENERIC_LIST;
  if (v instanceof Map) return GENERIC_MAP;
  return v.typeName;
}

/** The value that `range`, `len`, `index` and printing see: a struct's underlying slice or map, else the value itself. */
export function underlying(v: Value): Value {
  return v instanceof GoStruct && v.underlying !== undefined ? v.underlying : v;
}

/**
 * Go's truthiness (text/template's isTrue): false, 0, nil, and an empty string, list or map are
 * false; structs and functions are true.
 */
export function isTrue(v: Value): boolean {
  v = underlying(v);
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0; // NaN is true, as in Go
    case 'string':
      return v.length > 0;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof GoInt) return v.value !== 0n;
  return true;
}

/** Go's `len`. */
export function goLen(v: Value): number {
  const u = underlying(v);
  if (typeof u === 'string') return utf8Length(u);
  if (Array.isArray(u)) return u.length;
  if (u instanceof Map) return u.size;
  if (u === null) throw new GoError('len of nil pointer');
  throw new GoError(`len of type ${typeName(v)}`);
}

/** The number of bytes a string takes in UTF-8, Go's length of a string. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Map keys in Go's printing and ranging order: sorted by byte value, which for UTF-16 strings is code point order. */
export function sortedKeys(m: ReadonlyMap<string, Value>): string[] {
  return [...m.keys()].sort(compareStrings);
}

/** Go's string order (bytewise UTF-8), which is code point order; JS's `<` compares UTF-16 units and differs above U+FFFF. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
