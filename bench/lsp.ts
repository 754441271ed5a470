// A bare LSP driver for the benchmark: starts a language server over stdio, opens one file, and
// times each incremental edit from `didChange` to the `publishDiagnostics` for that version.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';

export interface Server {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the next diagnostics published for `uri` with `version` (or any version when the server omits it). */
  nextDiagnostics(uri: string, version?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(command: string[], root: string, settings: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env): Promise<{ server: Server; initializeMs: number }> {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting: { uri: string; version?: number; resolve: () => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number }) => {
    for (const waiter of [...waiting]) {
      if (waiter.uri === params.uri && (waiter.version === undefined || params.version === undefined || params.version >= waiter.version)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => settings[item.section ?? ''] ?? null));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.onNotification('$/progress', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  const initializeMs = performance.now() - started;
  await connection.sendNotification('initialized', {});
  const server: Server = {
    connection,
    process: child,
    nextDiagnostics: (uri, version) => new Promise((resolve) => waiting.push({ uri, version, resolve })),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      await exited;
      connection.dispose();
    },
  };
  return { server, initializeMs };
}

/** Peak resident memory of a process so far, in MB (Linux). */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * Opens `text` and makes `edits` single-character edits, one at a time, on the line of a
 * `containerPort` near the middle; returns the latency of each, in milliseconds.
 */
export async function keystrokes(server: Server, uri: string, text: string, edits: number): Promise<number[]> {
  const opened = server.nextDiagnostics(uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  const lines = text.split('\n');
  const line = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('containerPort:'));
  const column = lines[line]!.length - 1;
  const latencies: number[] = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    // Alternate the last digit of the port, so every edit changes what the rules see.
    const digit = String(i % 10);
    const published = server.nextDiagnostics(uri, version);
    const started = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: column }, end: { line, character: column + 1 } }, text: digit }],
    });
    await published;
    latencies.push(performance.now() - started);
  }
  return latencies;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
