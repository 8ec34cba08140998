// Broadcast at the limit: R rooms x M members, every member sends `rate` messages per second (evenly
// spaced, start offsets staggered across the whole run), every socket of the room receives every message
// (its own too where the fixture says receive.echo). Records fan-out latency, deliveries against expected
// (loss), limiter refusals (at or under the limit each one is a false positive: a failure), unexpected
// closes and connect time. Thresholds come from the fixture file; k6 exits 99 when one fails.
//
//   CHATCONFORM_FIXTURES=fixture.json k6 run load/broadcast.ts
import { roomOptions } from './lib/options.ts';

export { setup, driveRoom as default, handleSummary } from './lib/scenario.ts';

export const options = roomOptions({
  fanout_latency: ['p(99)<100'],
  deliveries: ['count>0'], // an empty run proves nothing
  loss: ['count<=0'],
  limiter_refusals: ['count<=0'],
  unexpected_closes: ['count<=0'],
  connect_refusals: ['count<=0'],
});
