// A chart's named templates (`{{ define "name" }} … {{ end }}`, mostly in templates/_helpers.tpl).
// Those whose body prints a single expression and nothing else reduce `include "name" .` to that
// expression; the others stay unknown.

const DEFINE = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}([\s\S]*?)\{\{-?\s*end\s*-?\}\}/g;
const SINGLE_ACTION = /^\s*\{\{-?\s*([\s\S]*?)\s*-?\}\}\s*$/;

export function parseHelpers(text: string): Map<string, string> {
  const helpers = new Map<string, string>();
  for (const [, name, body] of text.matchAll(DEFINE)) {
    // A body with blocks of its own (if, with, range) does not end at the first `end`: skip it.
    if (/\{\{-?\s*(if|with|range|define)\b/.test(body!)) continue;
    const single = SINGLE_ACTION.exec(body!);
    if (single && !single[1]!.includes('{{')) helpers.set(name!, single[1]!);
  }
  return helpers;
}

/** Files that hold a chart's named templates rather than manifests. */
export function isHelperFile(uri: string): boolean {
  return uri.endsWith('.tpl');
}
