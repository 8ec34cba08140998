#!/usr/bin/env node
// Registers the TypeScript loader, then hands over to the CLI.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
// main() has closed every socket and agent; should anything still hold the event loop, say what and end
// anyway: a finished run never becomes a hung CI job. (unref: this timer alone keeps nothing alive.)
setTimeout(() => {
  const held = {};
  for (const r of process.getActiveResourcesInfo()) if (r !== 'Timeout' && r !== 'TTYWrap') held[r] = (held[r] ?? 0) + 1;
  const what = Object.entries(held).map(([r, n]) => `${n} ${r}`).join(', ') || 'timers';
  process.stderr.write(`chatconform: still open 1 s after the end (${what}); exiting anyway\n`);
  process.exit(process.exitCode);
}, 1000).unref();
