// The whole extension: start `airscript lsp` for YAML, JSON and .airscript documents. The server
// reads only mapping files among YAML and JSON files and leaves the others alone.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('airscript').get('path') || 'airscript';
  client = new LanguageClient(
    'airscript',
    'Airscript',
    { command, args: ['lsp'] },
    {
      documentSelector: [
        { scheme: 'file', language: 'airscript' },
        { scheme: 'file', language: 'yaml' },
        { scheme: 'file', language: 'json' },
      ],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.json') },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
