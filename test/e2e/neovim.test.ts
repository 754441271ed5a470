// Neovim, an LSP client nobody here wrote, against the real server: diagnostics arrive, a
// containerPort hovers with its explanation, completion after `containerPort: ` offers catalog
// ports. Needs `nvim` (Debian's neovim; `npm run e2e:setup` installs it).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireCommand } from './prerequisites';

const ROOT = join(__dirname, '..', '..');

const manifest = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-shipper
spec:
  selector:
    matchLabels:
      app: log-shipper
  template:
    metadata:
      labels:
        app: log-shipper
    spec:
      containers:
        - name: shipper
          image: fluent/fluent-bit:3.1
          ports:
            - name: http
              containerPort: 2020
              hostPort: 10250
            - name: metrics
              containerPort: 
`;

beforeAll(() => requireCommand('nvim', 'Neovim'));

function positionOf(text: string, needle: string, extra = 0): { line: number; character: number } {
  const offset = text.indexOf(needle) + extra;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('Neovim as the LSP client', () => {
  it('shows the finding, the hover and the completion', () => {
    const folder = mkdtempSync(join(tmpdir(), 'portolan-nvim-'));
    const file = join(folder, 'agent.yaml');
    writeFileSync(file, manifest);
    const hover = positionOf(manifest, '2020');
    const complete = positionOf(manifest, 'containerPort: \n', 'containerPort: '.length);
    const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(__dirname, 'nvim_lsp.lua')}`], {
      cwd: folder,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        XDG_CONFIG_HOME: folder,
        XDG_STATE_HOME: folder,
        XDG_DATA_HOME: folder,
        LSP_SERVER: join(ROOT, 'dist', 'server.js'),
        TEST_FILE: file,
        HOVER_LINE: String(hover.line),
        HOVER_CHAR: String(hover.character),
        COMPLETE_LINE: String(complete.line),
        COMPLETE_CHAR: String(complete.character),
      },
    });
    expect(run.error).toBeUndefined();
    const lines = run.stdout.split('\n');
    expect(lines).toContain('DONE');
    const hostPort = positionOf(manifest, '10250');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^DIAG ${hostPort.line}:${hostPort.character} host-port-reserved hostPort 10250/TCP collides`)));
    expect(lines).toContainEqual(expect.stringMatching(/^HOVER \*\*Port 2020\/TCP.* \*\*containerPort 2020\/TCP\*\* named `http`/));
    expect(lines).toContainEqual(expect.stringMatching(/^COMPLETION 10250 .*kubelet/));
  });
});

describe("the README's Neovim configuration", () => {
  it('starts the server for a YAML file and shows its findings', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- neovim-config -->\n```lua\n([\s\S]*?)```\n<!-- \/neovim-config -->/.exec(readme)?.[1];
    expect(block, 'README.md holds the Neovim configuration between its markers').toBeDefined();
    const folder = mkdtempSync(join(tmpdir(), 'portolan-nvim-readme-'));
    const init = join(folder, 'init.lua');
    writeFileSync(init, block!.replace('/path/to/portolan/dist/server.js', join(ROOT, 'dist', 'server.js')));
    const file = join(folder, 'agent.yaml');
    writeFileSync(file, manifest);
    // What a user would look at: the diagnostics of the buffer, once the server has sent them.
    const check = [
      'vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 20)',
      "for _, d in ipairs(vim.diagnostic.get(0)) do io.stdout:write('DIAG ' .. d.message .. '\\n') end",
      "vim.cmd('qa!')",
    ].join(' ');
    const run = spawnSync('nvim', ['--headless', '-u', init, '-c', `lua ${check}`, file], {
      cwd: folder,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, XDG_CONFIG_HOME: folder, XDG_STATE_HOME: folder, XDG_DATA_HOME: folder },
    });
    expect(run.error).toBeUndefined();
    expect(run.stdout).toContain('DIAG hostPort 10250/TCP collides');
  });
});
