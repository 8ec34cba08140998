// One server under test, in its own process so its CPU and memory are its own: the reference server
// (medmapp, one process, or `--workers N` through Redis) or the bare `ws` ceiling. A fresh one per step.
// Protocol (IPC): child -> {type:'up', baseUrl, wsUrl, target, pids}; parent -> {type:'memory'} ->
// {type:'memory', rss, heapUsed, external} (after two full GCs); parent -> {type:'stop'} closes and exits.
import { startCeilingServer } from './ceiling-server.ts';
import { startServer, type RunningServer } from '../reference-server/index.ts';
import { startCluster } from '../reference-server/cluster.ts';

export type ServerKind = 'reference' | 'ceiling';

export interface ServerSpec {
  kind: ServerKind;
  /** reference only: worker processes sharing Redis */
  workers?: number;
  redisUrl?: string;
}

async function main(spec: ServerSpec): Promise<void> {
  let close: () => Promise<void>;
  let up: Record<string, unknown>;
  if (spec.kind === 'ceiling') {
    const s = await startCeilingServer();
    close = s.close;
    up = { baseUrl: s.baseUrl, wsUrl: s.wsUrl, pids: [process.pid] };
  } else if (spec.workers && spec.workers > 1) {
    const s = await startCluster({ profile: 'medmapp', workers: spec.workers, redisUrl: spec.redisUrl!, logger: false });
    close = s.close;
    up = { baseUrl: s.baseUrl, wsUrl: s.wsUrl, target: s.target, pids: [process.pid, ...s.workerPids()] };
  } else {
    const s: RunningServer = await startServer({ profile: 'medmapp', port: 0, logger: false });
    close = s.close;
    up = { baseUrl: s.baseUrl, wsUrl: s.wsUrl, target: s.target, pids: [process.pid] };
  }
  process.on('message', async (msg: { type: string }) => {
    if (msg.type === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      await new Promise((r) => setTimeout(r, 100));
      gc?.();
      const m = process.memoryUsage();
      process.send!({ type: 'memory', rss: m.rss, heapUsed: m.heapUsed, external: m.external });
    } else if (msg.type === 'stop') {
      const timer = setTimeout(() => process.exit(0), 3000);
      await close().catch(() => undefined);
      clearTimeout(timer);
      process.exit(0);
    }
  });
  process.send!({ type: 'up', ...up });
}

if (process.send) {
  process.once('message', (msg: { type: string; spec: ServerSpec }) => {
    if (msg.type === 'spec') void main(msg.spec);
  });
  process.on('disconnect', () => process.exit(0));
}
