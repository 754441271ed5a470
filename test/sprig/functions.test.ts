// sprig's functions called directly, with the answers helm v4 gave for the same calls (recorded
// from ../shared/tools/helm-oracle.sh; test/shared/functions-oracle.test.ts renders them live).

import { describe, expect, it } from 'vitest';
import { formatValue, GoInt, goMap, int64, type GoStruct, type Value } from '../../server/src/service/gotemplate/index';
import { helmFunctions } from '../../server/src/service/helmfuncs/index';
import { deepEqual, sprigFunctions } from '../../server/src/service/sprig/index';
import { helmOutput, render } from '../gotemplate/support';
import { call } from './support';

const sprig = sprigFunctions();

/** What an action would print: Go's %v of the result. */
function printed(name: string, ...args: Value[]): string {
  const r = call(sprig, name, ...args);
  if (r !== null && typeof r === 'object' && 'error' in r && !(r instanceof Map)) return `ERROR: ${(r as { error: string }).error}`;
  return r === null ? '<no value>' : formatValue(r as Value);
}

describe('the function set', () => {
  // sprig v3.3's genericMap, without env and expandenv (Helm deletes them).
  const SPRIG = `hello ago date date_in_zone date_modify dateInZone dateModify duration durationRound htmlDate htmlDateInZone must_date_modify mustDateModify mustToDate now toDate unixEpoch
    abbrev abbrevboth trunc trim upper lower title untitle substr repeat trimall trimAll trimSuffix trimPrefix nospace initials randAlphaNum randAlpha randAscii randNumeric swapcase shuffle snakecase camelcase kebabcase wrap wrapWith contains hasPrefix hasSuffix quote squote cat indent nindent replace plural sha1sum sha256sum sha512sum adler32sum toString
    atoi int64 int float64 seq toDecimal split splitList splitn toStrings until untilStep add1 add sub div mod mul randInt add1f addf subf divf mulf biggest max min maxf minf ceil floor round
    join sortAlpha default empty coalesce all any compact mustCompact fromJson toJson toPrettyJson toRawJson mustFromJson mustToJson mustToPrettyJson mustToRawJson ternary deepCopy mustDeepCopy
    typeOf typeIs typeIsLike kindOf kindIs deepEqual getHostByName base dir clean ext isAbs osBase osClean osDir osExt osIsAbs b64enc b64dec b32enc b32dec
    tuple list dict get set unset hasKey pluck keys pick omit merge mergeOverwrite mustMerge mustMergeOverwrite values append push mustAppend mustPush prepend mustPrepend first mustFirst rest mustRest last mustLast initial mustInitial reverse mustReverse uniq mustUniq without mustWithout has mustHas slice mustSlice concat dig chunk mustChunk
    bcrypt htpasswd genPrivateKey derivePassword buildCustomCert genCA genCAWithKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert genSignedCertWithKey encryptAES decryptAES randBytes uuidv4 semver semverCompare fail
    regexMatch mustRegexMatch regexFindAll mustRegexFindAll regexFind mustRegexFind regexReplaceAll mustRegexReplaceAll regexReplaceAllLiteral mustRegexReplaceAllLiteral regexSplit mustRegexSplit regexQuoteMeta urlParse urlJoin`.split(/\s+/);

  it('has every function of sprig that Helm keeps, and no other', () => {
    expect([...sprig.keys()].sort()).toEqual([...SPRIG].sort());
  });
});

describe('strings', () => {
  it.each<[string, Value[], string]>([
    ['quote', ['a"b', 1n, null, 2.5], '"a\\"b" "1" "2.5"'],
    ['squote', ['a', null, 1n], "'a' '1'"],
    ['cat', ['a', null, 1n, [1n, 2n]], 'a 1 [1 2]'],
    ['indent', [2n, 'a\nb'], '  a\n  b'],
    ['nindent', [4n, 'x\n\ny'], '\n    x\n    \n    y'],
    ['trim', ['  \t a b \n'], 'a b'],
    ['trimAll', ['$', '$$x$$'], 'x'],
    ['trimSuffix', ['-', 'a-b-'], 'a-b'],
    ['trunc', [3n, 'hello'], 'hel'],
    ['trunc', [-2n, 'hello'], 'lo'],
    ['substr', [2n, -1n, 'hello'], 'llo'],
    ['substr', [-1n, 9n, 'hello'], 'ERROR: runtime error: slice bounds out of range [:9] with length 5'],
    ['repeat', [-1n, 'x'], 'ERROR: strings: negative Repeat count'],
    ['title', ['hello wOrld_x-y z.a'], 'Hello WOrld_x-Y Z.A'],
    ['untitle', ['Hello World FOO'], 'hello world fOO'],
    ['initials', ['hello big World'], 'hbW'],
    ['swapcase', ['Hello Wörld'], 'hELLO wÖRLD'],
    ['snakecase', ['HTTPServerID'], 'http_server_id'],
    ['snakecase', ['helloWorld2Go'], 'hello_world2_go'],
    ['snakecase', ['HTTP2xx'], 'http_2xx'],
    ['camelcase', ['HTTPServerID'], 'HttpserverID'],
    ['camelcase', ['_a__b'], '_A_B'],
    ['kebabcase', ['myHTTPServer2Go'], 'my-http-server2-go'],
    ['wrap', [10n, 'The quick brown fox jumps over the lazy dog'], 'The quick\nbrown fox\njumps over\nthe lazy\ndog'],
    ['wrap', [4n, '  a   b  '], 'a  \nb  '],
    ['abbrev', [5n, 'hello world'], 'he...'],
    ['abbrevboth', [5n, 10n, '1234567890abcdefghij'], '...6789...'],
    ['replace', ['', '-', 'héllo'], '-h-é-l-l-o-'],
    ['nospace', [' a b\tc\n'], 'abc'],
    ['toString', [null], '<nil>'],
    ['atoi', ['12x'], '0'],
    ['split', [',', 'a,b'], 'map[_0:a _1:b]'],
    ['splitn', [',', 2n, 'a,b,c'], 'map[_0:a _1:b,c]'],
  ])('%s, case %#', (name, args, expected) => {
    expect(printed(name, ...args)).toBe(expected);
  });
});

describe('regular expressions used again', () => {
  // A compiled expression is kept and used again (regex.ts): each use must start afresh.
  it('answers as the first time, after a search that ended anywhere', () => {
    for (let round = 0; round < 2; round++) {
      expect(printed('regexFindAll', 'a', 'aaa', -1n)).toBe('[a a a]');
      expect(printed('regexMatch', 'a', 'a')).toBe('true');
      expect(printed('regexFind', 'a', 'xa')).toBe('a');
      expect(printed('regexReplaceAll', 'a', 'banana', 'o')).toBe('bonono');
      expect(printed('regexSplit', 'a', 'banana', -1n)).toBe('[b n n ]');
    }
  });

  it('fails again on an expression that does not compile', () => {
    for (let round = 0; round < 2; round++) {
      expect(printed('regexMatch', '(', 'x')).toBe('false');
      expect(printed('mustRegexMatch', '(', 'x')).toBe('ERROR: error parsing regexp: missing closing ): `(`');
    }
  });
});

describe('lists and dicts', () => {
  it.each<[string, Value[], string]>([
    ['first', [[]], '<no value>'],
    ['first', [null], 'ERROR: runtime error: invalid memory address or nil pointer dereference'],
    ['rest', [[]], '[]'],
    ['append', ['abc', 1n], 'ERROR: Cannot push on type string'],
    ['chunk', [2n, [1n, 2n, 3n]], '[[1 2] [3]]'],
    ['slice', [[1n, 2n, 3n], 2n, 1n], 'ERROR: reflect.Value.Slice: slice index out of bounds'],
    ['uniq', [[1n, 1n, 'a', 'a', 1]], '[1 a 1]'],
    ['without', [[1n, 2n, 1n, 3n], 1n], '[2 3]'],
    ['compact', [[0n, '', null, 'a', false, []]], '[a]'],
    ['has', [1n, null], 'false'],
    ['sortAlpha', [['b', 'a', 10n, 2n]], '[10 2 a b]'],
    ['join', [',', [1n, null, 'a', 2.5]], '1,a,2.5'],
    ['until', [-2n], '[0 -1]'],
    ['seq', [1n, 2n, 9n], '1 3 5 7 9'],
    ['seq', [2n, -1n], '2 1 0 -1'],
    ['dict', ['a'], 'map[a:]'],
    ['dict', [1n, 2n, null, 3n], 'map[1:2 <nil>:3]'],
    ['dig', ['a', 'b', 'c', 'def', goMap({ a: goMap({ b: 5n }) })], 'ERROR: interface conversion: interface {} is int, not map[string]interface {}'],
    ['dig', ['a', 'x', 'def', goMap({ a: goMap({ b: 5n }) })], 'def'],
    ['get', [goMap({ a: 1n }), 'b'], ''],
  ])('%s, case %#', (name, args, expected) => {
    expect(printed(name, ...args)).toBe(expected);
  });

  it('merges as mergo does: maps deep, lists and set values kept, empty values filled', () => {
    const a = () => goMap({ x: 1, l: [1], m: goMap({ p: 1 }), s: 'str', e: '', t: true });
    const b = goMap({ x: 2, l: [2, 3], m: goMap({ q: 2 }), s: '', e: 'set', t: false, z: null, new: [9] });
    expect(printed('toJson', call(sprig, 'merge', a(), b) as Value)).toBe('{"e":"set","l":[1],"m":{"p":1,"q":2},"new":[9],"s":"str","t":true,"x":1}');
    expect(printed('toJson', call(sprig, 'mergeOverwrite', a(), b) as Value)).toBe('{"e":"set","l":[2,3],"m":{"p":1,"q":2},"new":[9],"s":"","t":false,"x":2,"z":null}');
    expect(printed('toJson', call(sprig, 'merge', goMap({ l: 'x', m: 'y' }), b) as Value)).toBe('{"e":"set","l":"x","m":"y","new":[9],"s":"","t":false,"x":2}');
  });
});

describe('numbers', () => {
  it.each<[string, Value[], string]>([
    ['add', [1n, 2.9, '3'], '6'],
    ['div', [1n, 0n], 'ERROR: runtime error: integer divide by zero'],
    ['mod', [-7n, 2n], '-1'],
    ['max', [1n, '5', 3.9], '5'],
    ['int', ['12.000'], '12'],
    ['int', ['0x1F'], '31'],
    ['int', ['010'], '8'],
    ['int', ['08'], '0'],
    ['int', [-3.99], '-3'],
    ['int64', ['1e3'], '0'],
    ['float64', ['1_000.5'], '1000.5'],
    ['addf', [0.1, 0.2], '0.3'],
    ['divf', [2n, 3n], '0.6666666666666667'],
    ['divf', [1n, 3e10], '3.33333e-11'],
    ['divf', [1n, 0n], 'ERROR: decimal division by 0'],
    ['mulf', [1.1, 3n], '3.3'],
    ['subf', [1n, 0.9], '0.1'],
    ['round', [2.555, 2n], '2.56'],
    ['round', [-2.5, 0n], '-3'],
    ['round', [1.2345, 3n, 0.4], '1.235'],
    ['toDecimal', ['0777'], '511'],
  ])('%s, case %#', (name, args, expected) => {
    expect(printed(name, ...args)).toBe(expected);
  });

  it('wraps int64 arithmetic as Go does', () => {
    expect(call(sprig, 'add', 2n ** 63n - 1n, 1n)).toEqual(int64(-(2n ** 63n)));
    expect(call(sprig, 'mul', 2n ** 62n, 4n)).toEqual(int64(0n));
  });

  it('returns int64 where sprig does, and int from int, len, atoi and randInt, as typeOf shows', () => {
    expect(helmOutput({ template: '{{ typeOf (add 1 2) }}|{{ typeOf 1 }}|{{ typeOf (int 3) }}|{{ typeOf (len "a") }}|{{ typeOf (atoi "3") }}|{{ typeOf (int64 3) }}|{{ typeOf (max 1 2) }}|{{ typeOf (toDecimal "7") }}|{{ typeOf (mod 5 2) }}|{{ typeOf (add1 1) }}|{{ typeOf (randInt 1 2) }}|{{ kindOf (sub 2 1) }}', functions: sprig })).toBe(
      'int64|int|int|int|int|int64|int64|int64|int64|int64|int|int64',
    );
    expect(helmOutput({ template: '{{ typeOf now.Unix }}|{{ typeOf (semver "1.2.3").Major }}|{{ typeOf (index "a" 0) }}|{{ index "a" 0 }}', functions: sprig })).toBe('int64|uint64|uint8|97');
  });

  it('an int64 compares and prints as any integer, but a parameter of type int refuses it', () => {
    expect(helmOutput({ template: '{{ eq (add 1 2) 3 }}|{{ lt 2 (add 1 2) }}|{{ printf "%d %v %#v %05d" (add 1 2) (sub 1 2) (mul 2 3) (add 7) }}|{{ index (list "a" "b") (sub 2 1) }}|{{ range $i := (add 1 1) }}{{ typeOf $i }}{{ end }}|{{ toJson (add 1 2) }}|{{ add 1 2 | toYaml }}', functions: helmFunctions() })).toBe(
      'true|true|3 -1 6 00007|b|int64int64|3|3',
    );
    // reflect.DeepEqual: an int64 is not an int.
    expect(helmOutput({ template: '{{ has 3 (list (add 1 2)) }}|{{ has (add 1 2) (list (add 2 1)) }}', functions: sprig })).toBe('false|true');
    expect(render({ template: '{{ until (add 1 2) }}', functions: sprig }).error?.message).toBe('wrong type for value; expected int; got int64');
    expect(render({ template: '{{ substr 0 (sub 5 1) "abcdef" }}', functions: sprig }).error?.message).toBe('wrong type for value; expected int; got int64');
  });
});

describe('defaults, reflection, encodings', () => {
  it.each<[string, Value[], string]>([
    ['default', ['d', 0], 'd'],
    ['default', ['d'], 'd'],
    ['default', [80n, 9090], '9090'],
    ['coalesce', [null, '', 'c'], 'c'],
    ['ternary', ['y', 'n', false], 'n'],
    ['typeOf', [8080], 'float64'],
    ['typeOf', [null], '<nil>'],
    ['kindOf', [null], 'invalid'],
    ['kindOf', [goMap({})], 'map'],
    ['typeIsLike', ['float64', 1.5], 'true'],
    ['b64dec', ['aGVsbG8'], 'illegal base64 data at input byte 4'],
    ['b64dec', ['a!=='], 'illegal base64 data at input byte 1'],
    ['b32enc', ['hello'], 'NBSWY3DP'],
    ['adler32sum', ['abc'], '38600999'],
    ['clean', ['a//b/../c/.'], 'a/c'],
    ['dir', ['x'], '.'],
    ['base', ['/a/b/'], 'b'],
    ['ext', ['x/y.tar.gz'], '.gz'],
    ['fail', ['boom'], 'ERROR: boom'],
  ])('%s, case %#', (name, args, expected) => {
    expect(printed(name, ...args)).toBe(expected);
  });
});

describe('random and time-based functions give fixed stand-ins of the right shape', () => {
  it('random strings have the length and alphabet asked, and repeat', () => {
    expect(call(sprig, 'randAlphaNum', 20n)).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(call(sprig, 'randNumeric', 6n)).toMatch(/^[0-9]{6}$/);
    expect(call(sprig, 'randAlpha', 3n)).toMatch(/^[A-Za-z]{3}$/);
    expect(call(sprig, 'randAlphaNum', 20n)).toBe(call(sprig, 'randAlphaNum', 20n));
    expect(call(sprig, 'uuidv4')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('certificates are PEM blocks of the usual types, different for different names', () => {
    const ca = call(sprig, 'genCA', 'my-ca', 365n) as GoStruct;
    expect(ca.fields.get('Cert')).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    expect(ca.fields.get('Key')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/);
    const other = call(sprig, 'genCA', 'other', 365n) as GoStruct;
    expect(other.fields.get('Cert')).not.toBe(ca.fields.get('Cert'));
    expect(printed('genPrivateKey', 'foo')).toBe('Unknown type foo');
    expect(call(sprig, 'htpasswd', 'user', 'pw')).toMatch(/^user:\$2a\$10\$[./A-Za-z0-9]{53}$/);
  });

  it('derivePassword is computed for real (Master Password)', () => {
    expect(call(sprig, 'derivePassword', 1n, 'long', 'password', 'user', 'example.com')).toBe('ZedaFaxcZaso9*');
    expect(call(sprig, 'derivePassword', 1n, 'pin', 'a', 'b', 'c')).toBe('9016');
  });

  it('encryptAES and decryptAES round-trip', () => {
    const secret = call(sprig, 'encryptAES', 'key', 'plain text') as string;
    expect(call(sprig, 'decryptAES', 'key', secret)).toBe('plain text');
  });

  it('dates format with Go layouts', () => {
    expect(printed('date', '2006-01-02T15:04:05Z07:00 Mon Jan _2 3PM .000', 0n)).toBe('1970-01-01T00:00:00Z Thu Jan  1 12AM .000');
    expect(printed('unixEpoch', call(sprig, 'toDate', '2006-01-02', '2020-03-04') as Value)).toBe('1583280000');
    expect(printed('duration', '3600')).toBe('1h0m0s');
    expect(printed('duration', 95n)).toBe('0s');
    expect(printed('date', '2006-01-02', call(sprig, 'now') as Value)).toBe('2024-01-01');
  });

  it('a time prints as Go\'s time.Time String(), in an action and through print and toString', () => {
    expect(helmOutput({ template: '{{ now }}|{{ print now }}|{{ toString now }}|{{ list now }}', functions: sprig })).toBe(
      '2024-01-01 00:00:00 +0000 UTC|2024-01-01 00:00:00 +0000 UTC|2024-01-01 00:00:00 +0000 UTC|[2024-01-01 00:00:00 +0000 UTC]',
    );
    expect(helmOutput({ template: '{{ toDate "2006-01-02 15:04:05.000" "2024-03-04 05:06:07.250" }}', functions: sprig })).toBe('2024-03-04 05:06:07.25 +0000 UTC');
  });
});

describe('Go types of what sprig returns, as typeOf and %#v show them', () => {
  it.each<[string, string]>([
    ['{{ typeOf (splitList "," "a,b") }}|{{ typeOf (keys (dict "a" 1)) }}|{{ typeOf (sortAlpha (list "b" "a")) }}|{{ typeOf (toStrings (list 1)) }}', '[]string|[]string|[]string|[]string'],
    ['{{ typeOf (regexFindAll "a" "aa" -1) }}|{{ typeOf (regexFindAll "x" "aa" -1) }}|{{ typeOf (regexSplit "," "a,b" -1) }}', '[]string|[]string|[]string'],
    ['{{ typeOf (until 2) }}|{{ typeOf (untilStep 0 4 2) }}|{{ typeOf (split "," "a,b") }}|{{ typeOf (splitn "," 2 "a,b") }}', '[]int|[]int|map[string]string|map[string]string'],
    // Functions that build a new slice by reflection return []interface {}; deepCopy keeps the type.
    ['{{ typeOf (rest (splitList "," "a,b")) }}|{{ typeOf (append (splitList "," "a") "b") }}|{{ typeOf (uniq (splitList "," "a")) }}|{{ typeOf (deepCopy (splitList "," "a")) }}', '[]interface {}|[]interface {}|[]interface {}|[]string'],
    ['{{ typeOf (chunk 1 (list 1 2)) }}|{{ typeOf (slice (splitList "," "a,b") 1) }}|{{ typeOf (slice (until 3) 1) }}|{{ typeOf (slice (list 1 2) 1) }}|{{ typeOf (first (chunk 1 (splitList "," "a"))) }}|{{ typeOf (without (splitList "," "a,b") "a") }}', '[][]interface {}|[]string|[]int|[]interface {}|[]interface {}|[]interface {}'],
    ['{{ printf "%#v" (splitList "," "a,b") }}|{{ printf "%#v" (split "," "a") }}|{{ has "a" (splitList "," "a") }}|{{ splitList "," "a,b" }}', '[]string{"a", "b"}|map[string]string{"_0":"a"}|true|[a b]'],
  ])('%s', (template, output) => {
    expect(helmOutput({ template, functions: sprig })).toBe(output);
  });

  it('a map[string]string is refused where Go wants map[string]interface {}', () => {
    expect(render({ template: '{{ keys (split "," "a,b") }}', functions: sprig }).error?.message).toBe('wrong type for value; expected map[string]interface {}; got map[string]string');
  });

  it('reflect.DeepEqual tells []string from []interface {}', () => {
    expect(deepEqual(call(sprig, 'splitList', ',', 'a') as Value, ['a'])).toBe(false);
    expect(deepEqual(call(sprig, 'splitList', ',', 'a') as Value, call(sprig, 'toStrings', ['a']) as Value)).toBe(true);
  });
});

describe('semver', () => {
  it('reads versions and answers their methods', () => {
    const v = call(sprig, 'semver', 'v1.21.3-gke.100') as GoStruct;
    expect(v.methods.get('Minor')!.call([])).toEqual(new GoInt('uint64', 21n));
    expect(v.methods.get('Prerelease')!.call([])).toBe('gke.100');
    expect(printed('semver', 'x')).toBe('ERROR: invalid semantic version');
  });

  it('a version prints as its String(), not as the fields of a *semver.Version', () => {
    expect(helmOutput({ template: '{{ semver "1.2.3" }}|{{ print (semver "v1.2") }}|{{ printf "%v %s %q" (semver "1.2.3-rc.1+b") (semver "2") (semver "3") }}', functions: sprig })).toBe(
      '1.2.3|1.2.0|1.2.3-rc.1+b 2.0.0 "3.0.0"',
    );
  });
});
