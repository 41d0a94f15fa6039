// How the extension starts `reportlint lsp`: from the `reportlint.*`
// settings to the command line. Kept free of the `vscode` module so that
// test/server.test.js can run it with plain Node against the real binary.
'use strict';

const path = require('path');

/**
 * @param {{ path?: string, args?: string[] }} settings
 * @param {string | undefined} workspaceFolder the first workspace folder's path
 * @returns {{ command: string, args: string[] }}
 */
function serverCommand(settings, workspaceFolder) {
  let command = (settings.path || '').trim() || 'reportlint';
  if (command.startsWith('~/') && process.env.HOME) {
    command = path.join(process.env.HOME, command.slice(2));
  } else if (!path.isAbsolute(command) && command.includes('/') && workspaceFolder) {
    // `./target/release/reportlint`: relative to the workspace.
    command = path.join(workspaceFolder, command);
  }
  const extra = Array.isArray(settings.args) ? settings.args.map(String) : [];
  return { command, args: ['lsp', ...extra] };
}

/**
 * The documents the server checks: files and unsaved documents of the
 * given language ids.
 * @param {string[]} languages
 */
function documentSelector(languages) {
  return languages.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
}

module.exports = { serverCommand, documentSelector };
