// Fixtures are real-looking manifests. An expected finding is a comment under the line it
// belongs to, with carets under the exact range and the rule id (and, optionally, words its
// message must contain):
//
//           hostPort: 10250
//   #                 ^^^^^ host-port-reserved: kubelet
//
// A fixture is one .yaml file or a folder of them (a multi-file workspace; a folder with a
// Chart.yaml is a Helm chart). A first-line comment `# settings: {...}` overrides settings.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { RuleId, Settings, SourceFile } from '../../server/src/service/index';

export interface Expectation {
  uri: string;
  rule: RuleId;
  start: number;
  end: number;
  /** Words the message must contain. */
  text?: string;
  /** The annotation, for readable failures: `web.yaml:12 host-port-reserved`. */
  where: string;
}

export interface Fixture {
  name: string;
  files: SourceFile[];
  expected: Expectation[];
  settings: Partial<Settings>;
}

const ANNOTATION = /^(\s*#\s*?)(\^+)\s+([a-z-]+)(?::\s*(.*))?$/;

/** Reads the expectations of one file's text. */
export function annotationsOf(uri: string, text: string): Expectation[] {
  const expected: Expectation[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let target: { offset: number; line: number } | undefined;
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (match && target) {
      const column = match[1]!.length;
      expected.push({
        uri,
        rule: match[3] as RuleId,
        start: target.offset + column,
        end: target.offset + column + match[2]!.length,
        text: match[4]?.trim() || undefined,
        where: `${uri}:${index + 1} ${match[3]}`,
      });
    } else {
      target = { offset, line: index };
    }
    offset += line.length + 1;
  });
  return expected;
}

export function loadFixture(path: string, root: string): Fixture {
  const files = statSync(path).isDirectory() ? walk(path) : [path];
  const base = statSync(path).isDirectory() ? path : dirname(path);
  // Every file, as the checker reads a chart's (helpers, files/); findings are written beside YAML lines.
  const sources = files.map((file): SourceFile => ({ uri: relative(base, file), text: readFileSync(file, 'utf8') }));
  const first = sources[0]?.text.split('\n', 1)[0] ?? '';
  const settingsMatch = /^\s*#\s*settings:\s*(\{.*\})\s*$/.exec(first);
  return {
    name: relative(root, path),
    files: sources,
    expected: sources.filter((file) => /\.ya?ml$/.test(file.uri)).flatMap((file) => annotationsOf(file.uri, file.text)),
    settings: settingsMatch ? (JSON.parse(settingsMatch[1]!) as Partial<Settings>) : {},
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

/** Every fixture under a folder: each .yaml file directly in a rule folder, and each sub-folder. */
export function fixturesUnder(root: string): string[] {
  return readdirSync(root)
    .sort()
    .flatMap((group) => {
      const dir = join(root, group);
      if (!statSync(dir).isDirectory()) return [];
      return readdirSync(dir)
        .sort()
        .map((name) => join(dir, name))
        .filter((path) => statSync(path).isDirectory() || /\.ya?ml$/.test(path));
    });
}
