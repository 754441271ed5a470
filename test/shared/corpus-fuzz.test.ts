// The fuzz over real text: mutations of every ../shared/corpus file under 60 KB (truncation,
// deleted and duplicated lines, swapped characters, inserted bytes), and the largest corpus file
// whole. Same invariants as test/fuzz.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../server/src/service/index';
import { checkInvariants, PROPERTY_RUNS, TIMEOUT_MS } from '../fuzz/generators';
import { sharedPath } from '../support/shared';
import { readWorkspace } from '../support/workspace';

const CORPUS = sharedPath('corpus');
const corpus = readWorkspace(CORPUS).filter((file) => file.text.length < 60_000);

const mutation = fc.tuple(fc.constantFrom(...corpus.map((_, i) => i)), fc.nat(), fc.nat(), fc.constantFrom('truncate', 'delete-line', 'duplicate-line', 'swap', 'insert-bytes'), fc.string({ maxLength: 8 }));

function mutate([index, a, b, how, bytes]: [number, number, number, string, string]): SourceFile {
  const file = corpus[index]!;
  const text = file.text;
  const at = a % (text.length + 1);
  const lines = text.split('\n');
  const line = b % lines.length;
  let mutated: string;
  switch (how) {
    case 'truncate':
      mutated = text.slice(0, at);
      break;
    case 'delete-line':
      lines.splice(line, 1);
      mutated = lines.join('\n');
      break;
    case 'duplicate-line':
      lines.splice(line, 0, lines[line]!);
      mutated = lines.join('\n');
      break;
    case 'swap':
      mutated = text.slice(0, at) + text.slice(at + 1, at + 2) + text.slice(at, at + 1) + text.slice(at + 2);
      break;
    default:
      mutated = text.slice(0, at) + bytes + text.slice(at);
  }
  return { ...file, text: mutated };
}

describe('the engine under fuzzing, on the corpus', { timeout: TIMEOUT_MS }, () => {
  it('survives mutations of the corpus', () => {
    expect(corpus.length).toBeGreaterThan(5);
    fc.assert(fc.property(mutation, (m) => checkInvariants([mutate(m)])), PROPERTY_RUNS);
  });

  it('reads the calico corpus file whole', () => {
    const calico = readFileSync(join(CORPUS, 'projectcalico__calico__manifests__calico-typha.yaml'), 'utf8');
    checkInvariants([{ uri: 'calico.yaml', text: calico }]);
  });
});
