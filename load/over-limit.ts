// Over the limit: every member sends faster than the documented limit (the harness writes rate 8 for
// Medmapp's 5/s). Each message beyond the limit must be answered with the documented refusal frame and
// nothing may vanish: sent = delivered + refused (silent_drops 0), every accepted message reaches every
// member (loss 0), the limiter refuses something (limiter_refusals > 0) and admits no more than the limit
// (limiter_over_admissions 0), and no socket is closed for it (unexpected_closes 0).
//
//   CHATCONFORM_FIXTURES=fixture.json k6 run load/over-limit.ts
import { roomOptions } from './lib/options.ts';

export { setup, driveRoom as default, handleSummary } from './lib/scenario.ts';

export const options = roomOptions({
  limiter_refusals: ['count>0'],
  silent_drops: ['count<=0'],
  loss: ['count<=0'],
  limiter_over_admissions: ['count<=0'],
  unexpected_closes: ['count<=0'],
  connect_refusals: ['count<=0'],
  deliveries: ['count>0'],
});
