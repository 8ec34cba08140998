// Error frames (D-carinfopro-08, undocumented, hence SHOULD) and REST error bodies (D-carinfopro-12).
// Bad frames refused, the socket after an error, the error frame's shape and the REST bodies are the
// shared families' (families.ts); the length limit is CarInfoPro's own.
import type { Check } from '../../harness/check.ts';
import { refused } from '../families/index.ts';
import { uniqueText } from '../support.ts';
import { adapter } from './adapter.ts';
import { families as f } from './families.ts';
import type { CarinfoproState } from './support.ts';

export const errorChecks: Check<CarinfoproState>[] = [
  f['invalid-json'],
  f['empty-message'],
  f['wrong-type'],
  {
    id: 'fiko-err-04',
    timing: 'alone',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-08',
    title: 'A message over 4000 characters is refused with an error frame',
    requirement: 'Decision D-carinfopro-08 (the document is silent): "Message too long" above 4000 characters; nothing stored or broadcast.',
    tags: ['errors', 'websocket', 'validation'],
    async run(ctx) {
      const marker = uniqueText('long');
      await refused(ctx, adapter, { message: `${marker}${'x'.repeat(4001)}` }, 'a message of 4000+ characters', (t) => t.includes(marker));
    },
  },
  f['usable-after-error'],
  f['error-frame-schema'],
  f['rest-error-body'],
];
