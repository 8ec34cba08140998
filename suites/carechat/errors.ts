// 002 §Error Responses: {"error": "<text>"} frames for empty content and invalid JSON (the shared
// families: refused, nothing delivered, the socket usable after, the frame's shape); the listed texts are
// the care chat's own.
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectTrue, short } from '../../harness/verify.ts';
import { families as f } from './families.ts';
import { errorOf, fixturePair, isError, type CarechatState } from './support.ts';

export const errorChecks: Check<CarechatState>[] = [
  f['empty-message'],
  f['invalid-json'],
  f['usable-after-error'],
  {
    id: 'carechat-err-04',
    level: 'SHOULD',
    doc: '002 §Error Responses',
    decision: 'D-carechat-07',
    title: 'The error texts are the ones the document lists',
    requirement: 'Decision D-carechat-07 (the texts are listed as "Common Errors"; checks elsewhere accept any text): "Message content cannot be empty" for empty or whitespace-only content, "Invalid JSON" for a frame that is not JSON.',
    tags: ['errors', 'websocket'],
    async run(ctx) {
      const { patient } = await fixturePair(ctx);
      for (const [frame, text] of [[{ content: '' }, 'Message content cannot be empty'], [{ content: ' \n\t ' }, 'Message content cannot be empty'], ['{"content": "unterminated', 'Invalid JSON']] as const) {
        patient.send(frame);
        const got = await expectFrame(ctx, patient, isError, `an error frame answering ${JSON.stringify(frame)}`);
        expectTrue(ctx, errorOf(got) === text, { expected: [`{"error": "${text}"}`], observed: short(got.json), pass: `"${text}"`, fail: `the error text is ${JSON.stringify(errorOf(got))}` });
      }
    },
  },
  f['error-frame-schema'],
];
