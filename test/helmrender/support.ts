// Helpers for the chart renderer's tests: a chart from a record of files, a render with Go's
// builtins only (the function library is another module's, tested on its own), and Go values as
// plain JSON for comparing with what helm prints with toJson.

import { gzipSync } from 'node:zlib';
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

/** A .tgz of files, as `helm package` writes one: a ustar archive with every path under `top/`, gzipped. */
export function tgz(top: string, files: Record<string, string>): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [path, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(`${top}/${path}`, 0, 100);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\u000000', 257);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
