// Each subcommand is data (name, flags) plus one action; cli/main.ts turns the list into commander
// commands. Actions return the process exit code.
export interface Flag {
  flags: string;
  description: string;
  default?: string | boolean | string[];
  /** repeatable flags collect into an array */
  repeatable?: boolean;
  choices?: string[];
}

export interface CommandSpec {
  name: string;
  description: string;
  flags: Flag[];
  /** positional arguments in commander's syntax (`<role>`); the action gets them as `opts.args` */
  arguments?: string;
  action(opts: Record<string, unknown>): Promise<number>;
}

/** Exit codes CI can trust. */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, unreachable: 3 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
