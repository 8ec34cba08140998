// Each subcommand is data (name, flags) plus one action; cli/main.ts turns the list into commander
// commands. Actions return the process exit code.
export interface Flag {
  flags: string;
  description: string;
  default?: string | boolean | string[];
  /** repeatable flags collect into an array */
  repeatable?: boolean;
  /** checked on parse (each comma-separated part of a repeatable flag), shown in --help */
  choices?: string[];
  /** what --help shows as the default when it is not a plain value ("all four", "the profile limit") */
  defaultText?: string;
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
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, unreachable: 3, incomplete: 4 } as const;

/** `a,b` and repeated flags alike. */
export function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
