// YAML as Kubernetes reads it. kubectl and helm parse with go-yaml, which is more forgiving than
// the `yaml` package in two ways real files rely on:
// - a lone carriage return ends a line (old Mac line endings);
// - the continuation lines of a multi-line quoted scalar may be indented as little as the line
//   that holds its key, or not at all, as CRDs and kubectl output often have them.
// Both are repaired here in place, one character for one, so every offset into the repaired text
// is the same offset into the file.

import { Lexer } from 'yaml';

/** The lexer's markers that stand for no character of the source. */
const MARKERS = new Set(['\u0002', '\u0018', '\u001f', '\u0003']);

/** Lone CRs become LFs; CRLF stays. */
export function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Joins the lines of quoted scalars that the `yaml` lexer cut at an under-indented continuation
 * line (its line breaks become spaces; go-yaml folds them to one space, which no port field cares
 * about). Returns undefined when there is nothing to repair.
 */
export function joinQuotedScalars(text: string): string | undefined {
  let repaired = text;
  let changed = false;
  // Each repair can uncover the next (a later scalar that the cut had hidden); a file has few.
  for (let round = 0; round < 100; round++) {
    const cut = firstCutQuotedScalar(repaired);
    if (!cut) break;
    const end = closingQuote(repaired, cut.start, cut.quote);
    if (end === undefined) break;
    repaired = repaired.slice(0, cut.start) + repaired.slice(cut.start, end).replace(/[\r\n]/g, ' ') + repaired.slice(end);
    changed = true;
  }
  return changed ? repaired : undefined;
}

/** The first quoted-scalar token that does not end with its closing quote, and where it starts. */
function firstCutQuotedScalar(text: string): { start: number; quote: string } | undefined {
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token.length === 1 && MARKERS.has(token)) continue;
    const quote = token[0];
    if ((quote === '"' || quote === "'") && !endsQuoted(token, quote)) {
      return { start: offset, quote };
    }
    offset += token.length;
  }
  return undefined;
}

function endsQuoted(token: string, quote: string): boolean {
  if (token.length < 2 || !token.endsWith(quote)) return false;
  if (quote === "'") return true;
  // `"a\"` ends with an escaped quote: count the backslashes before it.
  let backslashes = 0;
  for (let i = token.length - 2; i > 0 && token[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** The offset just past the quote that closes the scalar opened at `start`. */
function closingQuote(text: string, start: number, quote: string): number | undefined {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') {
      i++;
      continue;
    }
    if (c === quote) {
      // In single quotes '' is an escaped quote.
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return undefined;
}
