// The command the extension runs really starts a language server: spawn it
// with the settings' arguments and complete the LSP handshake.
// REPORTLINT names the binary (scripts/vscode-package.sh sets it).
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { serverCommand, documentSelector } = require('../server');

function frame(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

/** Collect framed messages from a stream. */
function reader(stream, onMessage) {
  let buf = Buffer.alloc(0);
  stream.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const match = /Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString());
      const length = Number(match[1]);
      if (buf.length < end + 4 + length) return;
      onMessage(JSON.parse(buf.subarray(end + 4, end + 4 + length).toString('utf8')));
      buf = buf.subarray(end + 4 + length);
    }
  });
}

test('settings become the command line', () => {
  assert.deepStrictEqual(serverCommand({}, undefined), { command: 'reportlint', args: ['lsp'] });
  assert.deepStrictEqual(serverCommand({ path: './bin/reportlint', args: ['--isolated'] }, '/ws'), {
    command: path.join('/ws', 'bin/reportlint'),
    args: ['lsp', '--isolated'],
  });
  assert.deepStrictEqual(documentSelector(['markdown']), [
    { scheme: 'file', language: 'markdown' },
    { scheme: 'untitled', language: 'markdown' },
  ]);
});

test('the server starts, reports a finding and exits cleanly', { timeout: 60000 }, async (t) => {
  const binary = process.env.REPORTLINT;
  if (!binary) {
    t.skip('REPORTLINT is not set');
    return;
  }
  const { command, args } = serverCommand({ path: binary, args: ['--isolated'] }, undefined);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  const inbox = [];
  reader(child.stdout, (m) => {
    const i = waiting.findIndex((w) => w.wanted(m));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(m);
    else inbox.push(m);
  });
  const next = (wanted) =>
    new Promise((resolve) => {
      const i = inbox.findIndex(wanted);
      if (i >= 0) resolve(inbox.splice(i, 1)[0]);
      else waiting.push({ wanted, resolve });
    });
  const send = (m) => child.stdin.write(frame(m));

  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const init = await next((m) => m.id === 1);
  assert.strictEqual(init.result.serverInfo.name, 'reportlint');
  send({ jsonrpc: '2.0', method: 'initialized', params: {} });
  const uri = 'untitled:Untitled-1';
  send({
    jsonrpc: '2.0',
    method: 'textDocument/didOpen',
    params: { textDocument: { uri, languageId: 'markdown', version: 1, text: '加快建设法制政府。\n' } },
  });
  const published = await next((m) => m.method === 'textDocument/publishDiagnostics');
  const codes = published.params.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('fazhi/fazhi-not-fazhi'), JSON.stringify(codes));
  send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
  await next((m) => m.id === 2);
  send({ jsonrpc: '2.0', method: 'exit' });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.strictEqual(code, 0);
});
