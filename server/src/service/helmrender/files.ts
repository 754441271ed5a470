// `.Files`, Helm's engine.files (pkg/engine/files.go): a map of a chart's files (path to bytes)
// with methods. Get gives the text, GetBytes the bytes ([]byte, printed as Go prints them: a list
// of numbers), Glob a narrower `.Files` (gobwas/glob with `/` as separator: `*` stays within a
// folder, `**` crosses them, `?`, `[…]`, `{a,b}`; a pattern that does not compile matches
// everything), Lines the lines without the last newline, AsConfig and AsSecrets a YAML map of base
// names to text or base64 (Helm's toYAML, without its last newline).
//
// Ranging over `.Files.Glob` gives each path with its content; the content is held as text here
// (Go has []byte), which is what every chart does with it (`$.Files.Get $path`, `toString`).

import { GoStruct, type GoCallable, type GoMap, type Value } from '../gotemplate/index';
import { fileText, type ChartFile } from './load';

/** Helm's toYAML of a map of strings, provided by the caller (the function library's YAML writer). */
export type ToYaml = (v: Value) => string;

/** The `.Files` value of a chart. */
export function filesObject(files: readonly ChartFile[], toYaml: ToYaml): GoStruct {
  const byName = new Map<string, ChartFile>();
  for (const f of files) byName.set(f.name, f);
  return filesValue(byName, toYaml);
}

function filesValue(files: ReadonlyMap<string, ChartFile>, toYaml: ToYaml): GoStruct {
  const text = (name: string): string => {
    const file = files.get(name);
    return file ? fileText(file) : '';
  };
  const underlying: GoMap = new Map([...files.keys()].map((name) => [name, text(name)] as const));
  const baseNames = (encode: (data: Uint8Array, name: string) => string): GoMap => {
    const m: GoMap = new Map();
    // Later paths with the same base name win, in Go's random map order; sorted here so a render repeats.
    for (const name of [...files.keys()].sort()) m.set(name.slice(name.lastIndexOf('/') + 1), encode(files.get(name)!.data, name));
    return m;
  };
  const method = (arity: number, call: (args: Value[]) => Value): GoCallable => ({ arity, call });
  const methods = new Map<string, GoCallable>([
    ['Get', method(1, ([name]) => text(String(name)))],
    ['GetBytes', method(1, ([name]) => [...(files.get(String(name))?.data ?? [])].map((b) => BigInt(b)))],
    [
      'Glob',
      method(1, ([pattern]) => {
        const g = compileGlob(String(pattern)) ?? /^.*$/su;
        return filesValue(new Map([...files].filter(([name]) => g.test(name))), toYaml);
      }),
    ],
    [
      'Lines',
      method(1, ([name]) => {
        const data = files.get(String(name));
        if (!data) return [];
        let s = text(String(name));
        if (s.endsWith('\n')) s = s.slice(0, -1);
        return s.split('\n');
      }),
    ],
    // An empty .Files is still a map in Go (never nil here), so these give "{}".
    ['AsConfig', method(0, () => trimNewline(toYaml(baseNames((_, name) => text(name)))))],
    ['AsSecrets', method(0, () => trimNewline(toYaml(baseNames((data) => Buffer.from(data).toString('base64')))))],
  ]);
  return new GoStruct('engine.files', new Map(), methods, underlying);
}

function trimNewline(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

/** gobwas/glob with '/' as the separator, as a RegExp; undefined when it does not compile. */
export function compileGlob(pattern: string): RegExp | undefined {
  let re = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      re += escapeRe(pattern[++i]!);
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('!');
      if (negated) body = body.slice(1);
      re += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else re += escapeRe(c);
  }
  if (depth !== 0) return undefined;
  try {
    return new RegExp(`^${re}$`, 'su');
  } catch {
    return undefined;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
