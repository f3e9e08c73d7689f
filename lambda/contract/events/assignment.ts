import * as z from 'zod';
import {
  bool,
  type CaliperMapping,
  defineEvent,
  deriveBody,
  double,
  id,
  int64,
  json,
  text,
  timestamp,
} from '../define.js';

/** Caliper AssignableDigitalResource → assignment columns (the rest of object.extensions maps by name). */
const ASSIGNMENT_CALIPER_FIELDS = {
  assignment_id: ['object.ext.entity_id', 'object.id|urn'],
  title: 'object.name',
  description: 'object.description',
  unlock_at: 'object.dateToShow',
  due_at: 'object.dateToSubmit',
  points_possible: 'object.maxScore',
  updated_at: 'object.dateModified',
  context_id: ['group.ext.entity_id', 'group.id|urn'],
  context_type: 'group.ext.context_type',
} as const satisfies CaliperMapping['fields'];

const OVERRIDE_CALIPER_FIELDS = {
  assignment_override_id: ['object.ext.entity_id', 'object.id|urn'],
  unlock_at: 'object.dateToShow',
  due_at: 'object.dateToSubmit',
} as const satisfies CaliperMapping['fields'];

/** Body of `assignment_created`. */
export const AssignmentCreatedBodySchema = z.looseObject({
  assignment_group_id: id('The Canvas id of the assignment group.'),
  assignment_id: id('The Canvas id of the new assignment.'),
  context_id: id('The type of context the assignment is used in.'),
  context_type: text('The type of context the assignment is used in.'),
  context_uuid: text('The uuid of the context associated with the assignment.'),
  created_on_blueprint_sync: bool(
    'Whether or not the assignment was created in the context of a blueprint sync.',
  ),
  description: text(
    'The description of the assignment. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  due_at: timestamp('The due date for the assignment.'),
  lock_at: timestamp('The lock date (assignment is locked after this date).'),
  lti_assignment_id: text('The LTI assignment guid for the assignment.'),
  lti_resource_link_id: text(
    'The unique identifier of the assignment resource in the LTI specification. Unique per Canvas shard.',
  ),
  lti_resource_link_id_duplicated_from: text(
    'The LTI resource link ID of the original assignment. Present if new assigment is a copy.',
  ),
  assignment_id_duplicated_from: id(
    'The Canvas id of the original assignment.  Present if new assigment is a copy.',
    {
      aliases: ['assignment_id_duplicated__from'],
    },
  ),
  assignment_id_duplicated__from: id(
    'The catalog spelling of assignment_id_duplicated_from; Canvas has sent both.',
  ),
  domain_duplicated_from: text(
    'The Canvas domain of the root account of the original assignment. Present if new assigment is a copy.',
  ),
  domain: text('The Canvas domain of the root account of the assignment.'),
  points_possible: double('The maximum points possible for the assignment.'),
  submission_types: text(
    'Valid methods for submitting the assignment, may include multiple comma separated options of: discussion_topic, external_tool, media_recording, none, not_graded, online_quiz, online_text_entry, online_upload, online_url, on_paper.',
  ),
  title: text(
    'The title of the assignment. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  unlock_at: timestamp('The unlock date (assignment is unlocked after this date).'),
  updated_at: timestamp('The time at which this assignment was last modified in any way.'),
  workflow_state: text(
    'Workflow state of the assignment. E.g duplicating, fail_to_import, failed_to_duplicate, published, unpublished. See API documentation for more details.',
  ),
});
export type AssignmentCreatedBody = z.infer<typeof AssignmentCreatedBodySchema>;
export const AssignmentCreated = defineEvent({
  name: 'assignment_created',
  definition: 'The event is emitted anytime a new assignment is created by an end user or API request.',
  trigger: 'Triggered when a new assignment is created in a course.',
  body: AssignmentCreatedBodySchema,
  caliper: {
    action: 'Created',
    objectKind: 'assignment',
    fields: ASSIGNMENT_CALIPER_FIELDS,
  },
});

/** Body of `assignment_updated`: the fields of `assignment_created`, with those the catalog documents differently. */
export const AssignmentUpdatedBodySchema = deriveBody(AssignmentCreatedBodySchema, {
  context_id: id('The Canvas id for the context the assignment is used in.'),
  context_type: text('The type of context the assignment is used in (usually Course).'),
  submission_types: text(
    'Valid methods for submitting the assignment, may include multiple comma separated options.',
  ),
  unlock_at: timestamp(
    'The unlock date (assignment is unlocked after this date), or null if not applicable.',
  ),
  workflow_state: text(
    'Workflow state of the assignment (deleted, duplicating, failed_to_import, failed_to_duplicate, failed_to_migrate, importing, published, unpublished).',
  ),
});
export type AssignmentUpdatedBody = z.infer<typeof AssignmentUpdatedBodySchema>;
export const AssignmentUpdated = defineEvent({
  name: 'assignment_updated',
  definition:
    'The event is emitted anytime an assignment is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when an assignment has been modified.',
  body: AssignmentUpdatedBodySchema,
  caliper: {
    action: 'Modified',
    objectKind: 'assignment',
    fields: ASSIGNMENT_CALIPER_FIELDS,
  },
});

/** Body of `assignment_group_created`. */
export const AssignmentGroupCreatedBodySchema = z.looseObject({
  assignment_group_id: id('The Canvas id of the new assignment group.'),
  context_id: id('The Canvas context id of the new assignment group.'),
  context_type: text('The context type of the new assignment group.'),
  group_weight: double('The group weight of the new assignment group.'),
  integration_data: json('Integration data for the new assignment group.'),
  name: text('The name of the new assignment group.'),
  position: int64('The position of the new assignment group on the assignments page.'),
  rules: text('Rules for the new assignment group.'),
  sis_source_id: text('The SIS source id of the new assignment group.'),
  workflow_state: text('Workflow state of the assignment group.'),
});
export type AssignmentGroupCreatedBody = z.infer<typeof AssignmentGroupCreatedBodySchema>;
export const AssignmentGroupCreated = defineEvent({
  name: 'assignment_group_created',
  definition: 'The event is emitted anytime a new assignment group is created by an end user or API request.',
  trigger: 'Triggered when a new assignment group is created in a course.',
  body: AssignmentGroupCreatedBodySchema,
});

/** Body of `assignment_group_updated`. */
export const AssignmentGroupUpdatedBodySchema = z.looseObject({
  assignment_group_id: id('The Canvas id of the updated assignment group.'),
  context_id: id('The Canvas context id of the updated assignment group.'),
  context_type: text('The context type of the updated assignment group.'),
  group_weight: double('The group weight of the updated assignment group.'),
  integration_data: json('Integration data for the updated assignment group.'),
  name: text('The name of the updated assignment group.'),
  position: int64('The position of the updated assignment group.'),
  rules: text('Rules for the updated assignment group.'),
  sis_source_id: text('The SIS source id of the updated assignment group.'),
  workflow_state: text('Workflow state of the assignment group.'),
});
export type AssignmentGroupUpdatedBody = z.infer<typeof AssignmentGroupUpdatedBodySchema>;
export const AssignmentGroupUpdated = defineEvent({
  name: 'assignment_group_updated',
  definition:
    'The event is emitted anytime an assignment group is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a user or asynchronous job updates a new assignment group in a course context.',
  body: AssignmentGroupUpdatedBodySchema,
});

/** Body of `assignment_override_created`. */
export const AssignmentOverrideCreatedBodySchema = z.looseObject({
  assignment_override_id: id('The Canvas id of the assignment override.'),
  assignment_id: id('The Canvas id of the assignment linked to the override.'),
  due_at: timestamp('The override due_at timestamp, or nil if not overridden.'),
  all_day: bool('The overridden all_day flag, or nil if not overridden.'),
  all_day_date: timestamp('The overridden all_day_date, or nil if not overridden.'),
  unlock_at: timestamp('The overridden unlock_at timestamp, or nil if not overridden.'),
  lock_at: timestamp('The overridden lock_at timestamp, or nil if not overridden.'),
  type: text('Override type - `ADHOC` (list of Students), `CourseSection`, or `Group`.'),
  course_section_id: id("(if `type='CourseSection'`) Canvas section id that this override applies to."),
  group_id: id("(if `type='Group'`) Canvas group id that this override applies to."),
  workflow_state: text('Workflow state of the override. (active, deleted)'),
});
export type AssignmentOverrideCreatedBody = z.infer<typeof AssignmentOverrideCreatedBodySchema>;
export const AssignmentOverrideCreated = defineEvent({
  name: 'assignment_override_created',
  definition: 'The event is emitted anytime an assignment override is created by an end user or API request.',
  trigger: 'Triggered when an assignment override is created.',
  body: AssignmentOverrideCreatedBodySchema,
  caliper: {
    action: 'Created',
    objectKind: 'assignment_override',
    fields: OVERRIDE_CALIPER_FIELDS,
  },
});

/** Body of `assignment_override_updated`: the catalog documents the same fields, in the same words, as for `assignment_override_created`. */
export const AssignmentOverrideUpdatedBodySchema = AssignmentOverrideCreatedBodySchema;
export type AssignmentOverrideUpdatedBody = z.infer<typeof AssignmentOverrideUpdatedBodySchema>;
export const AssignmentOverrideUpdated = defineEvent({
  name: 'assignment_override_updated',
  definition:
    'The event is emitted anytime an assignment override is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when an assignment override has been modified.',
  body: AssignmentOverrideUpdatedBodySchema,
  caliper: {
    action: 'Modified',
    objectKind: 'assignment_override',
    fields: OVERRIDE_CALIPER_FIELDS,
  },
});
