// The reportlint extension: starts `reportlint lsp` and connects VS Code to
// it. Everything else (findings, quick fixes, hover) comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverCommand, documentSelector } = require('./server');

/** @type {LanguageClient | undefined} */
let client;

async function start() {
  const settings = vscode.workspace.getConfiguration('reportlint');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const { command, args } = serverCommand(
    { path: settings.get('path'), args: settings.get('args') },
    folder,
  );
  client = new LanguageClient(
    'reportlint',
    'reportlint',
    { command, args },
    {
      documentSelector: documentSelector(settings.get('languages') || ['markdown', 'plaintext']),
      // Configuration and rule packs are YAML; the server rebuilds when they change.
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
    },
  );
  try {
    await client.start();
  } catch (err) {
    client = undefined;
    const message = err instanceof Error ? err.message : String(err);
    vscode.window.showErrorMessage(
      `无法启动 reportlint（${command}）：${message}。请安装 reportlint，或在设置 reportlint.path 中填写程序的路径。`,
    );
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

async function restart() {
  await stop();
  await start();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('reportlint.restart', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration('reportlint.path') ||
        e.affectsConfiguration('reportlint.args') ||
        e.affectsConfiguration('reportlint.languages')
      ) {
        restart();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
