// Portolan's language server: LSP glue around the language service. Runs with --stdio (any LSP
// editor) or node IPC (the VS Code client). Each handler finds the document, asks the service,
// and converts offsets to positions.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toLspCodeAction, toLspCompletion, toLspHover } from './lsp/convert';
import { guardedNotification, guardedRequest } from './lsp/guard';
import { Session } from './lsp/session';
import { decodeFile, type FileContent } from './service/index';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
// The rules' documentation is the README beside the bundle: README.md in a clone, readme.md in
// an installed .vsix (vsce stores it under that name).
const readme = ['README.md', 'readme.md'].map((name) => path.join(__dirname, '..', name)).find((file) => existsSync(file));
const session = new Session(connection, documents, readme ? `${pathToFileURL(readme).href}#rules` : undefined);

let pullsConfiguration = false;
let reportsProgress = false;

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullsConfiguration = capabilities.workspace?.configuration === true;
  reportsProgress = capabilities.window?.workDoneProgress === true;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  session.setFolders(folders);
  // The VS Code client says whether the workspace is trusted; other editors have no such notion.
  session.setTrusted((params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [':', ' '] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      definitionProvider: true,
      referencesProvider: true,
    },
    serverInfo: { name: 'portolan' },
  };
});

connection.onInitialized(guardedNotification(connection.console, 'initialized', async () => {
  if (pullsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'portolan' });
  await session.configure(await pullConfiguration());
  await index();
}));

/** Reads the workspace's manifests, showing cancellable progress where the editor can. */
async function index(): Promise<void> {
  const progress = reportsProgress ? await connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('Portolan: indexing manifests', 0, undefined, true);
  const count = await session.index(progress ?? { begin() {}, report() {}, done() {} }, () => progress?.token.isCancellationRequested === true);
  progress?.done();
  connection.console.info(`Portolan indexed ${count} manifests`);
}

async function pullConfiguration(): Promise<unknown> {
  if (!pullsConfiguration) return {};
  return connection.workspace.getConfiguration('portolan');
}

connection.onDidChangeConfiguration(guardedNotification(connection.console, 'didChangeConfiguration', async (change) => {
  // Clients that cannot be asked push the settings instead.
  const pushed = (change.settings as { portolan?: unknown } | undefined)?.portolan;
  const filesChanged = await session.configure(pullsConfiguration ? await pullConfiguration() : pushed);
  if (filesChanged) await index();
}));

documents.onDidChangeContent(guardedNotification(connection.console, 'didChange', ({ document }) => session.documentChanged(document)));
documents.onDidClose(guardedNotification(connection.console, 'didClose', ({ document }) => session.documentClosed(document.uri, readIfPresent)));

connection.onDidChangeWatchedFiles(guardedNotification(connection.console, 'didChangeWatchedFiles', async ({ changes }) => {
  for (const change of changes) {
    const file = session.pathOf(change.uri);
    await session.fileChanged(change.uri, change.type === FileChangeType.Deleted || !file ? undefined : await readIfPresent(file));
  }
  session.publish();
}));

connection.onNotification(
  'portolan/workspaceTrusted',
  // Settings that VS Code's restricted mode withheld (restrictedConfigurations) are given now:
  // ask again rather than apply what was pulled before trust.
  guardedNotification(connection.console, 'workspaceTrusted', async () => session.trust(pullsConfiguration ? await pullConfiguration() : undefined)),
);

connection.onHover(guardedRequest(connection.console, 'hover', ({ textDocument, position }) => {
  const offset = session.positions.offset(textDocument.uri, position);
  const hover = offset === undefined ? undefined : session.workspace.hover(textDocument.uri, offset);
  return hover ? toLspHover(textDocument.uri, hover, session.positions) : null;
}));

connection.onCompletion(guardedRequest(connection.console, 'completion', ({ textDocument, position }) => {
  const offset = session.positions.offset(textDocument.uri, position);
  const list = offset === undefined ? undefined : session.workspace.complete(textDocument.uri, offset);
  return list ? { isIncomplete: false, items: list.items.map((item) => toLspCompletion(textDocument.uri, item, session.positions)) } : null;
}));

connection.onCodeAction(guardedRequest(connection.console, 'codeAction', ({ textDocument, range }) => {
  const start = session.positions.offset(textDocument.uri, range.start);
  const end = session.positions.offset(textDocument.uri, range.end);
  if (start === undefined || end === undefined) return [];
  return session.workspace.codeActions(textDocument.uri, { start, end }).map((action) => toLspCodeAction(action, session.positions, session.rulesDoc));
}));

connection.onDefinition(guardedRequest(connection.console, 'definition', ({ textDocument, position }) => {
  const offset = session.positions.offset(textDocument.uri, position);
  const found = offset === undefined ? [] : session.workspace.definition(textDocument.uri, offset);
  return found.map((location) => ({ uri: location.uri, range: session.positions.range(location.uri, location.span) }));
}));

connection.onReferences(guardedRequest(connection.console, 'references', ({ textDocument, position }) => {
  const offset = session.positions.offset(textDocument.uri, position);
  const found = offset === undefined ? [] : session.workspace.references(textDocument.uri, offset);
  return found.map((location) => ({ uri: location.uri, range: session.positions.range(location.uri, location.span) }));
}));

async function readIfPresent(file: string): Promise<FileContent | undefined> {
  try {
    return decodeFile(await readFile(file));
  } catch {
    return undefined;
  }
}

// The last line of defence: whatever escapes a handler is logged, and the server goes on.
process.on('uncaughtException', (error) => connection.console.error(`Portolan: unexpected error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Portolan: unexpected rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
