// What rendering a chart again can reuse from the last time, for a caller that renders often (the
// server, on every keystroke): the parsed templates, the parsed values.yaml of each chart and the
// unpacked archives in charts/. Each is kept per file (its URI) for the last text or bytes seen,
// so the cache never holds more than one version of a file and an edit replaces its entry.
//
// The cache is an object the caller owns and passes in; nothing here is global. What it hands
// back is never mutated by a render: coalescing copies the defaults before merging (coalesce.ts),
// and parsed trees are only read by the engine. Values read from the user's -f files are not
// cached, since --set writes into them.

import { createHash } from 'node:crypto';
import { Origins, parse, type GoMap, type Origin, type ParseOptions, type ParseResult, type Value } from '../gotemplate/index';
import { readChartArchive, type ArchiveFiles } from './archive';
import { readValues, type YamlValues } from './yamlvalues';

interface CachedValues {
  text: string;
  read: YamlValues;
  /** The origins recorded while reading, replayed into each render's table. */
  origins: [GoMap | Value[], string | number, Origin][];
}

/** An Origins table that also keeps a list of what was recorded. */
class RecordingOrigins extends Origins {
  readonly entries: [GoMap | Value[], string | number, Origin][] = [];

  override set(container: GoMap | Value[], key: string | number, origin: Origin): void {
    super.set(container, key, origin);
    this.entries.push([container, key, origin]);
  }
}

export class RenderCache {
  private readonly values = new Map<string, CachedValues>();
  private readonly templates = new Map<string, { text: string; result: ParseResult }>();
  private readonly archives = new Map<string, { digest: string; files: ArchiveFiles }>();

  /** A chart's values.yaml, read once per text; its origins are recorded into `origins`. */
  readValues(text: string, uri: string, origins: Origins): YamlValues {
    let entry = this.values.get(uri);
    if (!entry || entry.text !== text) {
      const recording = new RecordingOrigins();
      entry = { text, read: readValues(text, uri, recording), origins: recording.entries };
      this.values.set(uri, entry);
    }
    for (const [container, key, origin] of entry.origins) origins.set(container, key, origin);
    return entry.read;
  }

  /**
   * A template text parsed once per text, kept per file and template name (two charts of one name
   * in a workspace do not share). The function names it may call are the library's, which a
   * caller does not change between renders.
   */
  parse(uri: string, name: string, text: string, options: ParseOptions): ParseResult {
    const key = `${uri}\0${name}`;
    const entry = this.templates.get(key);
    if (entry && entry.text === text) return entry.result;
    const result = parse(name, text, options);
    this.templates.set(key, { text, result });
    return result;
  }

  /** An archive unpacked once per content. */
  readArchive(uri: string, bytes: Uint8Array): ArchiveFiles {
    const digest = createHash('sha256').update(bytes).digest('hex');
    const entry = this.archives.get(uri);
    if (entry && entry.digest === digest) return entry.files;
    const files = readChartArchive(bytes);
    this.archives.set(uri, { digest, files });
    return files;
  }
}
