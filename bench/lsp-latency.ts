// Benchmark (not a test): the same edit measured end to end over LSP. A real client sends a
// one-character incremental didChange to the built server (stdio), then asks for diagnostics
// (pull) and the outline; the figure is the time until both answers are back.
import { DocumentDiagnosticRequest, DocumentSymbolRequest } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../test/helpers/lsp-client';
import { largeArticle, typicalArticle } from './articles';
import { stats, timeProseEdit } from './measure';


async function measure(client: LspClient, name: string, text: string, edits: number): Promise<void> {
  const uri = `untitled:${name.replace(/\W+/g, '-')}`;
  const t0 = performance.now();
  await client.open(uri, text);
  await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  const openMs = performance.now() - t0;
  const lines = text.split('\n');
  const samples: number[] = [];
  for (let k = 0; k < edits; k++) {
    samples.push(
      await timeProseEdit(client, uri, lines, k, () =>
        Promise.all([
          client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }),
          client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
        ]),
      ),
    );
  }
  const s = stats(samples);
  console.log(`\n${name} over LSP (${(text.length / 1024).toFixed(0)} KB)`);
  console.log(`  open -> first outline            ${openMs.toFixed(1)} ms`);
  console.log(`  one-character didChange -> diagnostics + outline answered   median ${s.median.toFixed(2)} ms   p95 ${s.p95.toFixed(2)} ms   (${edits} edits)`);
}

async function main(): Promise<void> {
  const client = await LspClient.start({ pull: true });
  try {
    await measure(client, 'typical article', typicalArticle(), 300);
    await measure(client, 'generated 2 MB article', largeArticle(2 * 1024 * 1024), 40);
  } finally {
    await client.shutdown();
    await client.dispose();
  }
}

void main();
