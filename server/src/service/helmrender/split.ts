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

// Go's \s is [\t\n\f\r ]; JS's is wider.
const SPACE = '[\\t\\n\\f\\r ]';
const SEPARATOR = new RegExp(`(?:^|${SPACE}*\\n)---${SPACE}*`, 'g');

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
  for (const m of body.matchAll(SEPARATOR)) {
    push(at, m.index);
    at = m.index + m[0].length;
  }
  push(at, body.length);
  return docs;
}
