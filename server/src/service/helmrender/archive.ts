// A chart archive (`.tgz`, as `helm package` and `helm dependency build` leave them in charts/)
// read into its files, as Helm's loader.LoadArchive does: gunzip, read the tar, keep regular
// files only, drop the archive's top folder (`redis/templates/x.yaml` is `templates/x.yaml`),
// refuse absolute paths and paths that climb out of it.
//
// The tar is read with node-tar's Parser (npm's own tar implementation), fed the whole buffer at
// once: its streams are synchronous, so the loader stays a plain function. tar-stream, the other
// well-kept reader, only works asynchronously (streamx), which would make every caller async.

import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';

export interface ArchiveFiles {
  /** Chart-relative path (the top folder removed) to bytes. */
  files: Map<string, Uint8Array>;
  /** The archive's top folder: the chart's name as packaged. */
  top?: string;
  errors: string[];
}

/** Reads a chart archive. Never throws: a corrupt archive gives an error and what could be read. */
export function readChartArchive(bytes: Uint8Array): ArchiveFiles {
  const files = new Map<string, Uint8Array>();
  const errors: string[] = [];
  let top: string | undefined;
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(bytes);
  } catch (e) {
    return { files, errors: [`not a gzip archive: ${(e as Error).message}`] };
  }
  const parser = new Parser({
    strict: false,
    onwarn: (_code: string, message: string | Error) => errors.push(String(message instanceof Error ? message.message : message)),
    onReadEntry: (entry: ReadEntry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') return;
        const name = chartPath(entry.path);
        if ('error' in name) {
          errors.push(name.error);
          return;
        }
        top ??= name.top;
        files.set(name.path, stripBom(Buffer.concat(chunks)));
      });
    },
  });
  try {
    parser.end(tarBytes);
  } catch (e) {
    errors.push(`unreadable tar: ${(e as Error).message}`);
  }
  return { files, ...(top !== undefined ? { top } : {}), errors };
}

/** Helm's path rules for archive entries: Windows separators normalised, top folder dropped, path.Clean'd. */
function chartPath(raw: string): { path: string; top: string } | { error: string } {
  const delimiter = raw.includes('\\') ? '\\' : '/';
  const parts = raw.split(delimiter);
  const rest = parts.slice(1).join('/');
  if (rest.startsWith('/')) return { error: `chart illegally contains absolute paths: ${raw}` };
  const clean = cleanPath(rest);
  if (clean === '.') return { error: `chart illegally contains content outside the base directory: ${JSON.stringify(raw)}` };
  if (clean.startsWith('..')) return { error: `chart illegally references parent directory: ${raw}` };
  return { path: clean, top: parts[0]! };
}

/** Go's path.Clean for a relative path. */
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.length ? out.join('/') : '.';
}

const BOM = [0xef, 0xbb, 0xbf];

/** Helm drops a UTF-8 byte-order mark from every file it loads. */
export function stripBom(data: Uint8Array): Uint8Array {
  return data.length >= 3 && data[0] === BOM[0] && data[1] === BOM[1] && data[2] === BOM[2] ? data.subarray(3) : data;
}
