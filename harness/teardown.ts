// The end of a run: whatever the target does with its connections (keep-alive it never ends, close frames
// it never answers), none of them outlives the reports and keeps the process alive.
import { closeHttpAgents } from '../client/http.ts';
import { terminateAllSockets } from '../client/ws.ts';

// Sockets and agents are process-wide, and tests run several commands at once in one process: the last
// command to end closes them, never one whose neighbours are still running.
let running = 0;

/** Marks a command as running; the returned function ends it, closing every connection if it was the last. */
export function commandStarted(): () => Promise<void> {
  running++;
  let ended = false;
  return async () => {
    if (ended) return;
    ended = true;
    if (--running === 0) await closeConnections();
  };
}

export async function closeConnections(): Promise<void> {
  terminateAllSockets();
  await closeHttpAgents();
}
