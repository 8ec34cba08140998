// Node side: finds the k6 binary and runs one load script with one fixture file, bounded in time, with
// everything k6 prints passed through the redactor.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, createWriteStream } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.ts';
import type { Redactor } from '../core/redact.ts';

// From the package root: the build in dist/ runs the k6 scripts of load/, which ship as sources.
export const REPO_ROOT = `${PACKAGE_ROOT}/`;
export const LOAD_DIR = `${PACKAGE_ROOT}/load/`;
export const PINNED_K6 = 'v1.8.1';
/** The first k6 with the stable k6/websockets module. */
export const MIN_K6: [number, number] = [1, 6];
export const INSTALL_HINT = 'bash tools/install-k6.sh';
/** Prefix of the per-second lines the room scripts print (load/lib/ticks.ts). */
export const TICK_PREFIX = 'CCTICK ';

export class K6MissingError extends Error {
  constructor(detail: string) {
    super(`${detail}. Install the pinned k6 (${PINNED_K6}, built with Go into .tools/bin/k6) with: ${INSTALL_HINT}`);
    this.name = 'K6MissingError';
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `k6 v1.8.1 (go1.26.8, linux/amd64)` -> [1, 8, 1] */
export function parseK6Version(text: string): [number, number, number] | null {
  const match = /k6 v(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

export interface K6Binary {
  path: string;
  version: string;
}

/**
 * $K6_BIN, then the pinned build in .tools/bin, then PATH. A k6 older than 1.6 is refused: the scripts
 * import the stable k6/websockets module.
 */
export function findK6(env: NodeJS.ProcessEnv = process.env, repoRoot = REPO_ROOT): K6Binary {
  const candidates = [
    env.K6_BIN,
    join(repoRoot, '.tools', 'bin', 'k6'),
    ...(env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'k6')),
  ].filter((p): p is string => Boolean(p));
  const tooOld: string[] = [];
  for (const path of candidates) {
    if (!executable(path)) continue;
    const out = spawnSync(path, ['version'], { encoding: 'utf8', timeout: 10_000 });
    const version = parseK6Version(out.stdout ?? '');
    if (!version) continue;
    const [major, minor] = version;
    if (major > MIN_K6[0] || (major === MIN_K6[0] && minor >= MIN_K6[1])) return { path, version: `v${version.join('.')}` };
    tooOld.push(`${path} is v${version.join('.')}`);
  }
  const looked = `looked at ${env.K6_BIN ? '$K6_BIN, ' : ''}${join(repoRoot, '.tools', 'bin', 'k6')} and PATH`;
  throw new K6MissingError(tooOld.length ? `k6 >= v${MIN_K6.join('.')} not found (${tooOld.join('; ')})` : `k6 not found (${looked})`);
}

export interface K6Run {
  k6: K6Binary;
  /** load/<name>.ts, or an absolute path (an exported bundle) */
  script: string;
  fixturePath: string;
  outDir: string;
  /** hard bound: SIGTERM, then SIGKILL 5 s later */
  timeoutMs: number;
  redactor: Redactor;
  /** write k6's HTML dashboard export to outDir/dashboard.html (default true) */
  dashboard?: boolean;
  /** receives k6's stdout/stderr lines, already redacted */
  onLine?: (line: string) => void;
  /** receives the JSON of each `CCTICK` line (per-second figures, load/lib/ticks.ts); kept out of k6.log */
  onTick?: (json: string) => void;
}

export interface K6Result {
  /** k6's own exit code: 0 pass, 99 thresholds failed, others errors; null when killed */
  code: number | null;
  timedOut: boolean;
  /** last redacted lines of output, for error messages */
  tail: string[];
}

export function runK6(run: K6Run): Promise<K6Result> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHATCONFORM_FIXTURES: run.fixturePath,
    CHATCONFORM_OUT: run.outDir,
    K6_NO_USAGE_REPORT: 'true',
    K6_NO_COLOR: 'true',
  };
  if (run.dashboard !== false) {
    Object.assign(env, {
      K6_WEB_DASHBOARD: 'true',
      // -1: no HTTP server at all; the export is written at the end of the run, entirely offline.
      K6_WEB_DASHBOARD_PORT: '-1',
      // Short runs need a short aggregation period or the dashboard skips the report.
      K6_WEB_DASHBOARD_PERIOD: '1s',
      K6_WEB_DASHBOARD_EXPORT: join(run.outDir, 'dashboard.html'),
    });
  }
  const log = createWriteStream(join(run.outDir, 'k6.log'));
  const tail: string[] = [];
  // --log-format raw: console lines arrive as written (the tick lines' JSON unescaped).
  const child = spawn(run.k6.path, ['run', '--quiet', '--log-format', 'raw', isAbsolute(run.script) ? run.script : join(LOAD_DIR, run.script)], { env, cwd: run.outDir, stdio: ['ignore', 'pipe', 'pipe'] });
  // Lines may straddle chunks: keep the unfinished end of each stream for its next chunk.
  const partial = { out: '', err: '' };
  const onData = (stream: 'out' | 'err') => (chunk: Buffer) => {
    const text = partial[stream] + chunk.toString('utf8');
    const lines = text.split('\n');
    partial[stream] = lines.pop() ?? '';
    emit(lines);
  };
  const emit = (lines: string[]) => {
    for (const raw of lines) {
      if (!raw.trim()) continue;
      if (raw.startsWith(TICK_PREFIX)) {
        run.onTick?.(raw.slice(TICK_PREFIX.length));
        continue;
      }
      const line = run.redactor.text(raw);
      log.write(line + '\n');
      tail.push(line);
      if (tail.length > 20) tail.shift();
      run.onLine?.(line);
    }
  };
  child.stdout.on('data', onData('out'));
  child.stderr.on('data', onData('err'));
  let timedOut = false;
  const term = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  }, run.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', (err) => {
      clearTimeout(term);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(term);
      emit([partial.out, partial.err]);
      log.end();
      resolve({ code, timedOut, tail });
    });
  });
}
