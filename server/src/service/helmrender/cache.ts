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
import { readChartArchive, stripBom, type ArchiveFiles } from './archive';
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

/** How many texts of one file derived() keeps (a template's manifests under a chart's few profiles). */
const DERIVED_PER_FILE = 32;

export class RenderCache {
  private readonly values = new Map<string, CachedValues>();
  private readonly templates = new Map<string, { text: string; result: ParseResult }>();
  /** Parses that succeeded, by text, with the name they were parsed under and how many files hold the text. */
  private readonly byText = new Map<string, { name: string; result: ParseResult; users: number }>();
  private readonly archives = new Map<string, { digest: string; files: ArchiveFiles }>();
  private readonly encoded = new Map<string, { text: string; bytes: Uint8Array }>();
  private readonly decoded = new WeakMap<Uint8Array, string>();
  private readonly decoder = new TextDecoder();
  private readonly derivations = new Map<string, Map<string, unknown>>();

  /**
   * A file the caller holds as text, as the bytes a chart is loaded from (BOM removed): the same
   * bytes while the text stays, so that their decoding (text()) is kept with them.
   */
  encode(uri: string, text: string): Uint8Array {
    const entry = this.encoded.get(uri);
    if (entry && entry.text === text) return entry.bytes;
    const bytes = stripBom(new TextEncoder().encode(text));
    this.encoded.set(uri, { text, bytes });
    return bytes;
  }

  /** Bytes read as UTF-8 text (Go's string(data)), once per bytes. */
  text(bytes: Uint8Array): string {
    let text = this.decoded.get(bytes);
    if (text === undefined) {
      text = this.decoder.decode(bytes);
      this.decoded.set(bytes, text);
    }
    return text;
  }

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
   *
   * The same text under another file (a library chart such as bitnami's common, packaged into
   * every chart that uses it) is parsed once too: the trees are shared and only their names are
   * changed, which is all that differs when a text that parsed without error and never mentions
   * either name is parsed under another name. The engine never changes a tree.
   */
  parse(uri: string, name: string, text: string, options: ParseOptions): ParseResult {
    const key = `${uri}\0${name}`;
    const entry = this.templates.get(key);
    if (entry && entry.text === text) return entry.result;
    if (entry) this.release(entry.text);
    const shared = this.byText.get(text);
    let result: ParseResult;
    if (shared && shared.name === name) result = shared.result;
    else if (shared && !text.includes(shared.name) && !text.includes(name)) result = renamed(shared.result, shared.name, name);
    else result = parse(name, text, options);
    this.templates.set(key, { text, result });
    if (shared) shared.users++;
    else if (!result.error) this.byText.set(text, { name, result, users: 1 });
    return result;
  }

  /** A file no longer holds `text`: the shared parse of it goes when no file does. */
  private release(text: string): void {
    const shared = this.byText.get(text);
    if (shared && --shared.users === 0) this.byText.delete(text);
  }

  /**
   * What a caller makes of one text of a file's rendering (the port model of a manifest), made
   * once per text: a chart rendered again under another profile, or after an edit elsewhere,
   * mostly renders the same manifests. `make` must depend on `uri` and `text` alone, and what it
   * returns is shared, so never changed. A file keeps its last DERIVED_PER_FILE texts.
   */
  derived<T>(uri: string, text: string, make: () => T): T {
    let texts = this.derivations.get(uri);
    if (!texts) this.derivations.set(uri, (texts = new Map()));
    if (texts.has(text)) {
      const value = texts.get(text) as T;
      // Most recently used last.
      texts.delete(text);
      texts.set(text, value);
      return value;
    }
    const value = make();
    texts.set(text, value);
    if (texts.size > DERIVED_PER_FILE) texts.delete(texts.keys().next().value!);
    return value;
  }

  /** An archive unpacked once per content. */
  readArchive(uri: string, bytes: Uint8Array): ArchiveFiles {
    const digest = createHash('sha256').update(bytes).digest('hex');
    const entry = this.archives.get(uri);
    if (entry && entry.digest === digest) return entry.files;
    // The same archive in another chart (a dependency packaged into several) is unpacked once.
    let files: ArchiveFiles | undefined;
    for (const other of this.archives.values()) if (other.digest === digest) files = other.files;
    files ??= readChartArchive(bytes);
    this.archives.set(uri, { digest, files });
    return files;
  }
}

/** A successful parse of a text named `from` as the parse of the same text named `to` (see RenderCache.parse). */
function renamed(result: ParseResult, from: string, to: string): ParseResult {
  return { trees: result.trees.map((tree) => ({ ...tree, name: tree.name === from ? to : tree.name, parseName: to })) };
}
