// Messages to the client over stdout, each framed and written in one piece. The library's
// stream writer writes a message's header and its body as two writes: over a pipe that is two
// system calls per message, and on this 2-core machine the second of them cost 0.15 ms of every
// response (600 ms of opening and diagnosing 2,000 articles one after another).

import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class FramedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (error: Error) => this.fireError(error));
    out.on('close', () => this.fireClose());
  }

  /** Written in call order (a stream keeps its writes' order), as the interface asks; a message
   * that cannot be encoded is a rejected promise, as with the library's writer. */
  async write(message: Message): Promise<void> {
    // As the library encodes it: JSON, UTF-8, its length in bytes in the header.
    const body = JSON.stringify(message);
    const frame = `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    return new Promise<void>((resolve, reject) => {
      this.out.write(frame, 'utf8', (error?: Error | null) => {
        if (!error) return resolve();
        this.fireError(error, message, ++this.errors);
        reject(error);
      });
    });
  }

  end(): void {
    this.out.end();
  }
}
