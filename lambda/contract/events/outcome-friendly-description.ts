import * as z from 'zod';
import { defineEvent, type EventSource, id, text, timestamp } from '../define.js';

/** Outcome friendly descriptions: undocumented by Instructure (see docs/event-sources.md). */
const SOURCE: EventSource = {
  documentation: 'undocumented',
  reference: 'instructure/canvas-lms lib/canvas/live_events.rb get_outcome_friendly_description_data',
};

/** Body of `outcome_friendly_description_created` (get_outcome_friendly_description_data). */
export const OutcomeFriendlyDescriptionCreatedBodySchema = z.looseObject({
  outcome_friendly_description_id: id('The Canvas id of the friendly description.'),
  context_type: text('The type of context the description is set in (Account or Course).'),
  context_id: id('The Canvas id of that context.'),
  description: text('The student-facing description of the outcome.'),
  workflow_state: text('The state of the description (active, deleted).'),
  learning_outcome_id: id('The Canvas id of the learning outcome described.'),
  learning_outcome_context_uuid: text("The uuid of the outcome's context."),
  root_account_id: id('The Canvas id of the root account.'),
});
export type OutcomeFriendlyDescriptionCreatedBody = z.infer<
  typeof OutcomeFriendlyDescriptionCreatedBodySchema
>;
export const OutcomeFriendlyDescriptionCreated = defineEvent({
  name: 'outcome_friendly_description_created',
  definition:
    'Undocumented by Instructure. Emitted when a friendly (student-facing) description is added to a learning outcome.',
  trigger: 'Triggered when an OutcomeFriendlyDescription is created.',
  body: OutcomeFriendlyDescriptionCreatedBodySchema,
  source: SOURCE,
});

/** Body of `outcome_friendly_description_updated`: the created payload and `updated_at`. */
export const OutcomeFriendlyDescriptionUpdatedBodySchema = OutcomeFriendlyDescriptionCreatedBodySchema.extend(
  {
    updated_at: timestamp('The time at which the description was last modified.'),
  },
);
export type OutcomeFriendlyDescriptionUpdatedBody = z.infer<
  typeof OutcomeFriendlyDescriptionUpdatedBodySchema
>;
export const OutcomeFriendlyDescriptionUpdated = defineEvent({
  name: 'outcome_friendly_description_updated',
  definition:
    'Undocumented by Instructure. Emitted when the friendly description of a learning outcome changes or is deleted.',
  trigger: 'Triggered when an OutcomeFriendlyDescription is updated.',
  body: OutcomeFriendlyDescriptionUpdatedBodySchema,
  source: SOURCE,
});
