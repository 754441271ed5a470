// A handler that throws is logged and answered with an error; the server goes on.

import { ResponseError } from 'vscode-languageserver/node';
import { describe, expect, it } from 'vitest';
import { guardedNotification, guardedRequest } from '../../server/src/lsp/guard';

function recorder() {
  const logged: string[] = [];
  return { log: { error: (message: string) => logged.push(message) }, logged };
}

describe('guarded handlers', () => {
  it('answer an error response when a request handler throws, and log it', async () => {
    const { log, logged } = recorder();
    const hover = guardedRequest(log, 'hover', (): string => {
      throw new Error('broken model');
    });
    await expect(hover()).rejects.toBeInstanceOf(ResponseError);
    await expect(hover()).rejects.toThrow('Portolan: hover failed: broken model');
    expect(logged[0]).toContain('Portolan: hover failed: Error: broken model');
  });

  it('log a notification handler that throws, and return normally', async () => {
    const { log, logged } = recorder();
    const changed = guardedNotification(log, 'didChange', async () => {
      throw new TypeError('nope');
    });
    await expect(changed()).resolves.toBeUndefined();
    expect(logged).toHaveLength(1);
  });

  it('pass answers through', async () => {
    const { log } = recorder();
    expect(await guardedRequest(log, 'hover', (x: number) => x + 1)(1)).toBe(2);
  });
});
