// The connection, and the protocol's life by the book (vscode-languageserver leaves both to us):
// - before `initialize`, a request is answered `ServerNotInitialized` (-32002) and a notification
//   other than `exit` dropped; after `shutdown`, a request is answered `InvalidRequest` (-32600),
//   as is a second `initialize`; `exit` ends the process with 0 after `shutdown`, 1 without
//   (the library does that part).
// - over stdio, a body that is not JSON is answered Parse error (-32700, id null); a framing error (a header without a numeric Content-Length, stray bytes before
//   a header) leaves the reader out of step with the stream for good: the server says so on
//   stderr and ends with 1, and the client starts a new one, rather than wedging silently.

import { format } from 'node:util';
import {
  ErrorCodes,
  Message,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  createConnection,
  type Connection,
  type MessageStrategy,
  type RequestMessage,
} from 'vscode-languageserver/node';
import { FramedMessageWriter } from './message-writer';

/** Refused requests are handed on under this method, whose handler answers with the error. */
const refusedMethod = '$/strategyNotes/refused';

type Phase = 'waiting' | 'running' | 'shut down';

class Lifecycle implements MessageStrategy {
  phase: Phase = 'waiting';

  handleMessage(message: Message, next: (message: Message) => void): void {
    if (Message.isRequest(message)) {
      const refusal = this.refusal(message);
      if (refusal) return next({ ...message, method: refusedMethod, params: refusal } as RequestMessage);
      if (message.method === 'initialize') this.phase = 'running';
      else if (message.method === 'shutdown') this.phase = 'shut down';
    } else if (Message.isNotification(message)) {
      if (this.phase !== 'running' && message.method !== 'exit') return;
    }
    next(message);
  }

  private refusal(request: RequestMessage): { code: number; message: string } | undefined {
    if (this.phase === 'waiting' && request.method !== 'initialize') {
      return { code: ErrorCodes.ServerNotInitialized, message: `${request.method}: the server is not initialized yet` };
    }
    if (this.phase === 'running' && request.method === 'initialize') return { code: ErrorCodes.InvalidRequest, message: 'initialize: already initialized' };
    if (this.phase === 'shut down') return { code: ErrorCodes.InvalidRequest, message: `${request.method}: the server is shut down` };
    return undefined;
  }
}

export function createServerConnection(): Connection {
  const lifecycle = new Lifecycle();
  const options = { messageStrategy: lifecycle };
  let connection: Connection;
  if (process.argv.includes('--stdio')) {
    // Our own reader, to hear its errors (the library's stdio connection drops them).
    const reader = new StreamMessageReader(process.stdin);
    const writer = new FramedMessageWriter(process.stdout);
    reader.onError((error) => {
      // A body that is not JSON was still framed right: JSON-RPC's Parse error answers it (its
      // id unknown, so null) and the next message is read as usual.
      if (error instanceof SyntaxError) {
        void writer.write({ jsonrpc: '2.0', id: null, error: { code: ErrorCodes.ParseError, message: `Parse error: ${error.message}` } } as Message);
        connection.console.error(`Strategy Notes: a message that is not JSON was dropped: ${error.message}`);
        return;
      }
      process.stderr.write(`Strategy Notes: the message stream cannot be read any further, so the server stops: ${error.message}\n`);
      process.exit(1);
    });
    connection = createConnection(ProposedFeatures.all, reader, writer, options);
    // What the library does for the stdio it opens itself: stdin closed ends the server, and
    // console output goes to the client's log instead of into the protocol stream.
    const ended = () => process.exit(lifecycle.phase === 'shut down' ? 0 : 1);
    process.stdin.on('end', ended);
    process.stdin.on('close', ended);
    console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(format(...args));
    console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
    console.error = (...args: unknown[]) => connection.console.error(format(...args));
  } else {
    connection = createConnection(ProposedFeatures.all, options);
  }
  connection.onRequest(refusedMethod, (refusal: { code: number; message: string }) => {
    throw new ResponseError(refusal.code, refusal.message);
  });
  return connection;
}
