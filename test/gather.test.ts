// Findings gathered by file again and again: a file whose findings are the same objects keeps its
// list (the very array, which the server recognises without comparing), and only the files whose
// findings came or went are listed again.

import { describe, expect, it } from 'vitest';
import { emptyGathering, regather } from '../server/src/service/gather';
import type { Diagnostic } from '../server/src/service/types';

const finding = (uri: string, start: number): Diagnostic => ({ rule: 'host-port-conflict', uri, span: { start, end: start + 4 }, message: `at ${start}`, related: [], severity: 'error' });

describe('gathering findings by file', () => {
  const a1 = finding('a.yaml', 10);
  const a2 = finding('a.yaml', 2);
  const b1 = finding('b.yaml', 5);
  const c1 = finding('c.yaml', 7);
  const listed: string[] = [];
  const list = (uri: string, found: Diagnostic[]) => {
    listed.push(uri);
    return [...found].sort((x, y) => x.span.start - y.span.start);
  };
  const shown = (d: Diagnostic) => (d.uri === 'hidden.yaml' ? undefined : d);

  it('lists each file once, then again only the files whose findings came or went', () => {
    const first = regather(emptyGathering(), [a1, b1, a2, finding('hidden.yaml', 1)], shown, list);
    expect([...first.byUri.keys()].sort()).toEqual(['a.yaml', 'b.yaml']);
    expect(first.byUri.get('a.yaml')).toEqual([a2, a1]);
    expect(listed.splice(0)).toEqual(['a.yaml', 'b.yaml']);

    const aList = first.byUri.get('a.yaml');
    const same = regather(first, [b1, a1, a2], shown, list);
    expect(listed.splice(0)).toEqual([]);
    expect(same.byUri.get('a.yaml')).toBe(aList);

    const added = regather(same, [a1, a2, b1, c1], shown, list);
    expect(listed.splice(0)).toEqual(['c.yaml']);
    expect(added.byUri.get('a.yaml')).toBe(aList);

    // b.yaml has no findings left: it is no longer listed at all.
    const gone = regather(added, [a1, c1], shown, list);
    expect(listed.splice(0)).toEqual(['a.yaml']);
    expect([...gone.byUri.keys()].sort()).toEqual(['a.yaml', 'c.yaml']);
    expect(gone.byUri.get('a.yaml')).toEqual([a1]);

    // A finding replaced by an equal one that is another object: its file is listed again.
    const replaced = regather(gone, [finding('a.yaml', 10), c1], shown, list);
    expect(listed.splice(0)).toEqual(['a.yaml']);
    expect(replaced.byUri.get('a.yaml')).toEqual([a1]);
  });
});
