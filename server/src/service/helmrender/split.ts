// A rendered template split into manifests as Helm's releaseutil.SplitManifests splits it: the
// output trimmed, cut at every `---` that starts the text or follows a newline (with the white
// space around it), each piece trimmed, empty pieces dropped. Each document keeps its offsets
// in the template's output, so the source map still applies to it.

export interface SplitDocument {
  /** The document's text, as Helm hands it on. */
  text: string;
  /** Its offsets in the template's output. */
  start: number;
  end: number;
}

/** Go's \s: [\t\n\f\r ] (JS's is wider). */
function isGoSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

/**
 * Where Helm's separator `(?:^|\s*\n)---\s*` matches, leftmost first and without overlap, as
 * Go's FindAll finds it. Found from each `---` rather than by the expression: on the long runs
 * of indentation of a big rendered CRD, backtracking over `\s*\n` at every space is slow.
 */
function separators(body: string): [number, number][] {
  const found: [number, number][] = [];
  let lastEnd = 0;
  for (let at = body.indexOf('---'); at !== -1; ) {
    let start = -1;
    if (at === 0) start = 0;
    else if (at - 1 >= lastEnd && body.charCodeAt(at - 1) === 0x0a) {
      // The match starts where the white space before that newline starts (not before the last match's end).
      start = at - 1;
      while (start > lastEnd && isGoSpace(body.charCodeAt(start - 1))) start--;
    }
    if (start === -1) {
      at = body.indexOf('---', at + 1);
      continue;
    }
    let end = at + 3;
    while (end < body.length && isGoSpace(body.charCodeAt(end))) end++;
    found.push([start, end]);
    lastEnd = end;
    at = body.indexOf('---', end);
  }
  return found;
}

/** Go's strings.TrimSpace bounds of text[from, to). */
function trimBounds(text: string, from: number, to: number): [number, number] {
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  return [from, to];
}

/** unicode.IsSpace. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

export function splitManifests(output: string): SplitDocument[] {
  const [from, to] = trimBounds(output, 0, output.length);
  const body = output.slice(from, to);
  const docs: SplitDocument[] = [];
  let at = 0;
  const push = (a: number, b: number) => {
    const [s, e] = trimBounds(body, a, b);
    if (e > s) docs.push({ text: body.slice(s, e), start: from + s, end: from + e });
  };
  for (const [start, end] of separators(body)) {
    push(at, start);
    at = end;
  }
  push(at, body.length);
  return docs;
}
