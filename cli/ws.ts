// `chatconform ws URL`: a WebSocket client for reproduction lines (wscat without another install). It
// prints how the handshake ended (open, or the HTTP status of a refusal), every frame received (`< …`), every
// frame sent from stdin, one per line (`> …`), and the close code and reason; it gives up after --timeout.
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { EXIT, UsageError, type CommandSpec } from './command.ts';

function ms(value: unknown, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} needs a positive whole number of ms, got '${String(value)}'`);
  return n;
}

export const command: CommandSpec = {
  name: 'ws',
  description: 'connect to a WebSocket, print the handshake, frames and close code; send stdin lines as frames',
  arguments: '<url>',
  flags: [
    { flags: '--header <name:value>', description: 'a request header for the upgrade (repeatable)', repeatable: true },
    { flags: '--timeout <ms>', description: 'end the connection after this long', default: '10000' },
    { flags: '--linger <ms>', description: 'after stdin ends, wait this long for frames or a close', default: '1500' },
  ],
  async action(opts) {
    const url = String((opts.args as string[])[0]);
    if (!/^wss?:\/\//.test(url)) throw new UsageError(`ws needs a ws:// or wss:// URL, got '${url}'`);
    const timeoutMs = ms(opts.timeout, '--timeout');
    const lingerMs = ms(opts.linger, '--linger');
    const headers: Record<string, string> = {};
    for (const h of (opts.header as string[] | undefined) ?? []) {
      const at = h.indexOf(':');
      if (at <= 0) throw new UsageError(`--header takes NAME:VALUE, got '${h}'`);
      headers[h.slice(0, at).trim()] = h.slice(at + 1).trim();
    }
    const out = (line: string) => process.stdout.write(`${line}\n`);
    return new Promise<number>((resolve) => {
      const socket = new WebSocket(url, { headers, handshakeTimeout: Math.min(timeoutMs, 5000), followRedirects: false });
      let code: number = EXIT.ok;
      let input: ReturnType<typeof createInterface> | undefined;
      let ours = false;
      const end = setTimeout(() => {
        out(`no close within ${timeoutMs} ms: closing`);
        ours = true;
        socket.terminate();
      }, timeoutMs);
      socket.on('unexpected-response', (_req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.length < 16 && chunks.push(c));
        res.on('end', () => {
          out(`refused: HTTP ${res.statusCode} instead of 101`);
          const body = Buffer.concat(chunks).toString('utf8').slice(0, 2000);
          if (body) out(body);
          socket.terminate();
        });
      });
      socket.on('open', () => {
        out('open (101 Switching Protocols)');
        input = createInterface({ input: process.stdin });
        input.on('line', (line) => {
          if (socket.readyState !== WebSocket.OPEN) return;
          out(`> ${line}`);
          socket.send(line);
        });
        input.on('close', () => setTimeout(() => {
          if (socket.readyState !== WebSocket.OPEN) return;
          ours = true;
          socket.close(1000);
        }, lingerMs).unref());
      });
      socket.on('message', (data, binary) => out(binary ? `< <binary ${(data as Buffer).length} bytes>` : `< ${data.toString()}`));
      socket.on('error', (err) => {
        out(`error: ${err.message}`);
        code = EXIT.unreachable;
      });
      socket.on('close', (closeCode, reason) => {
        clearTimeout(end);
        if (input) {
          input.close();
          process.stdin.pause();
          (process.stdin as { unref?: () => void }).unref?.();
        }
        out(`close ${closeCode}${reason.length ? ` "${reason.toString()}"` : ''}${ours ? ' (closed by chatconform ws: the server had not closed it)' : ''}`);
        resolve(code);
      });
    });
  },
};
