// What rendering a chart again can reuse from the last time, for a caller that renders often (the
// server, on every keystroke): the parsed templates, the parsed values.yaml of each chart, the
// unpacked archives in charts/, each kept per file (its URI) for the last text or bytes seen, so
// that the cache never holds more than one version of a file and an edit replaces its entry; and
// each chart's last render with its defaults, whose templates a render under other values
// reuses where they read the same values (reuse.ts).
//
// The cache is an object the caller owns and passes in; nothing here is global. What it hands
// back is never mutated by a render: coalescing copies the defaults before merging (coalesce.ts),
// and parsed trees are only read by the engine. Values read from the user's -f files are not
// cached, since --set writes into them.

import { createHash } from 'node:crypto';
import { Origins, parse, type GoMap, type Origin, type ParseOptions, type ParseResult, type Value } from '../gotemplate/index';
import { readChartArchive, stripBom, type ArchiveFiles } from './archive';
import { readValues, topLevelEntries, type YamlValues } from './yamlvalues';
import { unmarshalYaml, type YamlTarget } from '../helmfuncs/index';
import type { LoadedChart } from './load';
import type { ChartRender, RenderedTemplate } from './render';

type OriginEntry = [GoMap | Value[], string | number, Origin];

interface CachedValues {
  text: string;
  read: YamlValues;
  /** The origins recorded while reading, replayed into each render's table. */
  origins: OriginEntry[];
  /** The file read top-level entry by entry, when it could be: what the next text can keep of this one. */
  parts?: ValuesPart[];
}

/** One top-level entry of a values file (with the comments after it), read alone. */
interface ValuesPart {
  text: string;
  /** Where it starts in the file. */
  start: number;
  read: YamlValues;
  origins: OriginEntry[];
}

/** An Origins table that also keeps a list of what was recorded. */
class RecordingOrigins extends Origins {
  readonly entries: [GoMap | Value[], string | number, Origin][] = [];

  override set(container: GoMap | Value[], key: string | number, origin: Origin): void {
    super.set(container, key, origin);
    this.entries.push([container, key, origin]);
  }
}

/**
 * A values file read top-level entry by top-level entry, keeping the entries whose text an
 * earlier read of the file had (moved where they now stand): a keystroke in a large values.yaml
 * reads one entry again, not the file. A file that is not a plain map of top-level entries, or
 * whose entries do not read alone without error (an alias to an anchor in another entry), is
 * read whole, as before.
 */
function readByParts(text: string, uri: string, before: readonly ValuesPart[] | undefined): CachedValues {
  const whole = (): CachedValues => {
    const recording = new RecordingOrigins();
    return { text, read: readValues(text, uri, recording), origins: recording.entries };
  };
  const starts = topLevelEntries(text);
  if (!starts || starts.length < 2) return whole();
  const known = new Map(before?.map((part) => [part.text, part]));
  const parts: ValuesPart[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = i === 0 ? 0 : starts[i]!;
    const partText = text.slice(start, starts[i + 1] ?? text.length);
    const old = known.get(partText);
    let part: ValuesPart;
    if (old) part = old.start === start ? old : movedPart(old, start);
    else {
      const recording = new RecordingOrigins();
      part = { text: partText, start, read: readValues(partText, uri, recording, start), origins: recording.entries };
    }
    if (part.read.errors.length > 0) return whole();
    parts.push(part);
  }
  const values: GoMap = new Map();
  const origins: OriginEntry[] = [];
  for (const part of parts) {
    for (const entry of part.origins) {
      // The part's own top level becomes the file's.
      if (entry[0] === part.read.values) origins.push([values, entry[1], entry[2]]);
      else origins.push(entry);
    }
    for (const [key, value] of part.read.values) values.set(key, value);
  }
  return { text, read: { values, errors: [] }, origins, parts };
}

/** A part read before, now at `start`: the same values, their origins moved with it. */
function movedPart(part: ValuesPart, start: number): ValuesPart {
  const delta = start - part.start;
  const move = (span: { start: number; end: number }) => ({ start: span.start + delta, end: span.end + delta });
  const origins = part.origins.map(([container, key, origin]): OriginEntry => [container, key, { ...origin, span: move(origin.span), ...(origin.value ? { value: move(origin.value) } : {}) }]);
  return { ...part, start, origins };
}

/** How many characters of fromYaml's texts readYaml() keeps the readings of. */
const MAX_YAML_TEXTS = 32 * 1024 * 1024;

/** A value fromYaml made (maps, lists and scalars), copied. */
function copied(value: Value): Value {
  if (value instanceof Map) {
    const map: GoMap = new Map();
    // forEach: unoptimised, for…of over a Map allocates for every entry (see coalesce.ts).
    value.forEach((v, k) => map.set(k, copied(v)));
    return map;
  }
  if (Array.isArray(value)) return value.map(copied);
  return value;
}

/** How many texts of one file derived() keeps (a template's manifests under a chart's few profiles). */
const DERIVED_PER_FILE = 32;

/**
 * What one cache lends the next: a thread that renders chart after chart, each with a cache of
 * its own (a worker's jobs, ../charts/jobs.ts), reads a library chart or a subchart packaged into
 * many of them (bitnami's common, redis, postgresql) once: the archive unpacked and its files
 * decoded, its template parses, and its values.yaml read (parses and values only when read
 * without error; an archive's errors name no place, and go with it). Each shelf keeps what was
 * most recently lent, up to `maxLength` characters (or bytes) of it; one entry of more than an
 * eighth of that (a chart's CRDs as one template) is not kept: it would push out the many small
 * files that are what charts share (on the real corpus, 400 template texts of 1.2 MB in all were
 * lent 1,600 times, and a third of the values read were a subchart's read before).
 */
export class ParseLibrary {
  readonly parses: Shelf<{ name: string; result: ParseResult }>;
  /** A values file read under `uri`, lent to a file of the same text elsewhere with its origins moved there. */
  readonly values: Shelf<{ uri: string; entry: CachedValues }>;
  /**
   * Archives unpacked, by the SHA-256 of their bytes: four times the others' bound, since a
   * subchart archive is larger than any one text yet shared as often (on the real corpus, bitnami's
   * postgresql packaged into 12 charts unpacks to 0.6 MB, over the others' eighth: unpacked each
   * time with that bound, ~4% more of a check's time on one thread).
   */
  readonly archives: Shelf<ArchiveFiles>;
  /** Bytes decoded to text, for every cache of the thread (the same archive's files are the same bytes). */
  readonly decoded = new WeakMap<Uint8Array, string>();

  constructor(maxLength = 4 * 1024 * 1024) {
    this.parses = new Shelf(maxLength);
    this.values = new Shelf(maxLength);
    this.archives = new Shelf(4 * maxLength);
  }
}

/** Entries by key (a text, a digest), the most recently used last; see ParseLibrary for the bound. */
class Shelf<T> {
  private readonly byKey = new Map<string, { entry: T; size: number }>();
  private size = 0;

  constructor(private readonly maxSize: number) {}

  get(key: string): T | undefined {
    const known = this.byKey.get(key);
    if (known === undefined) return undefined;
    this.byKey.delete(key);
    this.byKey.set(key, known);
    return known.entry;
  }

  /** `size`: what the entry weighs, the key's length unless said. */
  add(key: string, entry: T, size = key.length): void {
    if (this.byKey.has(key) || size > this.maxSize / 8) return;
    this.byKey.set(key, { entry, size });
    this.size += size;
    for (const [oldest, { size: weight }] of this.byKey) {
      if (this.size <= this.maxSize) break;
      this.byKey.delete(oldest);
      this.size -= weight;
    }
  }
}

export class RenderCache {
  private readonly values = new Map<string, CachedValues>();
  /** The values maps of every reading this cache took (see lentValues). */
  private readonly valuesHeld = new WeakSet<GoMap>();
  private readonly templates = new Map<string, { text: string; result: ParseResult }>();
  /** Parses that succeeded, by text, with the name they were parsed under and how many files hold the text. */
  private readonly byText = new Map<string, { name: string; result: ParseResult; users: number }>();
  private readonly archives = new Map<string, { digest: string; files: ArchiveFiles }>();
  private readonly encoded = new Map<string, { text: string; bytes: Uint8Array }>();
  private readonly decoded: WeakMap<Uint8Array, string>;
  private readonly decoder = new TextDecoder();
  private readonly derivations = new Map<string, Map<string, unknown>>();
  private readonly renders = new Map<string, ChartRender>();
  private readonly models = new WeakMap<RenderedTemplate, unknown>();
  /** fromYaml's texts, most recently used last, with their total length. */
  private readonly yamlTexts = new Map<string, { value: Value; error?: string }>();
  private yamlLength = 0;

  /** `library`: what this cache shares with other caches of this thread (see ParseLibrary). */
  constructor(private readonly library?: ParseLibrary) {
    this.decoded = library?.decoded ?? new WeakMap();
  }

  /**
   * fromYaml's reading of a text, once per text while it is among the last ones read (a chart's
   * `.Files.Get "crds/x.yaml" | fromYaml` in every render): a fresh copy each time, since a
   * template may change what it got.
   */
  readYaml(text: string, target: YamlTarget): { value: Value; error?: string } {
    const key = `${target}\0${text}`;
    let read = this.yamlTexts.get(key);
    if (read) this.yamlTexts.delete(key);
    else {
      read = unmarshalYaml(text, target);
      this.yamlLength += key.length;
      while (this.yamlLength > MAX_YAML_TEXTS && this.yamlTexts.size > 0) {
        const [oldest] = this.yamlTexts.keys();
        this.yamlTexts.delete(oldest!);
        this.yamlLength -= oldest!.length;
      }
    }
    this.yamlTexts.set(key, read);
    return { ...read, value: copied(read.value) };
  }

  /**
   * What a caller makes of a rendered template (its port model), once per rendering: a template
   * a later render takes over unchanged (reuse.ts) is the same object. What `make` returns is
   * shared, so never changed.
   */
  templateModel<T>(template: RenderedTemplate, make: () => T): T {
    if (this.models.has(template)) return this.models.get(template) as T;
    const made = make();
    this.models.set(template, made);
    return made;
  }
  private readonly loads = new Map<string, { bytes: ReadonlyMap<string, Uint8Array>; chart: LoadedChart }>();

  /** A chart's last load (load.ts), by its Chart.yaml's URI: the files it was loaded from and the result. */
  lastLoad(key: string): { bytes: ReadonlyMap<string, Uint8Array>; chart: LoadedChart } | undefined {
    return this.loads.get(key);
  }

  keepLoad(key: string, load: { bytes: ReadonlyMap<string, Uint8Array>; chart: LoadedChart }): void {
    this.loads.set(key, load);
  }

  /** A chart's last render with its default values, which a later render reuses templates of (reuse.ts). */
  lastRender(root: string): ChartRender | undefined {
    return this.renders.get(root);
  }

  /** Keeps a render for lastRender(), or forgets the chart's with undefined. */
  keepRender(root: string, render: ChartRender | undefined): void {
    if (render) this.renders.set(root, render);
    else this.renders.delete(root);
  }

  /**
   * A file the caller holds as text, as the bytes a chart is loaded from (BOM removed): the same
   * bytes while the text stays, so that their decoding (text()) is kept with them.
   */
  encode(uri: string, text: string): Uint8Array {
    const entry = this.encoded.get(uri);
    if (entry && entry.text === text) return entry.bytes;
    const bytes = stripBom(new TextEncoder().encode(text));
    this.encoded.set(uri, { text, bytes });
    // Their decoding is the text without its byte order mark (unless it holds surrogates, which a
    // lone one would not survive).
    if (!/[\uD800-\uDFFF]/.test(text)) this.decoded.set(bytes, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
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
      entry = this.lentValues(text, uri) ?? readByParts(text, uri, entry?.parts);
      this.values.set(uri, entry);
      this.valuesHeld.add(entry.read.values);
      if (entry.read.errors.length === 0) this.library?.values.add(text, { uri, entry });
    }
    for (const [container, key, origin] of entry.origins) origins.set(container, key, origin);
    return entry.read;
  }

  /**
   * The library's reading of a values file of this text read under another URI, with its origins
   * moved to `uri`. Never one whose values this cache already holds: two files sharing the same
   * maps in one render would have one file's origins only.
   */
  private lentValues(text: string, uri: string): CachedValues | undefined {
    const lent = this.library?.values.get(text);
    if (!lent || this.valuesHeld.has(lent.entry.read.values)) return undefined;
    if (lent.uri === uri) return lent.entry;
    const origins = lent.entry.origins.map(([container, key, origin]): OriginEntry => [container, key, { ...origin, uri }]);
    return { text, read: lent.entry.read, origins };
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
    const known = shared ?? this.library?.parses.get(text);
    let result: ParseResult;
    if (known && known.name === name) result = known.result;
    else if (known && !text.includes(known.name) && !text.includes(name)) result = renamed(known.result, known.name, name);
    else result = parse(name, text, options);
    this.templates.set(key, { text, result });
    if (shared) shared.users++;
    else if (!result.error) {
      this.byText.set(text, { name, result, users: 1 });
      this.library?.parses.add(text, { name, result });
    }
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
    files ??= this.library?.archives.get(digest);
    if (!files) {
      files = readChartArchive(bytes);
      let unpacked = 0;
      for (const data of files.files.values()) unpacked += data.length;
      this.library?.archives.add(digest, files, unpacked);
    }
    this.archives.set(uri, { digest, files });
    return files;
  }
}

/** A successful parse of a text named `from` as the parse of the same text named `to` (see RenderCache.parse). */
function renamed(result: ParseResult, from: string, to: string): ParseResult {
  return { trees: result.trees.map((tree) => ({ ...tree, name: tree.name === from ? to : tree.name, parseName: to })) };
}
