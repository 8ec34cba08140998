// The end of a run: whatever the target does with its connections (keep-alive it never ends, close frames
// it never answers), none of them outlives the reports and keeps the process alive.
import { closeHttpAgents } from './http.ts';
import { terminateAllSockets } from './ws.ts';

export async function closeConnections(): Promise<void> {
  terminateAllSockets();
  await closeHttpAgents();
}
