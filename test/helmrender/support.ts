// Helpers for the chart renderer's tests: a chart from a record of files, a render with Go's
// builtins only (the function library is another module's, tested on its own), and Go values as
// plain JSON for comparing with what helm prints with toJson.

import type { GoMap, Value } from '../../server/src/service/gotemplate/index';
import { loadChart, renderChart, type ChartRender, type LoadedChart, type RenderOptions } from '../../server/src/service/helmrender/index';

export function chartFrom(files: Record<string, string | Uint8Array>): LoadedChart {
  return loadChart(new Map(Object.entries(files)), { uri: (p) => `/chart/${p}` });
}

/** Renders with the engine's builtins and a toYaml that is only JSON (enough where no test reads its format). */
export function render(files: Record<string, string | Uint8Array>, options: Partial<RenderOptions> = {}): ChartRender {
  return renderChart(chartFrom(files), {
    release: { name: 'rel', namespace: 'ns' },
    library: { functions: () => new Map(), toYaml: (v) => JSON.stringify(toJson(v)) },
    ...options,
  });
}

/** A Go value as JSON (what toJson prints, parsed back). */
export function toJson(v: Value | undefined): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Map) return Object.fromEntries([...(v as GoMap)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, toJson(x)]));
  if (typeof v === 'object') return String(v);
  return v;
}
