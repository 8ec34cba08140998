// CPU time of processes by pid, from /proc/<pid>/stat (utime + stime, clock ticks of 10 ms). Linux only:
// the benchmark says so instead of printing zeros.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by one process (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export function totalCpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

export function assertProcfs(): void {
  try {
    readFileSync('/proc/self/stat');
  } catch {
    throw new Error('the capacity benchmark reads CPU time from /proc (Linux only)');
  }
}
