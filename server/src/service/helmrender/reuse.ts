// Which templates of a chart's earlier render stand for this render's, so that only what an edit
// can change is executed again: a keystroke in values.yaml, or the chart rendered under a ci/
// values file after its defaults. A template's output is a function of its text, the chart's
// other texts and files, and the values it reads; when the texts and files are the same, a
// template whose reads give the same values gives the same output.
//
// What a template reads is logged while it runs (gotemplate/reads.ts): every key looked up in a
// values map (compared shallowly: there or not, a map or a list, the same scalar), every values
// map or list used whole (compared deeply), and `.` itself used whole (which stands for
// everything). Values maps are known by identity: each is registered at every place it stands
// under each chart's `.Values` (a subchart's block is also under its parent's). A map packed
// into a dict or list (for a helper) is followed through it. A template that changes values in
// place (`set .Values …`) makes the render unusable as a base, since a template left out would
// not make its change for the ones after it.

import { GoInt, type GoMap, type Origin, type Origins, type ReadLog, type Value } from '../gotemplate/index';

/** A place in the values: a chart's scope (its path in the chart tree) and the keys from its `.Values`. */
interface Place {
  scope: string;
  path: (string | number)[];
}

/** A place a template read, with a key naming it (the same for the same place in every template). */
interface ReadPlace extends Place {
  id: string;
}

/** What one template read of the values. */
export interface TemplateReads {
  /** It used something that stands for every value (`.`, handed whole to a function). */
  all: boolean;
  /** Keys looked up. */
  keys: ReadPlace[];
  /** Maps and lists used whole. */
  wholes: ReadPlace[];
}

/** The `.Values` of each chart of a render, by the chart's path (`app`, `app/charts/sub`). */
export type ScopeValues = ReadonlyMap<string, GoMap>;

/**
 * Where a values map or list stands: its parent's place and its key there (a chain, so that
 * registering a tree costs one small object per container, and a path is spelled only for what
 * a template read).
 */
interface Node {
  scope: string;
  parent: Node | undefined;
  key: string | number | undefined;
  /** The path, once spelled. */
  path?: (string | number)[];
  /** A key naming the place, once spelled. */
  id?: string;
}

function pathOf(node: Node): (string | number)[] {
  if (!node.path) node.path = node.parent ? [...pathOf(node.parent), node.key!] : [];
  return node.path;
}

function idOf(node: Node): string {
  if (node.id === undefined) node.id = placeKey(node.scope, pathOf(node));
  return node.id;
}

/** A ReadLog over one render's values, collecting the reads of one template at a time. */
export class ValuesLog implements ReadLog {
  /** Where each values map and list stands: the same for every render of the same values. */
  private readonly places: WeakMap<object, Node[]>;
  private readonly contexts = new WeakSet<object>();
  private readonly bags = new WeakMap<object, Value[]>();
  /** Whether a template changed a values map or a chart's `.` in place. */
  mutated = false;
  private all = false;
  /** Keys looked up, by the place of the container they were looked up in. */
  private keys = new Map<Node, Set<string | number>>();
  private wholes = new Set<Node>();

  /**
   * `contexts`: each chart's `.`; `scopes`: each chart's `.Values`. `before`: the log of an
   * earlier render, whose places stand when this render has the very same values objects (a
   * template edit shares the values of the render before): registering a large chart's values
   * again would be a millisecond of every keystroke.
   */
  constructor(
    private readonly scopes: ScopeValues,
    contexts: readonly GoMap[],
    before?: ValuesLog,
  ) {
    for (const context of contexts) this.contexts.add(context);
    if (before && sameScopes(before.scopes, scopes)) {
      this.places = before.places;
      return;
    }
    this.places = new WeakMap();
    for (const [scope, values] of scopes) this.register(values, { scope, parent: undefined, key: undefined }, new Set());
  }

  private register(value: Value, node: Node, onPath: Set<object>): void {
    // A YAML alias can make a map hold itself.
    if (onPath.has(value as object)) return;
    const places = this.places.get(value as object);
    if (places) places.push(node);
    else this.places.set(value as object, [node]);
    onPath.add(value as object);
    const scope = node.scope;
    if (value instanceof Map) {
      // forEach: unoptimised, for…of over a Map allocates for every entry (see coalesce.ts).
      value.forEach((v, k) => {
        if (v instanceof Map || Array.isArray(v)) this.register(v, { scope, parent: node, key: k }, onPath);
      });
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i]!;
        if (v instanceof Map || Array.isArray(v)) this.register(v, { scope, parent: node, key: i }, onPath);
      }
    }
    onPath.delete(value as object);
  }

  /** Starts logging a template's reads. */
  begin(): void {
    this.all = false;
    this.keys = new Map();
    this.wholes = new Set();
  }

  /** The reads of the template since begin(). */
  end(): TemplateReads {
    const keys: ReadPlace[] = [];
    for (const [node, names] of this.keys) {
      for (const name of names) {
        const path = [...pathOf(node), name];
        keys.push({ scope: node.scope, path, id: placeKey(node.scope, path) });
      }
    }
    const wholes = [...this.wholes].map((node): ReadPlace => ({ scope: node.scope, path: pathOf(node), id: idOf(node) }));
    return { all: this.all, keys, wholes };
  }

  key(container: Value, key: string | number): void {
    if (container === null || typeof container !== 'object') return;
    const places = this.places.get(container);
    if (!places) return;
    for (const node of places) {
      const names = this.keys.get(node);
      if (names) names.add(key);
      else this.keys.set(node, new Set([key]));
    }
  }

  whole(value: Value): void {
    this.wholeOf(value, 0);
  }

  private wholeOf(value: Value, depth: number): void {
    if (value === null || typeof value !== 'object' || this.all) return;
    const places = this.places.get(value);
    if (places) {
      for (const node of places) this.wholes.add(node);
      return;
    }
    if (this.contexts.has(value)) {
      this.all = true;
      return;
    }
    const members = this.bags.get(value);
    // A dict of dicts of … deeper than this is read as everything rather than followed.
    if (members && depth > 64) this.all = true;
    else if (members) for (const member of members) this.wholeOf(member, depth + 1);
  }

  changed(container: Value): void {
    if (container !== null && typeof container === 'object' && (this.places.has(container) || this.contexts.has(container))) this.mutated = true;
  }

  holds(into: Value, held: readonly Value[]): void {
    if (into === null || typeof into !== 'object') return;
    const kept = held.filter((v) => v !== null && typeof v === 'object');
    if (kept.length === 0) return;
    const members = this.bags.get(into);
    if (members) members.push(...kept);
    else this.bags.set(into, [...kept]);
  }
}

/** Whether two renders' scopes are the same values objects under the same names. */
function sameScopes(a: ScopeValues, b: ScopeValues): boolean {
  if (a.size !== b.size) return false;
  for (const [scope, values] of a) if (b.get(scope) !== values) return false;
  return true;
}

function placeKey(scope: string, path: readonly (string | number)[]): string {
  return `${scope}\0${path.join('\0')}`;
}

const ABSENT = Symbol('absent');

/** The value at a place, or ABSENT; with the container that holds it, for its origin. */
function at(scopes: ScopeValues, place: Place): { value: Value | typeof ABSENT; parent?: GoMap | Value[]; key?: string | number } {
  let value: Value | typeof ABSENT = scopes.get(place.scope) ?? ABSENT;
  let parent: GoMap | Value[] | undefined;
  let key: string | number | undefined;
  for (const step of place.path) {
    if (value instanceof Map && typeof step === 'string') {
      parent = value;
      key = step;
      value = value.has(step) ? value.get(step)! : ABSENT;
    } else if (Array.isArray(value) && typeof step === 'number') {
      parent = value;
      key = step;
      value = step < value.length ? value[step]! : ABSENT;
    } else return { value: ABSENT };
  }
  return { value, ...(parent ? { parent, key: key! } : {}) };
}

function containerType(v: Value): string | undefined {
  if (v instanceof Map) return `map:${'typeName' in v ? String(v.typeName) : ''}`;
  if (Array.isArray(v)) return `list:${'typeName' in v ? String((v as { typeName?: unknown }).typeName) : ''}`;
  return undefined;
}

function sameScalar(a: Value, b: Value): boolean {
  if (a instanceof GoInt && b instanceof GoInt) return a.typeName === b.typeName && a.value === b.value;
  return typeof a === typeof b && a === b;
}

/**
 * Compares an earlier render's values with this render's at the places a template read, and
 * collects how the origins of what it read moved (a values.yaml edited above them, a value now
 * given by another file), so that its output's source map can be carried over.
 */
export class ReadsComparison {
  private readonly keysMemo = new Map<string, boolean>();
  private readonly wholesMemo = new Map<string, boolean>();
  /** Origins of the earlier render's values → this render's, at the places compared so far. */
  readonly moved = new Map<Origin, Origin>();

  /**
   * `unchanged`: the values were read from the same texts (an edit of a template): every read
   * gives what it gave, and the origins are those read before (or equal to them).
   */
  constructor(
    private readonly before: { scopes: ScopeValues; origins: Origins },
    private readonly after: { scopes: ScopeValues; origins: Origins },
    private readonly unchanged = false,
  ) {}

  same(reads: TemplateReads): boolean {
    if (reads.all) return false;
    if (this.unchanged) return true;
    for (const place of reads.keys) if (!this.compare(place, false)) return false;
    for (const place of reads.wholes) if (!this.compare(place, true)) return false;
    return true;
  }

  /** Each place is compared once, however many templates read it. */
  private compare(place: ReadPlace, whole: boolean): boolean {
    const memo = whole ? this.wholesMemo : this.keysMemo;
    const known = memo.get(place.id);
    if (known !== undefined) return known;
    const a = at(this.before.scopes, place);
    const b = at(this.after.scopes, place);
    const same = a.value === ABSENT || b.value === ABSENT ? a.value === b.value : whole ? this.deepSame(a.value, b.value, 0) : this.shallowSame(a.value, b.value);
    if (same && a.parent && b.parent) this.move(a.parent, b.parent, a.key!);
    memo.set(place.id, same);
    return same;
  }

  private shallowSame(a: Value, b: Value): boolean {
    const type = containerType(a);
    return type !== undefined ? type === containerType(b) : sameScalar(a, b);
  }

  private deepSame(a: Value, b: Value, depth: number): boolean {
    if (depth > 200) return false;
    if (a instanceof Map && b instanceof Map) {
      if (containerType(a) !== containerType(b) || a.size !== b.size) return false;
      for (const [k, v] of a) {
        if (!b.has(k) || !this.deepSame(v, b.get(k)!, depth + 1)) return false;
        this.move(a, b, k);
      }
      return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (containerType(a) !== containerType(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) {
        if (!this.deepSame(a[i]!, b[i]!, depth + 1)) return false;
        this.move(a, b, i);
      }
      return true;
    }
    return sameScalar(a, b);
  }

  private move(before: GoMap | Value[], after: GoMap | Value[], key: string | number): void {
    const from = this.before.origins.get(before, key);
    const to = this.after.origins.get(after, key);
    if (from && to && from !== to) this.moved.set(from, to);
  }
}
