// Target files: how the harness reaches a server someone else wrote (schemas/meta/target.schema.json).
import { readFile } from 'node:fs/promises';
import { validate } from './schemas.ts';
import type { TargetFile } from '../generated/types/meta/target.ts';

export type { TargetFile };
export type TargetUser = TargetFile['users'][string];

/** A usage error the CLI maps to exit code 2, with a message that says what to fix. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export function deriveWsUrl(baseUrl: string): string {
  return baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
}

export function parseTarget(value: unknown, source = 'target'): TargetFile & { wsUrl: string } {
  const verdict = validate('meta/target', value);
  if (!verdict.ok) {
    throw new TargetError(`${source} does not match schemas/meta/target.schema.json:\n  ${verdict.errors.join('\n  ')}`);
  }
  const target = value as TargetFile;
  return { ...target, baseUrl: target.baseUrl.replace(/\/+$/, ''), wsUrl: (target.wsUrl ?? deriveWsUrl(target.baseUrl)).replace(/\/+$/, '') };
}

export async function loadTargetFile(path: string): Promise<TargetFile & { wsUrl: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new TargetError(`cannot read target file ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TargetError(`target file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseTarget(value, `target file ${path}`);
}
