import * as z from 'zod';
import { bool, type CaliperMapping, defineEvent, deriveBody, id, text, timestamp } from '../define.js';

/**
 * Caliper MessageEvent/Posted (Instructure's Caliper catalog, `discussion_entry_created.json`): the entry is
 * a Message whose `isPartOf` is the topic's Thread and whose author is the actor. A reply names its parent
 * with `replyTo`, as IMS Caliper 1.1 defines Message; the catalog's one example is not a reply.
 */
const DISCUSSION_ENTRY_CALIPER: CaliperMapping = {
  eventType: 'MessageEvent',
  action: 'Posted',
  objectKind: 'discussionEntry',
  fields: {
    discussion_entry_id: ['object.ext.entity_id', 'object.id|urn'],
    discussion_topic_id: 'object.isPartOf.id|urn',
    parent_discussion_entry_id: 'object.replyTo.id|urn',
    text: 'object.body',
    user_id: ['actor.ext.entity_id', 'actor.id|urn:user'],
    created_at: 'object.dateCreated',
  },
  consumes: ['object.isPartOf.type', 'object.replyTo.type'],
};

/** Caliper ThreadEvent/Created (`discussion_topic_created.json`); `is_announcement` is an object extension. */
const DISCUSSION_TOPIC_CALIPER: CaliperMapping = {
  eventType: 'ThreadEvent',
  action: 'Created',
  objectKind: 'discussion',
  fields: {
    discussion_topic_id: ['object.ext.entity_id', 'object.id|urn'],
    title: 'object.name',
    updated_at: 'object.dateModified',
    context_id: ['group.ext.entity_id', 'group.id|urn'],
    context_type: 'group.ext.context_type',
  },
};

/** Body of `discussion_entry_created`. */
export const DiscussionEntryCreatedBodySchema = z.looseObject({
  created_at: timestamp('The time at which this entry was created.'),
  discussion_entry_id: id('The Canvas id of the newly added entry.'),
  discussion_topic_id: id('The Canvas id of the topic the entry was added to.'),
  parent_discussion_entry_id: id('If this was a reply, the Canvas id of the parent entry.'),
  text: text(
    'The text of the post. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  user_id: id('The Canvas id of the user being that created the entry.'),
});
export type DiscussionEntryCreatedBody = z.infer<typeof DiscussionEntryCreatedBodySchema>;
export const DiscussionEntryCreated = defineEvent({
  name: 'discussion_entry_created',
  definition: 'The event is emitted anytime an end user or a system replies to a discussion topic or thread.',
  trigger: 'Triggered when a user replies to the discussion topic or thread.',
  body: DiscussionEntryCreatedBodySchema,
  caliper: DISCUSSION_ENTRY_CALIPER,
});

/**
 * Where discussion_entry_updated and discussion_entry_deleted come from: Canvas sends the payload of
 * `get_discussion_entry_data` (the body of discussion_entry_created) when a reply is edited, and under the
 * `_deleted` name when it is soft-deleted (an update of `deleted_at`).
 */
const DISCUSSION_ENTRY_CHANGE_SOURCE = {
  documentation: 'undocumented',
  reference:
    'instructure/canvas-lms pull request #2611 "Discussion Replies - Edit/Delete Triggers Live Event" (https://github.com/instructure/canvas-lms/pull/2611): Canvas::LiveEvents.discussion_entry_updated / discussion_entry_deleted from Canvas::LiveEventsCallbacks.after_update, payload of get_discussion_entry_data (lib/canvas/live_events.rb)',
} as const;

/** Body of `discussion_entry_updated`: the payload of discussion_entry_created (get_discussion_entry_data). */
export const DiscussionEntryUpdatedBodySchema = DiscussionEntryCreatedBodySchema;
export type DiscussionEntryUpdatedBody = z.infer<typeof DiscussionEntryUpdatedBodySchema>;
export const DiscussionEntryUpdated = defineEvent({
  name: 'discussion_entry_updated',
  definition:
    'Undocumented by Instructure. Emitted when a discussion reply is edited; the body is that of discussion_entry_created, with the edited text.',
  trigger: 'Triggered when a user edits a reply to a discussion topic or thread.',
  body: DiscussionEntryUpdatedBodySchema,
  source: DISCUSSION_ENTRY_CHANGE_SOURCE,
});

/** Body of `discussion_entry_deleted`: the payload of discussion_entry_created (get_discussion_entry_data). */
export const DiscussionEntryDeletedBodySchema = DiscussionEntryCreatedBodySchema;
export type DiscussionEntryDeletedBody = z.infer<typeof DiscussionEntryDeletedBodySchema>;
export const DiscussionEntryDeleted = defineEvent({
  name: 'discussion_entry_deleted',
  definition:
    'Undocumented by Instructure. Emitted when a discussion reply is deleted (Canvas soft-deletes: the entry is updated, not destroyed); the body is that of discussion_entry_created.',
  trigger: 'Triggered when a user deletes a reply to a discussion topic or thread.',
  body: DiscussionEntryDeletedBodySchema,
  source: DISCUSSION_ENTRY_CHANGE_SOURCE,
});

/** Body of `discussion_entry_submitted`. */
export const DiscussionEntrySubmittedBodySchema = z.looseObject({
  assignment_id: id('The Canvas id of the assignment if the discussion topic is graded.'),
  created_at: timestamp('The time at which this entry was created.'),
  discussion_entry_id: id('The Canvas id of the newly added entry.'),
  discussion_topic_id: id('The Canvas id of the topic the entry was added to.'),
  parent_discussion_entry_id: id('If this was a reply, the Canvas id of the parent entry.'),
  submission_id: id('The Canvas id of the submission if the discussion topic is graded.'),
  text: text(
    'The text of the post. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  user_id: id('The Canvas id of the user being that created the entry.'),
});
export type DiscussionEntrySubmittedBody = z.infer<typeof DiscussionEntrySubmittedBodySchema>;
export const DiscussionEntrySubmitted = defineEvent({
  name: 'discussion_entry_submitted',
  definition: 'The event is emitted anytime a user or system replies to a graded discussion topic.',
  trigger: 'Triggered when a user replies to a graded discussion topic or discussion thread.',
  body: DiscussionEntrySubmittedBodySchema,
});

/** Body of `discussion_topic_created`. */
export const DiscussionTopicCreatedBodySchema = z.looseObject({
  assignment_id: id("The Canvas id of the topic's associated assignment"),
  body: text(
    'Body of the topic. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  context_id: id("The Canvas id of the topic's context."),
  context_type: text("The type of the topic's context (usually Course or Group)"),
  discussion_topic_id: id('The Canvas id of the new discussion topic.'),
  is_announcement: bool('true if this topic was posted as an announcement, false otherwise.'),
  lock_at: timestamp('The lock date (discussion is locked after this date), or null.'),
  title: text(
    'Title of the topic. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  updated_at: timestamp('The time at which this topic was last modified in any way'),
  workflow_state: text('The state of the discussion topic (active, deleted, post_delayed, unpublished).'),
});
export type DiscussionTopicCreatedBody = z.infer<typeof DiscussionTopicCreatedBodySchema>;
export const DiscussionTopicCreated = defineEvent({
  name: 'discussion_topic_created',
  definition:
    'The event is emitted anytime an new discussion topic is created by an end user or API request.',
  trigger:
    'Triggered when a new discussion topic is created in a course. Also triggered when a new course announcement is created with `is_announcement` set to TRUE.',
  body: DiscussionTopicCreatedBodySchema,
  caliper: DISCUSSION_TOPIC_CALIPER,
});

/** Body of `discussion_topic_updated`: the fields of `discussion_topic_created`, with those the catalog documents differently. */
export const DiscussionTopicUpdatedBodySchema = deriveBody(DiscussionTopicCreatedBodySchema, {
  assignment_id: id('The local Canvas id of the assignment.'),
  context_type: text('The type of context the discussion_topicis used in.'),
  updated_at: timestamp('The time at which this discussion was last modified in any way.'),
});
export type DiscussionTopicUpdatedBody = z.infer<typeof DiscussionTopicUpdatedBodySchema>;
export const DiscussionTopicUpdated = defineEvent({
  name: 'discussion_topic_updated',
  definition:
    'The event is emitted anytime a discussion topic or course announcement is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger:
    'Triggered when a discussion topic is modified in a course. Also triggered when a course announcement is modified in a course.',
  body: DiscussionTopicUpdatedBodySchema,
});
