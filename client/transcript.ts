// Per-check wire log (Autobahn keeps one per case): every HTTP exchange and WebSocket frame, timestamped
// from the check's start, redacted and truncated as it is recorded.
import type { Redactor } from '../core/redact.ts';

export type Channel = 'http' | 'ws' | 'note';
export type Direction = 'send' | 'recv' | 'info';

export interface TranscriptEntry {
  at: number;
  channel: Channel;
  dir: Direction;
  summary: string;
  body?: string;
}

const MAX_BODY = 2048;
const MAX_ENTRIES = 400;

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  private dropped = 0;
  private readonly t0 = performance.now();

  constructor(private readonly redactor: Redactor) {}

  record(channel: Channel, dir: Direction, summary: string, body?: string): void {
    if (this.entries.length >= MAX_ENTRIES) {
      this.dropped++;
      return;
    }
    const entry: TranscriptEntry = {
      at: Math.round((performance.now() - this.t0) * 10) / 10,
      channel,
      dir,
      summary: this.redactor.text(summary),
    };
    if (body !== undefined && body !== '') {
      const clean = this.redactor.text(body);
      entry.body = clean.length > MAX_BODY ? `${clean.slice(0, MAX_BODY)}… (${clean.length} chars)` : clean;
    }
    this.entries.push(entry);
  }

  note(summary: string): void {
    this.record('note', 'info', summary);
  }

  finish(): TranscriptEntry[] {
    if (this.dropped) this.entries.push({ at: this.entries.at(-1)?.at ?? 0, channel: 'note', dir: 'info', summary: `${this.dropped} more entries not recorded` });
    return this.entries;
  }
}
