// k6 options built from the fixture file: one VU per room, one iteration each, bounded in time.
import type { Options } from 'k6/options';
import { config as cfg, durationMs, warmupMs } from './config.ts';

export const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'count'];

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)}s`;
}

/** Fixture thresholds win over the script's defaults, metric by metric. */
export function roomOptions(defaults: Record<string, string[]>): Options {
  const runMs = warmupMs(cfg, cfg.totalConnections) + durationMs(cfg.duration, 30_000) + durationMs(cfg.drain, 3000);
  return {
    scenarios: {
      rooms: {
        executor: 'per-vu-iterations',
        vus: Math.max(1, cfg.roomCount),
        iterations: 1,
        // Stops by itself: the script ends each room after its drain; this is the hard cap.
        maxDuration: seconds(runMs + 15_000),
        gracefulStop: '5s',
      },
    },
    thresholds: { ...defaults, ...cfg.thresholds },
    summaryTrendStats: TREND_STATS,
    setupTimeout: '30s',
    teardownTimeout: '10s',
  };
}
