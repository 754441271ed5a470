// The layers of STYLE.md, as imports: the language service knows nothing of the editor, the
// protocol, the disk or the terminal; the LSP edge and the command line share only the service.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', 'server', 'src');

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

function offending(folder: string, forbidden: RegExp): string[] {
  return sources(join(SRC, folder)).flatMap((file) => importsOf(file).filter((spec) => forbidden.test(spec)).map((spec) => `${relative(SRC, file)} imports ${spec}`));
}

describe('the layers', () => {
  it('keep the language service free of the editor, the protocol, the disk and the process', () => {
    expect(offending('service', /^(vscode|vscode-languageserver|vscode-languageclient|node:fs|fs|node:child_process|node:process)(\/|$)|\.\.\/(lsp|cli)\//)).toEqual([]);
  });

  it('keep the LSP edge and the command line apart: what both need is in the service', () => {
    expect(offending('lsp', /\/cli\//)).toEqual([]);
    expect(offending('cli', /\/lsp\/|^vscode-languageserver(\/|$)/)).toEqual([]);
  });

  it('keep the launchers to Node.js itself: they run before the bundle they load, and carry none of it', () => {
    expect(offending('launch', /^(?!node:|\.\/)/)).toEqual([]);
  });
});
