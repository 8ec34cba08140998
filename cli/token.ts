// `chatconform token ROLE --target-file F`: prints an access token of a target-file user, so that the
// reproduction lines' `$ROLE_TOKEN` come from the target file (the given token, or a login) and no secret
// is ever printed in a report.
import { loadProfile } from '../core/profiles.ts';
import { TargetError, loadTargetFile } from '../core/target.ts';
import { obtainAccessToken } from '../client/login.ts';
import { EXIT, UsageError, type CommandSpec } from './command.ts';

export const command: CommandSpec = {
  name: 'token',
  description: 'print an access token of a target-file user (its token, or a login with its credentials)',
  arguments: '<role>',
  flags: [
    { flags: '--target-file <file>', description: 'the target file naming the user' },
    { flags: '--timeout <ms>', description: 'timeout of the login request', default: '3000' },
  ],
  async action(opts) {
    const role = String((opts.args as string[])[0]);
    if (!opts.targetFile) throw new UsageError('token needs --target-file FILE');
    const target = await loadTargetFile(String(opts.targetFile));
    const user = target.users[role];
    if (!user) throw new TargetError(`the target file has no user '${role}' (it has: ${Object.keys(target.users).join(', ')})`);
    const timeoutMs = Number(opts.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout needs a positive whole number, got '${String(opts.timeout)}'`);
    let token = user.token;
    if (!token) {
      if (!user.credentials) throw new TargetError(`user '${role}' has neither a token nor credentials`);
      try {
        token = await obtainAccessToken(loadProfile(target.profile), target.baseUrl, user.credentials, timeoutMs);
      } catch (err) {
        process.stderr.write(`chatconform: login of '${role}' failed: ${(err as Error).message}\n`);
        return EXIT.unreachable;
      }
    }
    process.stdout.write(`${token}\n`);
    return EXIT.ok;
  },
};
