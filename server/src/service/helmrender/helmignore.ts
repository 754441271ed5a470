// A chart's .helmignore, as Helm's pkg/ignore reads it: one pattern a line, `#` comments, `!`
// negation, a trailing `/` for directories only, a leading `/` anchoring the pattern at the chart
// root, a pattern without `/` matched against the base name, one with `/` against the whole path,
// each with Go's filepath.Match. `**` is not supported (Helm refuses the file). Helm also adds
// `templates/.?*`: dot-files under templates/ are never templates.

export interface IgnoreRules {
  /** Is the file (or with `dir`, the directory) at this chart-relative path ignored? */
  ignores(path: string, dir: boolean): boolean;
}

interface Rule {
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

/** Parses .helmignore text; bad lines (Helm's errors) are returned and skipped. */
export function parseHelmignore(text: string): { rules: IgnoreRules; errors: string[] } {
  const rules: Rule[] = [];
  const errors: string[] = [];
  for (const raw of [...text.split('\n'), 'templates/.?*']) {
    let rule = raw.trim();
    if (rule === '' || rule.startsWith('#')) continue;
    if (rule.includes('**')) {
      errors.push(`.helmignore: double-star (**) syntax is not supported: ${rule}`);
      continue;
    }
    const negate = rule.startsWith('!');
    if (negate) rule = rule.slice(1);
    const mustDir = rule.endsWith('/');
    if (mustDir) rule = rule.slice(0, -1);
    const glob = goGlob(rule.startsWith('/') ? rule.slice(1) : rule);
    if (!glob) {
      errors.push(`.helmignore: syntax error in pattern: ${raw.trim()}`);
      continue;
    }
    const baseOnly = !rule.includes('/');
    rules.push({ negate, mustDir, match: (p) => glob.test(baseOnly ? p.slice(p.lastIndexOf('/') + 1) : p) });
  }
  return { rules: { ignores: (path, dir) => ignores(rules, path, dir) }, errors };
}

function ignores(rules: readonly Rule[], path: string, dir: boolean): boolean {
  if (path === '' || path === '.' || path === './') return false;
  // By index: this runs for every file of every chart, mostly unoptimised, where for…of
  // allocates for every rule.
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    // A negated rule ignores everything it does not match (Helm's rules.go, kept as it is).
    if (r.negate) {
      if (r.mustDir && !dir) return true;
      if (!r.match(path)) return true;
      continue;
    }
    if (r.mustDir && !dir) continue;
    if (r.match(path)) return true;
  }
  return false;
}

/** Is a file ignored, it or any folder above it (Helm walks the tree and skips ignored folders)? */
export function isIgnored(rules: IgnoreRules, path: string): boolean {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) if (rules.ignores(parts.slice(0, i).join('/'), true)) return true;
  return rules.ignores(path, false);
}

/** Go's filepath.Match pattern as a RegExp over a whole string, or undefined for a malformed pattern. */
export function goGlob(pattern: string): RegExp | undefined {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      re += escape(pattern[++i]!);
    } else if (c === '[') {
      const end = classEnd(pattern, i + 1);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      if (body === '') return undefined;
      re += `[${negated ? '^/' : ''}${body.replace(/\\(.)/g, (_, ch: string) => escape(ch)).replace(/[\]]/g, '\\]')}]`;
      i = end;
    } else re += escape(c);
  }
  try {
    return new RegExp(`^${re}$`, 'u');
  } catch {
    return undefined;
  }
}

function classEnd(pattern: string, from: number): number {
  for (let i = from; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']' && i > from) return i;
  }
  return -1;
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
