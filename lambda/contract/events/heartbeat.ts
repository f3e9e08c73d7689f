import * as z from 'zod';
import { defineEvent, text } from '../define.js';

/** Body of `heartbeat` (Canvas::LiveEvents.heartbeat): undocumented by Instructure. */
export const HeartbeatBodySchema = z.looseObject({
  environment: text('The Canvas environment (prod, beta, test…).'),
  region_code: text('The code of the Canvas region, or not_configured.'),
  region: text('The AWS region of the Canvas instance, or not_configured.'),
});
export type HeartbeatBody = z.infer<typeof HeartbeatBodySchema>;
export const Heartbeat = defineEvent({
  name: 'heartbeat',
  definition:
    'Undocumented by Instructure. A periodic liveness event from Canvas itself, not tied to any user action: a stream that stops receiving it has stopped receiving everything.',
  trigger: 'Triggered by a Canvas job on a schedule.',
  body: HeartbeatBodySchema,
  source: {
    documentation: 'undocumented',
    reference:
      'instructure/canvas-lms lib/canvas/live_events.rb heartbeat; spec/lib/canvas/live_events_spec.rb',
  },
});
