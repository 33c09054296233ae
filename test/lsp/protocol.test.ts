// The protocol's life by the book, over stdio with the real server: nothing answered normally
// before `initialize` or after `shutdown`, `exit` codes, and a framing error that ends the
// server with a log line instead of wedging it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { assertBuilt, serverPath, withTimeout } from '../helpers/lsp-client';

interface Raw {
  child: ChildProcess;
  connection: ProtocolConnection;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** A server and a bare connection to it: nothing sent yet, not even `initialize`. */
function spawnServer(): Raw {
  assertBuilt();
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (stderr += d));
  child.stdin!.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onError(() => undefined);
  connection.listen();
  return { child, connection, stderr: () => stderr, exited };
}

async function errorCode(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await withTimeout(promise, 10_000, 'an answer');
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

const initializeParams = { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null };
const uri = 'file:///tmp/protocol-test.md';
const article = '# Article\n\n## 1. First pillar\n\nBody.\n';

function finish(raw: Raw): Promise<number | null> {
  return withTimeout(raw.exited, 10_000, 'the server to exit');
}

test('before initialize: requests get ServerNotInitialized, notifications are dropped, exit ends with 1', async () => {
  const raw = spawnServer();
  try {
    assert.equal(await errorCode(raw.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })), -32002);
    await raw.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: article } });
    await withTimeout(raw.connection.sendRequest(InitializeRequest.type, initializeParams), 10_000, 'initialize');
    await raw.connection.sendNotification(InitializedNotification.type, {});
    // The didOpen before initialize never happened: the server has no such document.
    const symbols = await withTimeout(raw.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), 10_000, 'symbols');
    assert.deepEqual(symbols ?? [], []);
    await raw.connection.sendNotification(ExitNotification.type);
    assert.equal(await finish(raw), 1);
  } finally {
    raw.child.kill('SIGKILL');
  }
});

test('exit before initialize ends the server with 1', async () => {
  const raw = spawnServer();
  try {
    await raw.connection.sendNotification(ExitNotification.type);
    assert.equal(await finish(raw), 1);
  } finally {
    raw.child.kill('SIGKILL');
  }
});

test('a second initialize and every request after shutdown get InvalidRequest; exit after shutdown ends with 0', async () => {
  const raw = spawnServer();
  try {
    await withTimeout(raw.connection.sendRequest(InitializeRequest.type, initializeParams), 10_000, 'initialize');
    await raw.connection.sendNotification(InitializedNotification.type, {});
    assert.equal(await errorCode(raw.connection.sendRequest(InitializeRequest.type, initializeParams)), -32600);
    await raw.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: article } });
    const symbols = await withTimeout(raw.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), 10_000, 'symbols');
    assert.ok((symbols ?? []).length > 0, 'the document opened after initialize is known');
    await withTimeout(raw.connection.sendRequest(ShutdownRequest.type), 10_000, 'shutdown');
    assert.equal(await errorCode(raw.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 5 } })), -32600);
    assert.equal(await errorCode(raw.connection.sendRequest(ShutdownRequest.type)), -32600);
    await raw.connection.sendNotification(ExitNotification.type);
    assert.equal(await finish(raw), 0);
  } finally {
    raw.child.kill('SIGKILL');
  }
});

/** Raw bytes after a proper initialize: the server must either go on answering or end. */
async function afterInitialize(bytes: string): Promise<Raw> {
  const raw = spawnServer();
  await withTimeout(raw.connection.sendRequest(InitializeRequest.type, initializeParams), 10_000, 'initialize');
  await raw.connection.sendNotification(InitializedNotification.type, {});
  raw.child.stdin!.write(bytes);
  return raw;
}

for (const [name, bytes] of [
  ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}'],
  ['garbage before a header', 'garbage\r\nContent-Length: 2\r\n\r\n{}'],
  ['a header without Content-Length', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}'],
] as const) {
  test(`a framing error (${name}) ends the server with 1 and a line on stderr`, async () => {
    const raw = await afterInitialize(bytes);
    try {
      assert.equal(await finish(raw), 1);
      assert.match(raw.stderr(), /Strategy Notes: the message stream cannot be read any further/);
    } finally {
      raw.child.kill('SIGKILL');
    }
  });
}

test('a well-framed body that is not JSON is answered Parse error (id null) and the server answers the next request', async () => {
  const body = '{"jsonrpc": "2.0", not json';
  const raw = spawnServer();
  let out = '';
  raw.child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  await withTimeout(raw.connection.sendRequest(InitializeRequest.type, initializeParams), 10_000, 'initialize');
  await raw.connection.sendNotification(InitializedNotification.type, {});
  raw.child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  try {
    await raw.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: article } });
    const symbols = await withTimeout(raw.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), 10_000, 'symbols');
    assert.ok((symbols ?? []).length > 0);
    // The answer to the unreadable body came before the symbols (messages are answered in order).
    assert.match(out, /"id":null,"error":\{"code":-32700,"message":"Parse error/);
    await withTimeout(raw.connection.sendRequest(ShutdownRequest.type), 10_000, 'shutdown');
    await raw.connection.sendNotification(ExitNotification.type);
    assert.equal(await finish(raw), 0);
  } finally {
    raw.child.kill('SIGKILL');
  }
});
