// What checks need before they can test their subject (a login as a role, a fixture, a fresh room). The
// runner and the suites establish each once; when one cannot be established, every check needing it is
// `blocked` by that one root cause, shown once with its HTTP exchange, instead of failing for it.
import type { Redactor } from '../core/redact.ts';
import type { RunResults } from '../generated/types/meta/results.ts';
import { CheckBlocked } from './check.ts';
import { Transcript } from '../client/transcript.ts';

export type PrerequisiteResult = NonNullable<RunResults['prerequisites']>[number];

export class Prerequisites {
  private readonly results = new Map<string, PrerequisiteResult>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly redactor: Redactor) {}

  record(id: string, title: string, status: 'ok' | 'failed', reason: string, transcript?: Transcript): void {
    this.results.set(id, { id, title, status, reason: this.redactor.text(reason), transcript: transcript?.finish() ?? [] });
  }

  get(id: string): PrerequisiteResult | undefined {
    return this.results.get(id);
  }

  failed(id: string): boolean {
    return this.results.get(id)?.status === 'failed';
  }

  /** Throws the CheckBlocked that names prerequisite `id` as the root cause. */
  block(id: string): never {
    const r = this.results.get(id);
    throw new CheckBlocked({ kind: 'prerequisite', id, reason: r ? `${r.title}: ${r.reason}` : id });
  }

  /**
   * Establishes `id` once (concurrent callers share the attempt). A throw records it as failed; the
   * callers then get the CheckBlocked. The value of a success is shared by every caller.
   */
  once<T>(id: string, title: string, make: (transcript: Transcript) => Promise<T>): Promise<T> {
    let p = this.pending.get(id) as Promise<T> | undefined;
    if (!p) {
      const transcript = new Transcript(this.redactor);
      p = make(transcript).then(
        (value) => {
          this.record(id, title, 'ok', 'established', transcript);
          return value;
        },
        (err: unknown) => {
          this.record(id, title, 'failed', err instanceof CheckBlocked ? err.by.reason : (err as Error).message, transcript);
          throw err;
        },
      );
      p.catch(() => {});
      this.pending.set(id, p);
    }
    return p.catch(() => this.block(id));
  }

  list(): PrerequisiteResult[] {
    return [...this.results.values()];
  }
}
