// Issue 9, observation 11: reproduction lines run as printed. Unit cases for the shapes, then the printed
// lines of real failures (faults on) pasted into bash in the project folder, where they show the failure.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { reproductionFor, runLine, type ReproStep } from '../../harness/reproduce.ts';
import type { ResolvedTarget } from '../../harness/context.ts';
import { runProfile } from '../suites/prove.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const embedded: ResolvedTarget = { profile: 'medmapp', baseUrl: 'http://127.0.0.1:40001', wsUrl: 'ws://127.0.0.1:40001', embedded: true };
const remote: ResolvedTarget = { profile: 'medmapp', baseUrl: 'https://chat.example', wsUrl: 'wss://chat.example', file: 'my backend.json', embedded: false };

describe('reproduction lines', () => {
  it('the run line carries every flag that shaped the run', () => {
    expect(runLine('medmapp-auth-05', embedded, { faults: ['ws-bad-token-wrong-code'], variants: ['no-echo', 'close-4000'], timeoutMs: 1500 }))
      .toBe('npx chatconform run --profile medmapp --fault ws-bad-token-wrong-code --variant no-echo --variant close-4000 --timeout 1500 --only medmapp-auth-05');
    expect(runLine('medmapp-auth-05', remote, { timeoutMs: 3000 })).toBe("npx chatconform run --target-file 'my backend.json' --only medmapp-auth-05");
  });

  it('against a target file: a token line per role, then quoted curl and ws lines with $ROLE_TOKEN', () => {
    const steps: ReproStep[] = [
      { kind: 'http', method: 'GET', path: '/api/conversations/7/messages/?page=1', role: 'patient' },
      { kind: 'ws', path: '/ws/chat/7/?token=$OPERATOR_TOKEN', send: ['{"message":""}'] },
      { kind: 'http', method: 'PATCH', path: '/api/conversations/7/', role: 'operator', json: { status: 'closed' } },
    ];
    expect(reproductionFor('medmapp-page-01', remote, steps, { conversation: 1 }).slice(1)).toEqual([
      "PATIENT_TOKEN=$(npx chatconform token patient --target-file 'my backend.json')",
      "OPERATOR_TOKEN=$(npx chatconform token operator --target-file 'my backend.json')",
      'curl -sS -i -X GET -H "Authorization: Bearer $PATIENT_TOKEN" "https://chat.example/api/conversations/7/messages/?page=1"',
      `printf '%s\\n' '{"message":""}' | npx chatconform ws "wss://chat.example/ws/chat/7/?token=$OPERATOR_TOKEN"`,
      `curl -sS -i -X PATCH -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'content-type: application/json' -d '{"status":"closed"}' "https://chat.example/api/conversations/7/"`,
    ]);
  });

  it('against the embedded server, what the check created is named and the run line stands alone; text steps become comments', () => {
    const lines = reproductionFor('medmapp-status-01', embedded, [{ kind: 'http', method: 'GET', path: '/api/conversations/17/', role: 'operator' }, 'curl -d {"phone":"…"}'], { conversation: 1 }, { faults: ['no-status-update'] });
    expect(lines).toEqual([
      'npx chatconform run --profile medmapp --fault no-status-update --only medmapp-status-01',
      "# 17 existed only in the run's embedded server; the line above reproduces the failure",
      '# curl -d {"phone":"…"}',
    ]);
  });
});

function bash(script: string, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    const kill = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the lines did not finish within ${timeoutMs} ms:\n${script}\n${out}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, out });
    });
  });
}

describe('printed lines of real failures, pasted into bash in the project folder', () => {
  const cases: [profile: string, fault: string, check: string, shows: RegExp][] = [
    // not-a-jwt closes 4003 instead of 4001: the ws line shows the wrong close code.
    ['medmapp', 'ws-bad-token-wrong-code', 'medmapp-auth-05', /^close 4003/m],
    // the outsider reads the patient's history: the curl line shows 200 and the messages.
    ['medmapp', 'rest-no-participant-check', 'medmapp-access-04', /^HTTP\/1\.1 200 /m],
    // another owner's JWT reads the room's history (a login through the token subcommand).
    ['carinfopro', 'history-any-owner', 'carinfopro-access-04', /^HTTP\/1\.1 200 /m],
  ];
  it.each(cases)('%s --fault %s: %s reproduces', async (profile, fault, check, shows) => {
    const { results } = await runProfile(profile, ['--fault', fault, '--only', check]);
    const lines = results.checks[0]!.reproduce ?? [];
    expect(results.checks[0]!.status).toBe('fail');
    expect(lines[0]).toBe(`npx chatconform run --profile ${profile} --fault ${fault} --timeout 1500 --only ${check}`);
    expect(lines.join('\n')).not.toMatch(/\[redacted\]|wscat|^chatconform /m);
    // The run line alone: it fails the same check again.
    const run = await bash(`${lines[0]} --reporter console --out "$(mktemp -d)"`, 120_000);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain(check);
    // The lines by hand: a server of their own, a token, the request, and the failure on screen.
    const hand = await bash(lines.slice(1).join('\n'), 120_000);
    expect(hand.out, lines.join('\n')).toMatch(shows);
  }, 300_000);
});
