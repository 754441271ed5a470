// Findings gathered by file again and again: a source (a file's rules, a group of the cross-file
// rules) that hands over the very same list is not looked at, a file whose findings are the same
// objects keeps its list (the very array, which the server recognises without comparing), and
// only the files whose findings came or went are listed again.

import { describe, expect, it } from 'vitest';
import { Gathering } from '../server/src/service/gather';
import type { Diagnostic } from '../server/src/service/types';

const finding = (uri: string, start: number): Diagnostic => ({ rule: 'host-port-conflict', uri, span: { start, end: start + 4 }, message: `at ${start}`, related: [], severity: 'error' });

describe('gathering findings by file', () => {
  const a1 = finding('a.yaml', 10);
  const a2 = finding('a.yaml', 2);
  const b1 = finding('b.yaml', 5);
  const c1 = finding('c.yaml', 7);
  const hidden = finding('hidden.yaml', 1);

  function gathering() {
    const listed: string[] = [];
    const shown = (d: Diagnostic) => (d.uri === 'hidden.yaml' ? undefined : d);
    const list = (uri: string, found: Diagnostic[]) => {
      listed.push(uri);
      return [...found].sort((x, y) => x.span.start - y.span.start);
    };
    return { g: new Gathering(shown, list), listed };
  }

  it('lists each file once, then again only the files whose findings came or went', () => {
    const { g, listed } = gathering();
    const fileA = [a1, a2];
    g.set('a', fileA);
    g.set('b', [b1, hidden]);
    const first = g.gathered();
    expect([...first.keys()].sort()).toEqual(['a.yaml', 'b.yaml']);
    expect(first.get('a.yaml')).toEqual([a2, a1]);
    expect(listed.splice(0).sort()).toEqual(['a.yaml', 'b.yaml']);

    const aList = first.get('a.yaml');
    g.set('a', fileA);
    g.set('b', [hidden, b1]); // another list, the same findings
    expect(g.gathered().get('a.yaml')).toBe(aList);
    expect(listed.splice(0)).toEqual([]);

    g.set('c', [c1]);
    expect(g.gathered().get('a.yaml')).toBe(aList);
    expect(listed.splice(0)).toEqual(['c.yaml']);

    // b.yaml has no findings left: it is no longer listed at all.
    g.set('b', []);
    g.set('a', [a1]);
    const gone = g.gathered();
    expect(listed.splice(0)).toEqual(['a.yaml']);
    expect([...gone.keys()].sort()).toEqual(['a.yaml', 'c.yaml']);
    expect(gone.get('a.yaml')).toEqual([a1]);

    // A finding replaced by an equal one that is another object: its file is listed again.
    g.set('a', [finding('a.yaml', 10)]);
    expect(g.gathered().get('a.yaml')).toEqual([a1]);
    expect(listed.splice(0)).toEqual(['a.yaml']);
  });

  it('counts a finding two sources hold until both let go of it', () => {
    const { g } = gathering();
    g.set('one', [c1]);
    g.set('two', [c1]);
    expect(g.gathered().get('c.yaml')).toEqual([c1, c1]);
    g.set('one', []);
    expect(g.gathered().get('c.yaml')).toEqual([c1]);
    g.set('two', []);
    expect(g.gathered().has('c.yaml')).toBe(false);
  });

  it('tells which files the tracked sources changed, and what they hold there', () => {
    const { g } = gathering();
    g.set('a', [a1, a2]);
    g.set('elsewhere', [b1], false);
    expect([...g.takeTouched()]).toEqual(['a.yaml']);
    expect(g.findingsOn('a.yaml')).toEqual([a1, a2]);
    expect(g.findingsOn('b.yaml')).toEqual([]);
    g.set('a', [a1, a2].slice());
    expect([...g.takeTouched()]).toEqual([]);
    g.set('a', [a2]);
    expect([...g.takeTouched()]).toEqual(['a.yaml']);
    expect(g.findingsOn('a.yaml')).toEqual([a2]);
  });
});
