// sprig's and Helm's functions against Helm itself: each template below is rendered by a real
// helm v4 (../shared/tools/helm-oracle.sh; as a chart's NOTES.txt, which Helm prints as is) and
// by Portolan's engine with helmFunctions(), and the outputs must be equal byte for byte; for a
// template that fails, Helm's message must end with the engine's (or, for fail and required,
// which Helm re-words as "execution error at (...): msg", the engine's must end with msg).
//
// Cases that do not fail are rendered by helm in one chart (one helm process), each between
// markers; if that chart fails, each case is rendered alone.

import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeAll } from '../../server/src/service/gotemplate/index';
import { helmFunctions, HELM_VALUES_TYPE } from '../../server/src/service/helmfuncs/index';
import { render } from '../gotemplate/support';
import { sharedPath } from '../support/shared';

interface Case {
  name: string;
  template: string;
  values?: string;
  helpers?: string;
  /** The case fails in Helm: it is rendered on its own. */
  fails?: boolean;
  /**
   * Only the innermost error is compared (the text after the last "error calling "): for a
   * recursion, whose levels name the helpers' file (which differs between the engine's test
   * names and a chart's) and whose count differs where the JS stack gives out first (exec.ts).
   */
  innermost?: boolean;
}

const VALUES = `
port: 8080
big: 1000000
ratio: 0.25
name: web-app
empty: ""
zero: 0
flag: true
nothing: null
list: [a, b, c]
ports: [80, 443]
map: {b: 2, a: 1, c: {d: [1, x]}}
service: {port: 9100, type: ClusterIP, annotations: {}}
image: {repository: nginx, tag: "1.25"}
a: {x: 1, l: [1], m: {p: 1}, s: "str", e: "", t: true}
b: {x: 2, l: [2, 3], m: {q: 2}, s: "", e: "set", t: false, z: null, new: [9]}
yamlish: "a: 1\\nb: [x, y]\\n"
multi: "line one\\nline two\\n"
long: "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss"
resources: {limits: {cpu: 100m, memory: 128Mi}, requests: {cpu: 50m}}
env: [{name: A, value: "1"}, {name: B, valueFrom: {secretKeyRef: {name: s, key: k}}}]
`;

const CASES: Case[] = [
  // strings
  { name: 'quote, squote, cat', template: '{{ quote "a\\"b" 1 nil 2.5 .Values.port }}|{{ squote "a" nil 1 .Values.ratio }}|{{ cat "a" nil 1 (list 1 2) .Values.map }}|{{ .Values.name | quote }}|{{ quote .Values.missing }}|{{ quote "é\\t\\u0001" }}' },
  { name: 'indent and nindent', template: '[{{ indent 2 "a\\nb\\n" }}]{{ nindent 4 "x\\n\\ny" }}|{{ "" | nindent 2 }}|{{ indent 0 "q" }}' },
  { name: 'trim family', template: '{{ trim "  \\t a b \\n" }}|{{ trimAll "$" "$$x$$" }}|{{ trimSuffix "-" "a-b-" }}|{{ trimPrefix "v" "v1.2" }}|{{ trimSuffix "" "x" }}|{{ trimall "ab" "abcba" }}' },
  { name: 'trunc and substr', template: '{{ trunc 3 "hello" }}|{{ trunc -2 "hello" }}|{{ trunc 10 "hi" }}|{{ trunc 63 .Values.long }}|{{ substr 1 3 "hello" }}|{{ substr -1 2 "hello" }}|{{ substr 2 -1 "hello" }}|{{ substr 2 10 "hello" }}|{{ trunc 2 "héllo" }}' },
  { name: 'case functions', template: '{{ upper "abc é" }}|{{ lower "ABC" }}|{{ title "hello wOrld_x-y z.a" }}|{{ untitle "Hello World FOO" }}|{{ swapcase "Hello Wörld" }}|{{ initials "hello big World" }}' },
  { name: 'snakecase, camelcase, kebabcase', template: '{{ snakecase "HTTPServerID" }}|{{ snakecase "helloWorld2Go" }}|{{ camelcase "http_server_id" }}|{{ camelcase "hello-world foo" }}|{{ kebabcase "FooBarBaz" }}|{{ snakecase "Bld4Floor" }}|{{ snakecase "HTTP2xx" }}|{{ camelcase "_a__b" }}|{{ camelcase "HTTPServerID" }}|{{ camelcase "FOO_BAR" }}|{{ snakecase "foo bar-baz" }}|{{ kebabcase "HTTPServer" }}|{{ snakecase "a1b" }}|{{ snakecase "AbcDEF" }}|{{ camelcase "_" }}' },
  { name: 'snakecase and kebabcase with numbers and connectors', template: '{{ snakecase "Bld4" }}|{{ snakecase "a1" }}|{{ snakecase "x2-y" }}|{{ snakecase "ab12CD" }}|{{ kebabcase "myHTTPServer2Go" }}|{{ snakecase "A.B" }}|{{ snakecase "é ü" }}|{{ camelcase "x" }}|{{ snakecase "123abc" }}|{{ snakecase "v1.2.3" }}|{{ snakecase "a__b" }}|{{ snakecase "__a" }}|{{ kebabcase "foo_bar" }}' },
  { name: 'wrap, wrapWith, abbrev', template: '{{ wrap 10 "The quick brown fox jumps over the lazy dog" | quote }}|{{ wrapWith 10 "<br>" "The quick brown fox jumps" }}|{{ wrap 4 "  a   b  " | quote }}|{{ wrap 3 "abcdefgh" }}|{{ abbrev 5 "hello world" }}|{{ abbrevboth 5 10 "1234567890abcdefghij" }}|{{ abbrev 3 "hello" }}' },
  { name: 'contains, prefixes, replace, repeat, nospace, plural', template: '{{ contains "ell" "hello" }}{{ hasPrefix "he" "hello" }}{{ hasSuffix "lo" "hello" }}|{{ replace "." "-" "a.b.c" }}|{{ replace "" "-" "héllo" }}|{{ repeat 3 "ab" }}|{{ nospace " a b\\tc\\n" }}|{{ plural "one" "many" 1 }}{{ plural "one" "many" 2 }}' },
  { name: 'toString and conversions', template: '{{ toString 1 }}|{{ toString 1.5 }}|{{ toString nil }}|{{ toString .Values.port }}|{{ toString (list 1 "a") }}|{{ atoi "12" }}|{{ atoi "12x" }}|{{ atoi "-5" }}|{{ int "12.000" }}|{{ int "0x1F" }}|{{ int "010" }}|{{ int "08" }}|{{ int 3.99 }}|{{ int -3.99 }}|{{ int64 "1e3" }}|{{ float64 "1e3" }}|{{ float64 "abc" }}|{{ int true }}|{{ int .Values.port }}|{{ float64 "1_000.5" }}|{{ int "1_000" }}' },
  { name: 'split, splitList, splitn, join, sortAlpha', template: '{{ split "," "a,b" }}|{{ splitList "," "a,,b" }}|{{ splitn "," 2 "a,b,c" }}|{{ (split "/" "x/y")._1 }}|{{ join "," (list 1 nil "a" 2.5) }}|{{ join "," "abc" }}|{{ join "," nil }}|{{ sortAlpha (list "b" "a" 10 2) }}|{{ sortAlpha "x" }}|{{ join "-" .Values.list }}|{{ toStrings (list 1 2) }}' },
  // lists
  { name: 'list functions', template: '{{ list 1 "a" nil }}|{{ first (list) }}|{{ rest (list) }}|{{ concat (list 1) (list 2 3) }}|{{ chunk 2 (list 1 2 3) }}|{{ chunk 2 (list) }}|{{ slice (list 1 2 3) 1 }}|{{ slice (list) 1 }}|{{ uniq (list 1 1 "a" "a" 1.0) }}|{{ without (list 1 2 1 3) 1 }}|{{ compact (list 0 "" nil "a" false (list)) }}|{{ reverse (list 1 2) }}|{{ initial (list 1 2 3) }}|{{ last (list 1 2) }}|{{ prepend (list 1) 0 }}|{{ append (list 1) 2 }}|{{ first .Values.list }}|{{ last .Values.ports }}|{{ has 1 nil }}|{{ has "b" .Values.list }}|{{ has 80 .Values.ports }}|{{ has 80.0 .Values.ports }}' },
  { name: 'until, untilStep, seq', template: '{{ until 3 }}|{{ untilStep 1 10 3 }}|{{ until -2 }}|{{ untilStep 10 1 -4 }}|{{ seq 5 }}|{{ seq 2 -1 }}|{{ seq 1 2 9 }}|{{ seq 0 }}|{{ seq 9 -3 1 }}|{{ range $i := until 2 }}{{ $i }}{{ end }}' },
  { name: 'append to a string fails', template: '{{ append "abc" 1 }}', fails: true },
  { name: 'first of nil fails', template: '{{ first nil }}', fails: true },
  { name: 'slice out of bounds fails', template: '{{ slice (list 1 2 3) 2 1 }}', fails: true },
  // dicts
  { name: 'dict, get, set, unset, hasKey, pluck, pick, omit', template: '{{ dict "a" }}|{{ dict 1 2 nil 3 }}|{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) }}|{{ pick (dict "a" 1 "b" 2) "a" "c" }}|{{ omit (dict "a" 1 "b" 2) "a" }}|{{ get (dict "a" 1) "b" | quote }}|{{ set (dict) "a" 1 }}|{{ unset (dict "a" 1) "a" }}|{{ hasKey (dict "a" nil) "a" }}|{{ hasKey .Values.service "port" }}|{{ keys (dict "b" 1 "a" 2) | sortAlpha }}|{{ values (dict "a" 1) }}|{{ get .Values.map "b" }}' },
  { name: 'merge and mergeOverwrite', template: '{{ merge (deepCopy .Values.a) .Values.b | toJson }}|{{ mergeOverwrite (deepCopy .Values.a) .Values.b | toJson }}|{{ merge (dict) .Values.b | toJson }}|{{ mergeOverwrite (dict "l" "x" "m" "y") .Values.b | toJson }}|{{ merge (dict "l" "x" "m" "y") .Values.b | toJson }}|{{ merge (dict "m" (dict)) (dict "m" (dict "z" 1)) | toJson }}|{{ mergeOverwrite (dict "a" (list 1)) (dict "a" (list)) | toJson }}|{{ merge (dict "a" (list)) (dict "a" (list 5)) | toJson }}|{{ mustMergeOverwrite (dict "a" 1) (dict "a" 2) (dict "b" 3) }}' },
  { name: 'dig', template: '{{ dig "a" "b" "def" (dict "a" (dict "b" 5)) }}|{{ dig "a" "x" "def" (dict "a" (dict "b" 5)) }}|{{ dig "c" "d" "none" .Values.map }}|{{ dig "service" "port" 1 (dict "service" .Values.service) }}' },
  { name: 'dig through a number fails', template: '{{ dig "a" "b" "c" "def" (dict "a" (dict "b" 5)) }}', fails: true },
  // defaults and flow
  { name: 'default, empty, coalesce, ternary, all, any', template: '{{ default "d" .Values.missing }}|{{ default "d" .Values.empty }}|{{ default 80 .Values.port }}|{{ default "d" .Values.zero }}|{{ default "d" false }}|{{ default "d" (list) }}|{{ default "d" }}|{{ empty 0 }}{{ empty "" }}{{ empty (dict) }}{{ empty .Values.flag }}{{ empty .Values.map }}|{{ coalesce .Values.missing .Values.empty "c" }}|{{ coalesce nil }}|{{ ternary "y" "n" true }}{{ ternary "y" "n" false }}|{{ all 1 "a" }}{{ all 1 "" }}|{{ any 0 "" }}{{ any 0 "a" }}' },
  { name: 'fail', template: '{{ fail "boom" }}', fails: true },
  { name: 'required with a value', template: '{{ required "need x" .Values.name }}' },
  { name: 'required without a value', template: '{{ required "need x" .Values.missing }}', fails: true },
  // reflection
  { name: 'typeOf, kindOf, kindIs, typeIs', template: '{{ typeOf 1 }}|{{ typeOf 1.5 }}|{{ typeOf .Values.port }}|{{ typeOf .Values.map }}|{{ typeOf .Values.list }}|{{ typeOf nil }}|{{ typeOf "s" }}|{{ kindOf .Values.map }}|{{ kindOf .Values.list }}|{{ kindOf nil }}|{{ kindOf true }}|{{ kindIs "map" .Values.map }}|{{ kindIs "invalid" .Values.missing }}|{{ typeIs "float64" .Values.port }}|{{ typeIsLike "float64" 1.5 }}|{{ deepEqual (list 1) (list 1) }}|{{ typeOf (int 1) }}' },
  // math
  { name: 'integer math', template: '{{ add 1 2.9 "3" }}|{{ mul 2 "3" }}|{{ div 7 2 }}|{{ mod -7 2 }}|{{ sub 1 5 }}|{{ add1 "x" }}|{{ add1 .Values.port }}|{{ max 1 "5" 3.9 }}|{{ min 2 -1 }}|{{ biggest 3 9 }}|{{ add .Values.port 1 }}|{{ mul .Values.ratio 4 }}' },
  { name: 'float math', template: '{{ addf 0.1 0.2 }}|{{ divf 1 3 }}|{{ divf 2 3 }}|{{ mulf 1.1 3 }}|{{ subf 1 0.9 }}|{{ divf 1 3e10 }}|{{ add1f 1.5 }}|{{ maxf 1 2.5 }}|{{ minf 1 "0.5" }}|{{ floor 1.5 }}|{{ ceil "1.2" }}|{{ round 2.555 2 }}|{{ round 3.7 0 }}|{{ round -2.5 0 }}|{{ round 1.005 2 }}|{{ round 1.2345 3 0.4 }}|{{ round 123.456 -1 }}|{{ addf }}|{{ mulf .Values.ratio 100 }}' },
  { name: 'division by zero fails', template: '{{ div 1 0 }}', fails: true },
  { name: 'toDecimal', template: '{{ toDecimal "0777" }}|{{ toDecimal 755 }}|{{ toDecimal "9" }}' },
  // encodings
  { name: 'base64 and base32', template: '{{ b64enc "hello é" }}|{{ b64dec "aGVsbG8gw6k=" }}|{{ b64dec "aGVsbG8" }}|{{ b64dec "a!==" }}|{{ b32enc "hello" }}|{{ b32dec "NBSWY3DP" }}|{{ b64enc "" }}' },
  { name: 'digests', template: '{{ sha256sum "abc" }}|{{ sha1sum "abc" }}|{{ sha512sum "abc" | trunc 16 }}|{{ adler32sum "abc" }}|{{ .Values | toYaml | sha256sum | trunc 8 }}' },
  { name: 'paths', template: '{{ base "/a/b.txt" }}|{{ dir "/a/b.txt" }}|{{ ext "x/y.tar.gz" }}|{{ clean "a//b/../c/." }}|{{ isAbs "/x" }}{{ isAbs "x" }}|{{ base "" }}|{{ dir "x" }}|{{ clean "/../a" }}|{{ base "/a/b/" }}' },
  { name: 'urlParse and urlJoin', template: '{{ urlParse "https://user:pw@example.com:8443/p/a%20b?q=1#frag" | toJson }}|{{ urlJoin (dict "scheme" "http" "host" "h:80" "path" "/x" "query" "a=b") }}' },
  // regular expressions
  { name: 'regexMatch and regexFind', template: '{{ regexMatch "^v[0-9]+\\\\.[0-9]+$" "v1.2" }}|{{ regexMatch "(" "x" }}|{{ regexFind "[0-9]+" "abc123def456" }}|{{ regexFind "x" "abc" | quote }}|{{ regexFindAll "[0-9]" "a1b2c3" 2 }}|{{ regexFindAll "[0-9]" "a1b2c3" -1 }}|{{ regexMatch "(?i)ABC" "xabcx" }}|{{ regexMatch "\\\\s" "a\\u00a0b" }}|{{ regexMatch "[[:alpha:]]+" "123" }}' },
  { name: 'regexReplaceAll and regexSplit', template: '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}|{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}|{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}|{{ regexReplaceAll "b*" "abc" "-" }}|{{ regexReplaceAll "(?P<first>\\\\w+) (?P<second>\\\\w+)" "hello world" "$second $first" }}|{{ regexSplit "," "a,b,,c" -1 }}|{{ regexSplit "x*" "abc" -1 }}|{{ regexSplit "," "a,b,c" 2 }}|{{ regexReplaceAll "[^a-z0-9-]" "Web_App.1" "-" }}|{{ regexQuoteMeta "a.b*c" }}' },
  { name: 'a bad pattern fails', template: '{{ regexFind "(" "x" }}', fails: true },
  // semver
  { name: 'semverCompare as charts use it', template: '{{ semverCompare ">=1.21-0" "v1.30.2-gke.100" }}|{{ semverCompare ">=1.21" "v1.30.2-gke.100" }}|{{ semverCompare "^1.2" "1.9.0" }}|{{ semverCompare "^1.2" "2.0.0" }}|{{ semverCompare "~1.3" "1.3.9" }}|{{ semverCompare "~1.3" "1.4.0" }}|{{ semverCompare ">= 1.19-0 < 1.22-0" "1.21.5" }}|{{ semverCompare ">= 1.19-0 < 1.22-0" "1.22.0" }}|{{ semverCompare "<1.19 || >=1.25" "1.20.0" }}|{{ semverCompare "<1.19 || >=1.25" "1.26.1" }}|{{ semverCompare "1.2 - 1.4" "1.4.5" }}|{{ semverCompare "1.x" "1.9.9" }}|{{ semverCompare "!=1.2.3" "1.2.3" }}|{{ semverCompare ">1.2" "1.2.9" }}|{{ semverCompare "<=1.2" "1.2.9" }}|{{ semverCompare "=1.2.3" "v1.2.3" }}|{{ semverCompare ">=1.16.0-0" "1.16.0-rc.1" }}|{{ semverCompare "^0.2.3" "0.2.9" }}|{{ semverCompare "^0.0.3" "0.0.4" }}' },
  { name: 'semver', template: '{{ (semver "1.2.3-beta+m").Major }}|{{ (semver "v1.2").Minor }}|{{ (semver "1.2.3-beta.1").Prerelease }}|{{ ((semver "1.2.3").Compare (semver "1.3.0")) }}|{{ (semver "1.10.0").GreaterThan (semver "1.9.0") }}' },
  { name: 'versions and times print as their String()', template: '{{ semver "1.2.3" }}|{{ print (semver "v1.2") }}|{{ printf "%v %s %q" (semver "1.2.3-rc.1+b") (semver "2") (semver "3") }}|{{ list (semver "1.0") }}|{{ toString (semver "4.5") }}|{{ toDate "2006-01-02 15:04:05.000" "2024-03-04 05:06:07.250" }}|{{ toDate "2006-01-02" "2020-03-04" | print }}' },
  { name: 'a bad version fails', template: '{{ semverCompare ">=1.0" "not-a-version" }}', fails: true },
  { name: 'a bad constraint fails', template: '{{ semverCompare "=>>1.0" "1.0.0" }}', fails: true },
  // crypto that is deterministic
  { name: 'derivePassword', template: '{{ derivePassword 1 "long" "password" "user" "example.com" }}|{{ derivePassword 3 "maximum" "pw" "u" "s" }}|{{ derivePassword 1 "pin" "a" "b" "c" }}|{{ derivePassword 1 "nope" "a" "b" "c" }}' },
  { name: 'the shape of random and time functions', template: '{{ randAlphaNum 5 | len }}|{{ randNumeric 3 | len }}|{{ randAlpha 7 | len }}|{{ uuidv4 | len }}|{{ htpasswd "u" "p" | len }}|{{ htpasswd "a:b" "x" }}|{{ genPrivateKey "foo" }}|{{ typeOf (genCA "x" 1) }}|{{ typeOf now }}|{{ (genCA "x" 1).Cert | hasPrefix "-----BEGIN CERTIFICATE-----\\n" }}|{{ (genCA "x" 1).Key | hasSuffix "-----END RSA PRIVATE KEY-----\\n" }}|{{ duration 95 }}|{{ duration "3600" }}|{{ encryptAES "k" "" }}' },
  { name: 'dates of a given time', template: '{{ date "2006-01-02T15:04:05Z07:00 Mon Jan _2 3PM .000" 0 }}|{{ unixEpoch (toDate "2006-01-02" "2020-03-04") }}|{{ toDate "2006-01-02" "2020-03-04" | date "Jan 2, 2006" }}|{{ dateInZone "2006-01-02 15:04 MST" 86400 "UTC" }}|{{ htmlDate 1000000000 }}|{{ dateModify "1h30m" (toDate "2006-01-02" "2020-03-04") | unixEpoch }}' },
  // Helm's own
  { name: 'toYaml of values', template: '{{ toYaml .Values }}' },
  { name: 'toYaml | nindent in a manifest', template: 'resources:{{ toYaml .Values.resources | nindent 2 }}\nenv:\n{{- toYaml .Values.env | nindent 2 }}\nempty: {{ toYaml .Values.service.annotations }}' },
  { name: 'toYaml of scalars', template: '{{ "keep\\n\\n" | toYaml }}|{{ "abc" | toYaml }}|{{ .Values.nothing | toYaml }}|{{ "a\\nb" | toYaml }}|{{ list 1 | toYaml }}|{{ 1.5 | mustToYaml }}|{{ " x" | toYaml }}|{{ dict "a" " lead\\n" | toYaml }}|{{ toYaml 1e6 }}|{{ toYaml 123456789.0 }}|{{ toYaml 0.1 }}|{{ list (list) (dict) | toYaml }}|{{ toYaml 1e21 }}|{{ toYaml -0.0 }}' },
  { name: 'toYaml quoting', template: '{{ list "true" "False" "~" "-" "?" ":" "[x]" "{x}" "a,b" "@x" "`x" "%x" "!x" "&x" "*x" "|x" ">x" "a: b" "a #b" "a#b" "0o17" "0b1" ".5" "1e3" "+1" "-.inf" ".NaN" "1:20" "2001-12-14" "Y" "NO" "Off" "=" "<<" "0x" "1_0" "12:30:45" "0777" "-0" "+.5" "1." "._" "1e" "0x1g" "" "tab\\there" "quote\\"d\\\\" "single\'" "é😀" "x\\r\\ny" "trailing \\nspace" " lead\\nline" "---" "- a" "a- b" | toYaml }}' },
  { name: 'toYaml key order and long strings', template: '{{ dict "a10" 1 "a9" 2 "a_b" 3 "ab" 4 "A" 5 "b" 6 "01" 7 "1" 8 "a-b" 9 "x1y" 10 "x01y" 11 "" 12 "key: x" 13 "multi\\nkey" 14 | toYaml }}\n{{ dict "long" .Values.long "nested" (dict "deeper" (dict "long" .Values.long)) "list" (list .Values.long) "dq" "a \\"long\\" string with \\ttab aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm" | toYaml }}' },
  { name: 'toYamlPretty', template: '{{ dict "a" (list 1 2) "b" (dict "c" "yes") "d" 1000000.0 "e" "multi\\nline" "f" .Values.long "g" (list (dict "x" 1 "y" 2)) "h" nil "i" "" | toYamlPretty }}' },
  { name: 'fromYaml and fromYamlArray', template: '{{ fromYaml .Values.yamlish | toJson }}|{{ fromYaml "- 1" }}|{{ fromYaml "" }}|{{ (fromYaml "a: 0777\\nb: 0x1F\\nc: yes\\nd: ~\\ne: 1_000\\nf: 1e3\\ng: 2001-12-14\\n1: one\\ntrue: t\\nh: !!str 5\\ni: 1:20").a }}|{{ fromYaml "a: 0777\\nb: 0x1F\\nc: yes\\nd: ~\\ne: 1_000\\nf: 1e3\\ng: 2001-12-14\\n1: one\\ntrue: t\\nh: !!str 5\\ni: 1:20" | toJson }}|{{ fromYamlArray "[1, a]" }}|{{ fromYamlArray "a: 1" }}|{{ fromYaml "a: 1\\na: 2" }}|{{ fromYaml "a: &x {b: 1}\\nc:\\n  <<: *x\\n  d: 2" | toJson }}|{{ fromYaml "a: 1\\n---\\nb: 2" }}|{{ fromYaml "a: .inf" }}' },
  { name: 'toJson and fromJson', template: '{{ toJson (dict "b" "<a&b>" "a" (list 1 2.5 nil true) "c" "é\\u2028\\t\\u0001\\b\\f\\"\\\\" "d" 1e21 "e" 0.000001 "f" 1e-7 "g" -0.0) }}|{{ toPrettyJson (dict "a" (list) "b" (dict) "c" (list 1 (dict "x" 1))) }}|{{ toRawJson (dict "a" "<&>") }}|{{ toPrettyJson (list) }}|{{ toJson .Values.nothing }}|{{ toJson "s" }}|{{ toJson .Values.map }}' },
  { name: 'fromJson errors', template: '{{ fromJson "{\\"a\\":1,\\"b\\":[1,\\"x\\",null],\\"c\\":{\\"d\\":true}}" }}|{{ fromJson "[1]" }}|{{ fromJson "{bad" }}|{{ fromJson "" }}|{{ fromJsonArray "[1,{\\"a\\":2}]" }}|{{ fromJsonArray "{}" }}|{{ mustFromJson "[1,2]" }}|{{ fromJson "{\\"a\\":1} x" }}|{{ fromJson "{\\"a\\" 1}" }}|{{ fromJson "[1,]" }}|{{ fromJson "\\"\\\\x\\"" }}|{{ fromJson "01" }}|{{ fromJson "nul" }}|{{ fromJson "{\\"a\\":1,}" }}|{{ fromJson "-" }}|{{ fromJson "1." }}|{{ fromJson "\\"a" }}' },
  { name: 'toToml', template: '{{ dict "a" 1.5 "b" "x" "c" (list 1 2 "z") "d" (dict "e" 1 "f" (dict "g" true)) "h" (list (dict "i" 1) (dict "i" 2)) "j" 8080.0 "k" "multi\\nline" "key with space" 1 "l" (list) "m" (dict) | toToml }}|{{ dict "a" nil "b" (list nil) | toToml }}|{{ toToml (list 1) }}|{{ dict "a" (list (list 1 2) (list "x")) "b" (list (dict "c" 1) 2) "t" "tab\\t\\"q\\" é \\u0001" "u" -0.0 "v" 1e-7 "w" 100000000000000000000.0 | toToml }}' },
  { name: 'include and tpl', template: '{{ include "h.labels" . }}|{{ include "h.labels" . | nindent 2 }}|{{ tpl "{{ .Values.name }}-{{ .Values.port }}" . }}|{{ tpl "{{ .missing }}x" . }}|{{ tpl "{{ define \\"inner\\" }}in{{ end }}{{ include \\"inner\\" . }}" . }}|{{ lookup "v1" "Pod" "ns" "x" }}', helpers: '{{ define "h.labels" }}app: {{ .Values.name }}\nport: {{ .Values.port | quote }}{{ end }}' },
  { name: 'a tpl that does not parse fails', template: '{{ tpl "{{" . }}', fails: true },
  // Go types as typeOf and %#v show them: Helm's named values type, the []string and []int sprig returns.
  { name: 'types of values and of what sprig returns', template: '{{ typeOf .Values }}|{{ kindOf .Values }}|{{ typeOf (deepCopy .Values) }}|{{ hasKey .Values "port" }}|{{ keys .Values | sortAlpha | len }}|{{ typeOf (merge (dict) .Values) }}|{{ typeOf .Values.map }}|{{ typeOf (splitList "," "a,b") }}|{{ typeOf (keys .Values.map) }}|{{ typeOf (sortAlpha (list "b" "a")) }}|{{ typeOf (regexFindAll "a" "aa" -1) }}|{{ typeOf (regexFindAll "x" "aa" -1) }}|{{ typeOf (regexSplit "," "a,b" -1) }}|{{ typeOf (toStrings (list 1)) }}|{{ typeOf (until 2) }}|{{ typeOf (untilStep 0 4 2) }}|{{ typeOf (split "," "a,b") }}|{{ typeOf (splitn "," 2 "a,b") }}|{{ typeOf (rest (splitList "," "a,b")) }}|{{ typeOf (append (splitList "," "a") "b") }}|{{ typeOf (deepCopy (splitList "," "a")) }}|{{ has "a" (splitList "," "a") }}|{{ printf "%#v" (splitList "," "a,b") }}|{{ printf "%#v" (split "," "a") }}|{{ printf "%#v" .Values.image }}|{{ typeOf (pick .Values "port") }}|{{ dig "c" "d" "" .Values.map }}|{{ toJson (splitList "," "a,b") }}|{{ kindIs "map" .Values }}|{{ typeIs "map[string]interface {}" .Values }}|{{ typeOf (chunk 1 (list 1 2)) }}|{{ typeOf (slice (splitList "," "a,b") 1) }}|{{ typeOf (slice (until 3) 1) }}|{{ typeOf (slice (list 1 2) 1) }}|{{ typeOf (first (chunk 1 (splitList "," "a"))) }}|{{ typeOf (without (splitList "," "a,b") "a") }}|{{ typeOf (reverse (splitList "," "a,b")) }}|{{ typeOf (compact (splitList "," "a,b")) }}|{{ typeOf (concat (splitList "," "a,b")) }}|{{ typeOf (mustSlice (splitList "," "a,b")) }}|{{ typeOf (slice (list)) }}' },
  { name: 'int64 from sprig\'s arithmetic, int from literals and int', template: '{{ typeOf (add 1 2) }}|{{ typeOf 1 }}|{{ typeOf (int 3) }}|{{ typeOf (len "a") }}|{{ typeOf (atoi "3") }}|{{ typeOf (int64 3) }}|{{ typeOf (max 1 2) }}|{{ typeOf (toDecimal "7") }}|{{ typeOf (mod 5 2) }}|{{ typeOf (add1 1) }}|{{ typeOf (randInt 1 2) }}|{{ kindOf (sub 2 1) }}|{{ typeOf (semver "1.2.3").Major }}|{{ typeOf (index "a" 0) }}|{{ index "a" 0 }}|{{ typeOf (toDate "2006-01-02" "2020-03-04").Unix }}|{{ eq (add 1 2) 3 }}|{{ lt 2 (add 1 2) }}|{{ printf "%d %v %#v %05d" (add 1 2) (sub 1 2) (mul 2 3) (add 7) }}|{{ index (list "a" "b") (sub 2 1) }}|{{ range $i := (add 1 1) }}{{ typeOf $i }}{{ end }}|{{ toJson (add 1 2) }}|{{ add 1 2 | toYaml }}|{{ has 3 (list (add 1 2)) }}|{{ has (add 1 2) (list (add 2 1)) }}|{{ printf "%T" (index (until 3) 1) }}' },
  { name: 'an int64 is refused where Go wants an int', template: '{{ until (add 1 2) }}', fails: true },
  { name: 'dig refuses .Values, whose type is common.Values', template: '{{ dig "port" "" .Values }}', fails: true },
  { name: 'a map[string]string is not a map[string]interface {}', template: '{{ keys (split "," "a,b") }}', fails: true },
  { name: 'include of a missing template fails', template: '{{ include "nope" . }}', fails: true },
  { name: 'include of a missing template inside tpl fails', template: '{{ tpl "{{ include \\"nope\\" . }}" . }}', fails: true },
  { name: 'a helper that includes itself without end stops at Helm\'s limit', template: '{{ include "h.loop" . }}', helpers: '{{ define "h.loop" }}x{{ include "h.loop" . }}{{ end }}', fails: true, innermost: true },
  { name: 'a helper that includes itself 300 times', template: '{{ include "h.count" 300 | len }}', helpers: '{{ define "h.count" }}{{ if gt (int .) 0 }}x{{ include "h.count" (sub . 1) }}{{ end }}{{ end }}' },
];

type Result = { output: string } | { error: string };

function helmBinary(): string {
  const script = join(sharedPath('tools'), 'helm-oracle.sh');
  return execFileSync('bash', [script], { encoding: 'utf8' }).trim();
}

const marker = (i: number) => `\u0000CASE ${i}\u0000`;

function writeChart(dir: string, notes: string, values: string, helpers: string[]): void {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: t\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), values);
  writeFileSync(join(dir, 'templates', 'NOTES.txt'), notes);
  helpers.forEach((h, i) => writeFileSync(join(dir, 'templates', `_helpers${i}.tpl`), h));
}

function runHelm(helm: string, dir: string): Promise<{ stdout: string } | { error: string }> {
  return new Promise((resolve) => {
    execFile(helm, ['install', 't', dir, '--dry-run=client'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve(error ? { error: stderr.trim() } : { stdout });
    });
  });
}

/** Renders cases in one chart, cut apart at the markers; undefined if the chart fails. */
async function renderBatch(helm: string, root: string, cases: [Case, number][]): Promise<Map<number, Result> | undefined> {
  const dir = join(root, 'batch');
  const notes = cases.map(([c, i]) => `${marker(i)}${c.template}`).join('') + marker(-1);
  writeChart(dir, notes, VALUES, [...new Set(cases.flatMap(([c]) => (c.helpers ? [c.helpers] : [])))]);
  const result = await runHelm(helm, dir);
  if ('error' in result) return undefined;
  const out = new Map<number, Result>();
  for (const [, i] of cases) {
    const start = result.stdout.indexOf(marker(i));
    const next = result.stdout.indexOf('\u0000CASE ', start + marker(i).length);
    out.set(i, { output: result.stdout.slice(start + marker(i).length, next) });
  }
  return out;
}

async function renderOne(helm: string, root: string, c: Case, i: number): Promise<Result> {
  const dir = join(root, `c${i}`);
  writeChart(dir, `${marker(i)}${c.template}${marker(-1)}`, c.values ?? VALUES, c.helpers ? [c.helpers] : []);
  const result = await runHelm(helm, dir);
  if ('error' in result) return result;
  const start = result.stdout.indexOf(marker(i)) + marker(i).length;
  return { output: result.stdout.slice(start, result.stdout.indexOf(marker(-1))) };
}

function renderWithEngine(c: Case): Result {
  const result = render({ template: c.template, values: c.values ?? VALUES, functions: helmFunctions(), valuesType: HELM_VALUES_TYPE, ...(c.helpers ? { others: { helpers: c.helpers } } : {}) });
  if (result.parseError) return { error: result.parseError };
  if (result.error) return { error: result.error.message };
  return { output: removeAll(result, '<no value>').output };
}

describe('sprig and Helm functions render as helm renders them', () => {
  const root = mkdtempSync(join(tmpdir(), 'functions-oracle-'));
  const helmResults = new Map<number, Result>();

  beforeAll(async () => {
    const helm = helmBinary();
    const indexed = CASES.map((c, i) => [c, i] as [Case, number]);
    const batch = await renderBatch(
      helm,
      root,
      indexed.filter(([c]) => !c.fails && !c.values),
    );
    const alone = batch ? indexed.filter(([c, i]) => !batch.has(i) || c.fails) : indexed;
    batch?.forEach((r, i) => helmResults.set(i, r));
    // Two at a time: the machine's cores are shared.
    const queue = [...alone];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) helmResults.set(next[1], await renderOne(helm, root, next[0], next[1]));
    };
    await Promise.all([worker(), worker()]);
  }, 300_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', (_, c, i) => {
    const expected = helmResults.get(i)!;
    const actual = renderWithEngine(c);
    if ('output' in expected) {
      expect(actual).toEqual(expected);
      return;
    }
    expect('error' in actual, `helm failed with ${expected.error}, the engine rendered ${JSON.stringify(actual)}`).toBe(true);
    // Helm v4 breaks a nested error over lines ("error calling include:\ntemplate: ..."): compared with spaces.
    const unnamed = (m: string) => {
      const spaced = m.replace(/\s+/g, ' ');
      return c.innermost ? spaced.slice(spaced.lastIndexOf('error calling ')) : spaced;
    };
    const message = unnamed((actual as { error: string }).error);
    // fail and required: Helm prints only their message, after the position.
    const reworded = /execution error at \([^)]*\): (.*)$/s.exec(expected.error);
    if (reworded) expect(message.endsWith(reworded[1]!.trim()), `helm: ${expected.error}\nengine: ${message}`).toBe(true);
    else expect(unnamed(expected.error).endsWith(message), `helm: ${expected.error}\nengine: ${message}`).toBe(true);
  });
});
