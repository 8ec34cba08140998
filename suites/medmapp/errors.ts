// 000 §3.3 (the "error" case of onmessage) and D-medmapp-04/05 (error frame shape, unknown types). Bad
// frames refused, the error frame's schema and the socket after it are the shared families' (families.ts).
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectTrue, short } from '../../harness/verify.ts';
import { refused } from '../families/index.ts';
import { uniqueText } from '../support.ts';
import { adapter } from './adapter.ts';
import { families as f } from './families.ts';
import { connectedPair, isError, type MedmappState } from './support.ts';

export const errors: Check<MedmappState>[] = [
  f['invalid-json'],
  f['empty-message'],
  f['wrong-type'],
  {
    id: 'medmapp-err-04',
    level: 'SHOULD',
    doc: '000 §3.2',
    decision: 'D-medmapp-05',
    title: 'An unknown frame type is refused with an error frame',
    requirement: 'Decision D-medmapp-05: only type "text" is sent over the socket (files go through /upload_file/, FAQ); any other type is answered with an error.',
    tags: ['errors', 'websocket', 'validation'],
    timing: 'alone',
    async run(ctx) {
      const text = uniqueText('bogus');
      await refused(ctx, adapter, { type: 'bogus', message: text }, '{"type": "bogus"}', (t) => t.includes(text));
    },
  },
  {
    id: 'medmapp-err-05',
    level: 'SHOULD',
    doc: '000 §3.3',
    decision: 'D-medmapp-04',
    title: 'Error frames carry type "error"',
    requirement: 'Decision D-medmapp-04 (the document is silent): §3.3\'s client dispatches on data.type; an error frame without type "error" never reaches its "error" case.',
    tags: ['errors', 'websocket'],
    async run(ctx) {
      const { patient } = await connectedPair(ctx);
      patient.send('not json');
      const frame = await expectFrame(ctx, patient, isError, 'an error frame');
      const type = (frame.json as Json).type;
      expectTrue(ctx, type === 'error', {
        expected: ['{"type": "error", …}'],
        observed: short(frame.json),
        pass: 'the error frame has type "error"',
        fail: `the error frame's type is ${JSON.stringify(type)}`,
      });
    },
  },
  f['error-frame-schema'],
  f['usable-after-error'],
];
