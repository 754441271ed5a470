// A file as read from disk: its bytes kept, its text decoded the first time it is asked for.

import { describe, expect, it } from 'vitest';
import { sourceFileOf } from '../server/src/service/files';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('a file read from disk', () => {
  it('keeps UTF-8 bytes as read and decodes them once, without the byte order mark, as the renderer does', () => {
    const read = bytes([0xef, 0xbb, 0xbf], 'kind: Pod # café\n');
    const { file, utf8 } = sourceFileOf('pod.yaml', read);
    expect(utf8).toBe(true);
    expect(file.bytes).toBe(read);
    expect(file.text).toBe('kind: Pod # café\n');
    expect(file.text).toBe(file.text);
    // A copy is the text: one with another text renders that text, not the bytes read.
    expect({ ...file }).toEqual({ uri: 'pod.yaml', text: 'kind: Pod # café\n' });
    expect({ ...file, text: 'kind: Service\n' }.bytes).toBeUndefined();
  });

  it('says when the bytes are not UTF-8, and reads them as Go prints them: U+FFFD for each bad byte', () => {
    const { file, utf8 } = sourceFileOf('latin1.yaml', bytes('name: caf', [0xe9], '\n'));
    expect(utf8).toBe(false);
    expect(file.text).toBe('name: caf\uFFFD\n');
    // These bytes are the content: a copy keeps them.
    expect({ ...file }.bytes).toBe(file.bytes);
    expect(sourceFileOf('chart.tgz', bytes([0x1f, 0x8b, 0x08, 0x00])).utf8).toBe(false);
  });
});
