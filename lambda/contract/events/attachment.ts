import * as z from 'zod';
import { type CaliperMapping, defineEvent, deriveBody, id, text, timestamp } from '../define.js';

const ATTACHMENT_CALIPER_FIELDS = {
  attachment_id: ['object.ext.entity_id', 'object.id|urn'],
  display_name: 'object.name',
  content_type: 'object.mediaType',
  updated_at: 'object.dateModified',
} as const satisfies CaliperMapping['fields'];

/** Body of `attachment_created`. */
export const AttachmentCreatedBodySchema = z.looseObject({
  attachment_id: id('The Canvas id of the attachment.'),
  content_type: text('The attached files mime-type.'),
  context_id: id('The id of the context the attachment is used in.'),
  context_type: text('The type of context the attachment is used in.'),
  display_name: text(
    'The display name of the attachment. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  filename: text(
    'The file name of the attachment. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  folder_id: id('The id of the folder where the attachment was saved.'),
  lock_at: timestamp('The lock date (attachment is locked after this date).'),
  unlock_at: timestamp('The unlock date (attachment is unlocked after this date).'),
  updated_at: timestamp('The time at which this attachment was last modified in any way.'),
  user_id: id('The Canvas id of the user associated with the attachment.'),
});
export type AttachmentCreatedBody = z.infer<typeof AttachmentCreatedBodySchema>;
export const AttachmentCreated = defineEvent({
  name: 'attachment_created',
  definition: 'The event is emitted anytime a new file is uploaded by an end user or API request.',
  trigger: 'Triggered anytime a file is uploaded into a course or user file directory.',
  body: AttachmentCreatedBodySchema,
  caliper: { action: 'Created', objectKind: 'attachment', fields: ATTACHMENT_CALIPER_FIELDS },
});

/** Body of `attachment_deleted`: the catalog documents the same fields, in the same words, as for `attachment_created`. */
export const AttachmentDeletedBodySchema = AttachmentCreatedBodySchema;
export type AttachmentDeletedBody = z.infer<typeof AttachmentDeletedBodySchema>;
export const AttachmentDeleted = defineEvent({
  name: 'attachment_deleted',
  definition: 'The event is emitted anytime a file is removed by an end user or API request.',
  trigger: 'Triggered anytime a file is deleted from a course or user file directory.',
  body: AttachmentDeletedBodySchema,
  caliper: { action: 'Deleted', objectKind: 'attachment', fields: ATTACHMENT_CALIPER_FIELDS },
});

/** Body of `attachment_updated`: the fields of `attachment_created`, with those the catalog documents differently. */
export const AttachmentUpdatedBodySchema = deriveBody(AttachmentCreatedBodySchema, {
  old_display_name: text(
    'The old display name of the attachment. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
});
export type AttachmentUpdatedBody = z.infer<typeof AttachmentUpdatedBodySchema>;
export const AttachmentUpdated = defineEvent({
  name: 'attachment_updated',
  definition:
    'The event is emitted anytime a file is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered anytime a file is updated in a course or user file directory.',
  body: AttachmentUpdatedBodySchema,
  caliper: { action: 'Modified', objectKind: 'attachment', fields: ATTACHMENT_CALIPER_FIELDS },
});
