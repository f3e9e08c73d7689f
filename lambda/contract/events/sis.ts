import * as z from 'zod';
import { defineEvent, id, text } from '../define.js';

/** Body of `sis_batch_created`. */
export const SisBatchCreatedBodySchema = z.looseObject({
  sis_batch_id: id('The internal SIS import id.'),
  account_id: id('The id of the Canvas account the SIS csv file is being imported to.'),
  workflow_state: text('The status of the current SIS Import.'),
});
export type SisBatchCreatedBody = z.infer<typeof SisBatchCreatedBodySchema>;
export const SisBatchCreated = defineEvent({
  name: 'sis_batch_created',
  definition: 'The event is emitted when a new SIS import is created.',
  trigger: 'Triggered when a user or API call imported a new SIS csv file.',
  body: SisBatchCreatedBodySchema,
});

/** Body of `sis_batch_updated`. */
export const SisBatchUpdatedBodySchema = z.looseObject({
  sis_batch_id: id('The internal SIS import id.'),
  account_id: id('The id of the Canvas account the SIS data is being imported to.'),
  workflow_state: text('The status of the current SIS Import.'),
});
export type SisBatchUpdatedBody = z.infer<typeof SisBatchUpdatedBodySchema>;
export const SisBatchUpdated = defineEvent({
  name: 'sis_batch_updated',
  definition: 'The event is emitted when a newly created SIS import status changes.',
  trigger: 'Triggered when workflow_state state changes for a newly created SIS import.',
  body: SisBatchUpdatedBodySchema,
});
