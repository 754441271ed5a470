// The VS Code side of Portolan: it starts the language server and gets out of the way. Every
// check, hover and completion happens in the server, so the command line, the server and any
// other editor see exactly the same findings; nothing here knows what a port is.

import { window, workspace, commands, MarkdownString, StatusBarAlignment, Uri, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  // One channel for the client's and the server's log; `portolan.trace.server` adds the LSP
  // traffic to it. A log channel so the user can pick the level from the Output view.
  const output = window.createOutputChannel('Portolan', { log: true });
  context.subscriptions.push(output);

  // The server is bundled next to this file, so the extension needs no node_modules at runtime.
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };

  // Collisions cross files: the server keeps a model of every manifest in the workspace, so it
  // must hear about files changed on disk (a git checkout, another editor), not only open ones.
  // Chart.yaml decides whether a folder's templates/ are read as Helm templates.
  // The cluster file (.portolan.json, .portolan.yaml) describes the cluster the checks assume.
  const watchers = [workspace.createFileSystemWatcher('**/*.{yaml,yml,tpl,tgz}'), workspace.createFileSystemWatcher('**/Chart.yaml'), workspace.createFileSystemWatcher('**/.portolan.json')];
  context.subscriptions.push(...watchers);

  const clientOptions: LanguageClientOptions = {
    // `helm` is the language id the Helm extensions give to chart templates; untitled documents
    // are checked too, so a manifest pasted into a new tab gets findings before it is saved.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'helm' },
      { scheme: 'untitled', language: 'helm' },
      // The cluster file, so its mistakes show as it is typed.
      { scheme: 'file', pattern: '**/.portolan.json' },
    ],
    synchronize: { configurationSection: 'portolan', fileEvents: watchers },
    outputChannel: output,
    // In restricted mode the server still checks; VS Code withholds the workspace's portolan.catalogs
    // (restrictedConfigurations in package.json), and catalog files inside the workspace wait.
    initializationOptions: { trusted: workspace.isTrusted },
  };

  // The id `portolan` is also the prefix of the `portolan.trace.server` setting the client reads.
  client = new LanguageClient('portolan', 'Portolan', serverOptions, clientOptions);

  // The cluster the server assumes, as it tells it: a click opens the cluster file, or the output
  // where the server wrote the cluster out.
  const status = window.createStatusBarItem('portolan.cluster', StatusBarAlignment.Left, 0);
  status.name = 'Portolan cluster';
  status.command = 'portolan.showCluster';
  context.subscriptions.push(status);
  let clusterFile: string | undefined;
  client.onNotification('portolan/cluster', (cluster: { label: string; tooltip: string; file?: string; problems: number }) => {
    clusterFile = cluster.file;
    status.text = `${cluster.problems > 0 ? '$(warning)' : '$(server)'} Portolan: ${cluster.label}`;
    status.tooltip = new MarkdownString(cluster.tooltip);
    status.show();
  });

  context.subscriptions.push(
    // For when the server is wedged or a catalog file changed in a way the server did not see.
    commands.registerCommand('portolan.restartServer', async () => {
      if (client) await client.restart();
    }),
    commands.registerCommand('portolan.showOutput', () => output.show(true)),
    commands.registerCommand('portolan.showCluster', async () => {
      if (clusterFile) await window.showTextDocument(Uri.parse(clusterFile));
      else output.show(true);
    }),
  );

  await client.start();
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('portolan/workspaceTrusted')));
}

export async function deactivate(): Promise<void> {
  // VS Code waits for this promise, so the server gets its shutdown request instead of a kill.
  await client?.stop();
  client = undefined;
}
