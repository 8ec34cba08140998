// chatconform spec: a dialect as OpenAPI 3.1 (REST) or AsyncAPI 3.0 (sockets), generated from its profile
// and schemas, for the tools a team already uses (Postman, Insomnia, Bruno, Prism, Spectral, the AsyncAPI
// generator). JSON on stdout, or into --out FILE with a one-line summary on stderr.
import { writeFileSync } from 'node:fs';
import { DIALECTS } from '../core/profiles.ts';
import { UsageError, type CommandSpec } from './command.ts';

export const command: CommandSpec = {
  name: 'spec',
  description: 'print a dialect as an OpenAPI 3.1 or AsyncAPI 3.0 document (generated from its profile and schemas)',
  flags: [
    { flags: '--profile <name>', description: 'the dialect', choices: [...DIALECTS] },
    { flags: '--format <format>', description: 'openapi: the REST operations; asyncapi: the sockets and their frames', choices: ['openapi', 'asyncapi'] },
    { flags: '--out <file>', description: 'write the document to this file instead of stdout' },
    { flags: '--server <url>', description: 'the server the document names', default: 'http://127.0.0.1:8000' },
  ],
  async action(opts) {
    if (!opts.profile) throw new UsageError(`spec needs --profile (one of ${DIALECTS.join(', ')})`);
    if (!opts.format) throw new UsageError('spec needs --format openapi or --format asyncapi');
    let server: URL;
    try {
      server = new URL(String(opts.server));
    } catch {
      throw new UsageError(`--server needs a URL such as http://127.0.0.1:8000, got '${String(opts.server)}'`);
    }
    const { exportSpec, specCounts } = await import('../spec/index.ts');
    const profile = String(opts.profile);
    const format = opts.format as 'openapi' | 'asyncapi';
    const doc = exportSpec(profile, format, { baseUrl: server.origin });
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (!opts.out) {
      process.stdout.write(text);
      return 0;
    }
    writeFileSync(String(opts.out), text);
    const c = specCounts(profile);
    const what = format === 'openapi'
      ? `OpenAPI 3.1, ${c.operations.exported} operations (the profile has ${c.operations.profile})`
      : `AsyncAPI 3.0, ${c.sockets.exported} channels, ${c.messages.exported} messages (the profile has ${c.sockets.profile} sockets, ${c.messages.profile} frames)`;
    process.stderr.write(`chatconform: wrote ${String(opts.out)}: ${profile} as ${what}\n`);
    return 0;
  },
};
