// One interface behind every report format, chosen by name from a map (vitest's reporters).
// The runner calls the optional hooks while checks run and onRunEnd once with the full results.
import type { RunResults } from '../generated/types/meta/results.ts';
import { consoleReporter } from './console.ts';
import { htmlReporter } from './html.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import type { ReporterName } from './names.ts';
import { didYouMean } from '../core/suggest.ts';

export type { RunResults };

export interface CheckMeta {
  id: string;
  profile: string;
  title: string;
  level: 'MUST' | 'SHOULD' | 'MAY';
  doc: string;
  tags: string[];
}

export interface Reporter {
  name: string;
  onRunStart?(info: { profile: string; total: number; target: RunResults['target'] }): void;
  onCheckStart?(check: CheckMeta): void;
  /** progress on long runs */
  onCheckEnd?(result: RunResults['checks'][number]): void;
  /** returns the files written (absolute or relative to the working directory, as outDir was given) */
  onRunEnd(results: RunResults): Promise<string[]>;
}

export interface ReporterOptions {
  /** where file reporters write (created when missing) */
  outDir: string;
  /** console output; process.stdout when omitted */
  stream?: NodeJS.WritableStream;
  /** ANSI colour in console output; when omitted: only on a TTY outside CI and without NO_COLOR */
  color?: boolean;
  /** the console's closing verdict line; the CLI prints its own (one line whatever the reporters) */
  verdictLine?: boolean;
}

export type { ReporterName };

export const REPORTERS: Record<ReporterName, (opts: ReporterOptions) => Reporter> = {
  console: consoleReporter,
  junit: junitReporter,
  json: jsonReporter,
  html: htmlReporter,
};

export function isReporterName(name: string): name is ReporterName {
  return Object.prototype.hasOwnProperty.call(REPORTERS, name);
}

/** Reporters in the order named, each once; an unknown name is an Error that lists the valid ones. */
export function createReporters(names: string[], opts: ReporterOptions): Reporter[] {
  const unknown = names.filter((n) => !isReporterName(n));
  if (unknown.length > 0) {
    const valid = Object.keys(REPORTERS).join(', ');
    throw new Error(`unknown reporter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"${didYouMean(n, Object.keys(REPORTERS))}`).join(', ')}; valid reporters: ${valid}`);
  }
  return [...new Set(names as ReporterName[])].map((name) => REPORTERS[name](opts));
}
