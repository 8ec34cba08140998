// The reference server in a child process (`chatconform serve`), for tests where a request might kill the
// process: in-process, a crash would take the test runner down instead of failing one test.
import { connect } from 'node:net';
import { startChildServer, type ChildServer as Child } from '../../fuzz/embedded.ts';

export interface ChildServer extends Child {
  /** True while the process runs and its port accepts a TCP connection. */
  alive(): Promise<boolean>;
}

export async function startChild(profile: string, faults: string[] = []): Promise<ChildServer> {
  const server = await startChildServer(profile, { faults, logLevel: 'debug' });
  return {
    ...server,
    alive: () =>
      new Promise((resolve) => {
        if (server.exited()) return resolve(false);
        const s = connect(server.port, '127.0.0.1');
        s.setTimeout(3000, () => (s.destroy(), resolve(false)));
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      }),
  };
}

/** Writes raw bytes to the port and resolves with everything the server sent back before closing (or after `ms`). */
export function rawExchange(port: number, bytes: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, ms);
    s.on('data', (d) => (got += d.toString('latin1')));
    s.once('connect', () => s.write(bytes));
    s.once('end', done);
    s.once('close', done);
    s.once('error', done);
  });
}
