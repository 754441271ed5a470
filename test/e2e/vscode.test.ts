// VS Code itself (code-server 4.100.3, VS Code 1.100.3) in headless Chromium, with the packaged
// .vsix installed, on a workspace in restricted mode: open a manifest, see a squiggle and its
// message in the Problems panel, see the cluster it assumes (its cluster file, and a DaemonSet it
// detected) in the status bar, see that a catalog the workspace's settings name is not read,
// hover a containerPort and read the hover, complete after `containerPort: ` and see a catalog port
// with what it is beside it, and type `containerPort:` to see the list open on the colon and the
// accepted port bring its space.
// The hover's screenshot is kept in artifacts/e2e/. `npm run e2e:setup` installs what it needs.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFile } from './prerequisites';

const ROOT = join(__dirname, '..', '..');
const CODE_SERVER = process.env.CODE_SERVER ?? join(ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'artifacts', 'e2e');

const tmp = mkdtempSync(join(tmpdir(), 'portolan-vscode-'));
const dirs = Object.fromEntries(['ext', 'data', 'ws', 'cfg', 'browser', 'outside'].map((d) => [d, join(tmp, d)])) as Record<'ext' | 'data' | 'ws' | 'cfg' | 'browser' | 'outside', string>;
let codeServer: ChildProcess | undefined;
let browser: BrowserContext | undefined;
let page: Page;

const ACME_CATALOG = {
  platform: 'acme',
  title: 'ACME',
  entries: [{ port: 9411, protocol: 'TCP', component: 'acme-agent', usage: 'tracing', source: 'https://example.com/acme/ports', where: { node: { roles: ['all'], interface: 'all' } } }],
};

const ACME_AGENT = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: tracer
spec:
  selector:
    matchLabels:
      app: tracer
  template:
    metadata:
      labels:
        app: tracer
    spec:
      containers:
        - name: tracer
          image: example.com/tracer:1.0
          ports:
            - containerPort: 9411
              hostPort: 9411
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  requireFile(CODE_SERVER, 'code-server 4.100.3 (VS Code 1.100.3)');
  requireFile(CHROMIUM, 'Chromium');
  Object.values(dirs).forEach((d) => mkdirSync(d, { recursive: true }));
  mkdirSync(ARTIFACTS, { recursive: true });

  // The extension as users get it: the packaged .vsix, installed offline.
  const vsix = join(tmp, 'portolan.vsix');
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: ROOT, stdio: 'pipe' });
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.cfg };
  const csArgs = ['--extensions-dir', dirs.ext, '--user-data-dir', dirs.data];
  execFileSync(CODE_SERVER, [...csArgs, '--install-extension', vsix, '--force'], { env, stdio: 'pipe' });

  cpSync(join(ROOT, 'examples', 'node-agents.yaml'), join(dirs.ws, 'node-agents.yaml'));
  cpSync(join(ROOT, 'examples', 'metrics-agent.yaml'), join(dirs.ws, 'metrics-agent.yaml'));
  // The cluster the examples are written for, as the workspace's cluster file (its $schema, a
  // path inside the repository, is the extension's to give here).
  const { $schema: _, ...cluster } = JSON.parse(readFileSync(join(ROOT, 'examples', '.portolan.json'), 'utf8'));
  writeFileSync(join(dirs.ws, '.portolan.json'), JSON.stringify(cluster, null, 2));
  // The workspace is opened in restricted mode, and its settings name a catalog outside it that
  // reserves 9411, where acme-agent.yaml binds: VS Code must not hand that setting over.
  writeFileSync(join(dirs.outside, 'ports.json'), JSON.stringify(ACME_CATALOG));
  writeFileSync(join(dirs.ws, 'acme-agent.yaml'), ACME_AGENT);
  mkdirSync(join(dirs.ws, '.vscode'), { recursive: true });
  writeFileSync(join(dirs.ws, '.vscode', 'settings.json'), JSON.stringify({ 'portolan.catalogs': [join(dirs.outside, 'ports.json')] }));
  mkdirSync(join(dirs.data, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.data, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      // Restricted mode, without the prompt or banner that would cover the editor.
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'editor.hover.delay': 100,
      'window.restoreWindows': 'none',
      ...(process.env.PORTOLAN_E2E_TRACE ? { 'portolan.trace.server': 'verbose' } : {}),
    }),
  );

  const port = await freePort();
  // Its own process group, so the extension host and the language server end with it.
  codeServer = spawn(
    CODE_SERVER,
    [...csArgs, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', dirs.ws],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const log = createWriteStream(join(ARTIFACTS, 'code-server.log'));
  codeServer.stdout!.pipe(log);
  codeServer.stderr!.pipe(log);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 600) throw new Error('code-server did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }

  browser = await chromium.launchPersistentContext(dirs.browser, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, XDG_CONFIG_HOME: dirs.cfg },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}/?folder=${encodeURIComponent(dirs.ws)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.getByRole('treeitem', { name: /node-agents\.yaml/ }).dblclick();
  await editor().locator('.view-line', { hasText: 'apiVersion' }).first().waitFor();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  if (codeServer?.pid) {
    const exited = new Promise((resolve) => codeServer!.once('exit', resolve));
    try {
      process.kill(-codeServer.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await exited;
  }
  if (!process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
});

function editor() {
  return page.locator('.editor-instance .monaco-editor').first();
}

describe('Portolan in VS Code', () => {
  it('squiggles a reserved hostPort and lists it in the Problems panel', async () => {
    await editor().locator('.squiggly-error').first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'hostPort 9099/TCP collides' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('calico-node');
    await page.keyboard.press('Control+Shift+M');
  });

  it('shows the cluster it assumes in the status bar: the cluster file, and what the workspace shows', async () => {
    const item = page.locator('.statusbar-item', { hasText: 'Portolan:' }).first();
    await item.waitFor();
    expect(await item.innerText()).toContain('kubernetes + calico + kgateway + dcgm-exporter 3.3.5 (detected)');
  });

  it('reads no catalog that the settings of a workspace in restricted mode name', async () => {
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    // Catalogs are loaded before the workspace is indexed: once node-agents.yaml's findings are
    // listed, a finding from the withheld catalog would be listed too.
    await rows.filter({ hasText: 'hostPort 9099/TCP collides' }).first().waitFor();
    expect(await rows.filter({ hasText: '9411' }).count()).toBe(0);
    await page.keyboard.press('Control+Shift+M');
  });

  it('explains a containerPort on hover', async () => {
    const line = editor().locator('.view-line', { hasText: 'containerPort: 2020' }).first();
    const token = line.locator('span span', { hasText: '2020' }).first();
    const hover = page.locator('.monaco-hover', { hasText: 'containerPort 2020/TCP' }).first();
    for (let i = 0; i < 30 && !(await hover.isVisible()); i++) {
      await page.mouse.move(5, 5);
      await token.hover();
      await hover.waitFor({ timeout: 1000 }).catch(() => undefined);
    }
    const text = await hover.innerText();
    await page.screenshot({ path: join(ARTIFACTS, 'hover.png') });
    expect(text).toContain('named http');
    expect(text).toContain('hostPort 9099');
  });

  it('completes a catalog port after containerPort:', async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    // The editor renders only the lines in view: go to the line instead of looking for it.
    const line = readFileSync(join(dirs.ws, 'node-agents.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('containerPort: 9533')) + 1;
    await editor().locator('.view-line').first().click();
    await page.keyboard.press('Control+G');
    const quickInput = page.locator('.quick-input-widget input');
    await quickInput.waitFor();
    await quickInput.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.keyboard.press('End');
    // Clear the value, as one would to pick another port: `containerPort: ` and the cursor.
    for (let i = 0; i < '9533'.length; i++) await page.keyboard.press('Backspace');
    await editor().locator('.view-line', { hasText: /containerPort:\s*$/ }).first().waitFor();
    // Ask until the list shows: the first request may race the server's view of the edit.
    const widget = page.locator('.suggest-widget.visible');
    for (let i = 0; i < 10 && !(await widget.isVisible()); i++) {
      await page.keyboard.press('Control+Space');
      await widget.waitFor({ timeout: 3000 }).catch(() => undefined);
    }
    // The list shows the well-known ports first; typing narrows it to the catalog's 102xx ports.
    await page.keyboard.type('102');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: '10250' }).first();
    await item.waitFor({ timeout: 15_000 }).catch(async (error) => {
      await page.screenshot({ path: join(ARTIFACTS, 'completion-failure.png') });
      throw error;
    });
    await page.screenshot({ path: join(ARTIFACTS, 'completion.png') });
    // The row itself says what the port is (its labelDetails), not only the side panel.
    expect(await item.innerText()).toMatch(/10250[\s\S]*kubelet/);
  });

  it('opens the list on the colon, and the accepted port comes with its space', async () => {
    await page.keyboard.press('Escape');
    const line = readFileSync(join(dirs.ws, 'node-agents.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('containerPort: 24225')) + 1;
    await page.keyboard.press('Control+G');
    const quickInput = page.locator('.quick-input-widget input');
    await quickInput.waitFor();
    await quickInput.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.keyboard.press('End');
    // Back to the bare key, then the colon as a user types it: no Ctrl+Space.
    for (let i = 0; i < ': 24225'.length; i++) await page.keyboard.press('Backspace');
    await editor().locator('.view-line', { hasText: /containerPort$/ }).first().waitFor();
    await page.keyboard.type(':');
    await page.locator('.suggest-widget.visible').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'completion-on-colon.png') });
    await page.keyboard.press('Enter');
    // `containerPort:80` would be one string to YAML; the item brings the space.
    await editor()
      // The editor renders a space as a no-break space: \s matches both, and no digit.
      .locator('.view-line', { hasText: /containerPort:\s\d+\s*$/ })
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(async (error) => {
        await page.screenshot({ path: join(ARTIFACTS, 'completion-on-colon-failure.png') });
        throw error;
      });
  });
});
