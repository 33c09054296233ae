// The server's stdout writer frames each message in one write. What it writes must read back,
// through the library's own stream reader, as the messages it was given, in order, whatever their
// characters (the header counts bytes, not UTF-16 units); a message that cannot be encoded is a
// rejected write, not an exception out of `write`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { StreamMessageReader, type Message } from 'vscode-languageserver/node';
import { FramedMessageWriter } from '../../server/src/lsp/message-writer';

test('framed messages read back through the library reader, in order, one write each', async () => {
  const out = new PassThrough();
  let writes = 0;
  const write = out.write.bind(out);
  out.write = ((...args: Parameters<typeof out.write>) => {
    writes++;
    return write(...args);
  }) as typeof out.write;
  const writer = new FramedMessageWriter(out);
  const reader = new StreamMessageReader(out);
  const received: Message[] = [];
  const all = new Promise<void>((resolve) => {
    reader.listen((m) => {
      received.push(m);
      if (received.length === 4) resolve();
    });
  });
  const sent: Message[] = [
    { jsonrpc: '2.0', id: 1, result: { title: 'Émigré — “quoted” 😀', text: 'x'.repeat(70_000) } } as Message,
    { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'ascii only' } } as Message,
    { jsonrpc: '2.0', id: 2, result: null } as Message,
    { jsonrpc: '2.0', id: 3, result: ['\u2028', '\r\n', '\u0000', '中文'] } as Message,
  ];
  await Promise.all(sent.map((m) => writer.write(m)));
  await all;
  assert.deepEqual(received, sent);
  assert.equal(writes, sent.length, 'header and body in one write');
  reader.dispose();
});

test('a message that cannot be encoded is a rejected write', async () => {
  const writer = new FramedMessageWriter(new PassThrough());
  const cyclic: Record<string, unknown> = { jsonrpc: '2.0', id: 1 };
  cyclic.result = cyclic;
  await assert.rejects(writer.write(cyclic as unknown as Message), TypeError);
});
