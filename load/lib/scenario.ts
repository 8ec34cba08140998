// The k6 lifecycle shared by the room scripts (broadcast, over-limit): one VU drives one room, every
// room starts sending at the same instant, and the summary goes to the run's folder. A script adds only
// its options (thresholds).
import exec from 'k6/execution';
import { config as cfg, warmupMs } from './config.ts';
import { touchCounters } from './metrics.ts';
import { runRoom } from './room.ts';
import { summaryFiles } from './summary.ts';

export function setup(): { startAt: number } {
  // Every room starts sending at the same instant, after every socket had time to connect.
  return { startAt: Date.now() + warmupMs(cfg, cfg.totalConnections) };
}

export async function driveRoom(data: { startAt: number }): Promise<void> {
  touchCounters();
  const index = exec.vu.idInTest - 1;
  if (index < cfg.roomCount) await runRoom(index, data.startAt);
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryFiles(data);
}
