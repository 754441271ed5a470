// A minimal LSP client for protocol tests: spawns the real bundled server (`dist/server.js
// --stdio`), answers what a server asks of an editor (configuration, progress tokens,
// registrations, messages), and lets tests wait for notifications without sleeping.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');
// Only ends a wait that would never end: everything here waits for a notification, not for time.
const TIMEOUT_MS = 60_000;

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly progress: unknown[] = [];
  readonly messages: { type: number; message: string }[] = [];
  /** What the server logged (the output channel's lines). */
  readonly logs: string[] = [];
  /** Each `portolan/cluster` the server sent: the cluster it assumes. */
  readonly clusters: { label: string; tooltip: string; file?: string; problems: number; components: { platform: string; version?: string }[] }[] = [];
  /** What `workspace/configuration` answers for `portolan`. */
  configuration: Record<string, unknown> = {};
  /** Cancel the server's progress as soon as it begins. */
  cancelProgress = false;
  private readonly waiters: Waiter[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly root: string,
    private readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.settle();
    });
    connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string } }) => {
      this.progress.push(params);
      // As a user pressing Cancel on the progress notification the moment it shows.
      if (this.cancelProgress && params.value.kind === 'begin') void connection.sendNotification('window/workDoneProgress/cancel', { token: params.token });
      this.settle();
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.messages.push(params);
      this.settle();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.settle();
    });
    connection.onNotification('portolan/cluster', (params: TestClient['clusters'][number]) => {
      this.clusters.push(params);
      this.settle();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => this.configuration));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      this.messages.push(params);
      this.settle();
      return null;
    });
  }

  /** Writes the files into a new folder and starts a server on it; `configuration` is what it pulls. */
  static async start(files: Record<string, string>, configuration: Record<string, unknown> = {}, options: { cancelProgress?: boolean; initializationOptions?: unknown; server?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TestClient> {
    const root = mkdtempSync(join(tmpdir(), 'portolan-lsp-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    const child = spawn(process.execPath, [options.server ?? SERVER, '--stdio'], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(root, child, connection);
    client.configuration = configuration;
    client.cancelProgress = options.cancelProgress === true;
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'test' }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: false } },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          hover: { contentFormat: ['markdown'] },
          completion: { completionItem: { snippetSupport: false } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** The server's process id, for memory readings. */
  get pid(): number {
    return this.process.pid!;
  }

  uri(name: string): string {
    return pathToFileURL(join(this.root, name)).href;
  }

  /** Resolves when `check` holds after some notification, or rejects after a while with `what`. */
  waitFor(what: string, check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { check, resolve };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify([...this.diagnostics].map(([u, d]) => [u, d.map((x) => x.code)]))}`));
      }, TIMEOUT_MS);
      waiter.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits until the server has indexed the workspace (its progress has ended). */
  indexed(): Promise<void> {
    return this.waitFor('indexing to end', () => this.progress.some((p) => (p as { value?: { kind?: string } }).value?.kind === 'end'));
  }

  /** Waits until a file's diagnostics, as rule ids, are exactly these (none published counts as none). */
  waitForRules(name: string, rules: string[]): Promise<void> {
    const uri = this.uri(name);
    const sorted = [...rules].sort();
    return this.waitFor(`${name} to show ${sorted.join(', ') || 'nothing'}`, () => {
      const found = this.diagnostics.get(uri) ?? [];
      return JSON.stringify(found.map((d) => String(d.code)).sort()) === JSON.stringify(sorted);
    });
  }

  async open(name: string, text: string): Promise<void> {
    this.versions.set(name, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(name), languageId: 'yaml', version: 1, text } });
  }

  /** An incremental change: replace the range with text. */
  async change(name: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<void> {
    const version = (this.versions.get(name) ?? 1) + 1;
    this.versions.set(name, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri(name), version },
      contentChanges: [{ range, text }],
    });
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  private settle(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}

/** A text with a `$0` cursor: the text without it, and the cursor's 0-based line and character. */
export function cursor(marked: string): { text: string; position: { line: number; character: number } } {
  const offset = marked.indexOf('$0');
  if (offset === -1) throw new Error('no $0 cursor');
  const before = marked.slice(0, offset).split('\n');
  return { text: marked.slice(0, offset) + marked.slice(offset + 2), position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}
