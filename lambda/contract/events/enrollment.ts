import * as z from 'zod';
import { bool, type CaliperMapping, defineEvent, id, text, timestamp } from '../define.js';

const ENROLLMENT_CALIPER_FIELDS = {
  enrollment_id: ['object.ext.entity_id', 'object.id|urn'],
  created_at: 'object.dateCreated',
  updated_at: 'object.dateModified',
} as const satisfies CaliperMapping['fields'];

/** Caliper sends enrollment and enrollment-state events on the same enrollment URN; these keys tell them apart. */
const ENROLLMENT_STATE_KEYS = ['state', 'access_is_current', 'state_is_current', 'restricted_access'];

const ENROLLMENT_STATE_CALIPER_FIELDS = {
  enrollment_id: ['object.ext.entity_id', 'object.id|urn'],
  state_started_at: 'object.startedAtTime',
} as const satisfies CaliperMapping['fields'];

/** Body of `enrollment_created`. */
export const EnrollmentCreatedBodySchema = z.looseObject({
  associated_user_id: id(
    "The id of the user observed by an observer's enrollment. Omitted from non-observer enrollments.",
  ),
  course_id: id('The Canvas id of the course for this enrollment.'),
  course_section_id: id('The id of the section of the course for the new enrollment.'),
  created_at: timestamp('The time at which this enrollment was created.'),
  enrollment_id: id('The Canvas id of the new enrollment.'),
  limit_privileges_to_course_section: bool(
    'Whether students can only talk to students within their course section.',
  ),
  type: text('The type of enrollment; e.g. StudentEnrollment, TeacherEnrollment, ObserverEnrollment, etc.'),
  updated_at: timestamp('The time at which this enrollment was last modified in any way.'),
  user_id: id('The Canvas id of the user for this enrollment.'),
  user_name: text("The user's name."),
  workflow_state: text(
    'The state of the enrollment (active, completed, creation_pending, deleted, inactive, invited)',
  ),
});
export type EnrollmentCreatedBody = z.infer<typeof EnrollmentCreatedBodySchema>;
export const EnrollmentCreated = defineEvent({
  name: 'enrollment_created',
  definition:
    'The event is emitted anytime a new enrollment is added to a course by an end user or API request.',
  trigger: 'Triggered when a new course enrollment is created.',
  body: EnrollmentCreatedBodySchema,
  caliper: { action: 'Created', objectKind: 'enrollment', fields: ENROLLMENT_CALIPER_FIELDS },
});

/** Body of `enrollment_updated`: the catalog documents the same fields, in the same words, as for `enrollment_created`. */
export const EnrollmentUpdatedBodySchema = EnrollmentCreatedBodySchema;
export type EnrollmentUpdatedBody = z.infer<typeof EnrollmentUpdatedBodySchema>;
export const EnrollmentUpdated = defineEvent({
  name: 'enrollment_updated',
  definition:
    'The event is emitted anytime an enrollment record is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a course enrollment is modified.',
  body: EnrollmentUpdatedBodySchema,
  caliper: { action: 'Modified', objectKind: 'enrollment', fields: ENROLLMENT_CALIPER_FIELDS },
});

/** Body of `enrollment_state_created`. */
export const EnrollmentStateCreatedBodySchema = z.looseObject({
  access_is_current: bool('If this enrollment_state access is upto date.'),
  enrollment_id: id('The Canvas id of the new enrollment.'),
  restricted_access: bool('True if this enrollment_state is restricted.'),
  state: text('The state of the enrollment.'),
  state_is_current: bool('If this enrollment_state is uptodate'),
  state_started_at: timestamp('The time when this enrollment state starts.'),
  state_valid_until: timestamp('The time at which this enrollment is no longer valid.'),
});
export type EnrollmentStateCreatedBody = z.infer<typeof EnrollmentStateCreatedBodySchema>;
export const EnrollmentStateCreated = defineEvent({
  name: 'enrollment_state_created',
  definition: 'The event is emitted anytime a new enrollment record is added to a course.',
  trigger: 'Triggered when a new course enrollment is created with a new workflow_state.',
  body: EnrollmentStateCreatedBodySchema,
  caliper: {
    action: 'Created',
    objectKind: 'enrollment',
    objectExtensionKeys: ENROLLMENT_STATE_KEYS,
    fields: ENROLLMENT_STATE_CALIPER_FIELDS,
  },
});

/** Body of `enrollment_state_updated`: the catalog documents the same fields, in the same words, as for `enrollment_state_created`. */
export const EnrollmentStateUpdatedBodySchema = EnrollmentStateCreatedBodySchema;
export type EnrollmentStateUpdatedBody = z.infer<typeof EnrollmentStateUpdatedBodySchema>;
export const EnrollmentStateUpdated = defineEvent({
  name: 'enrollment_state_updated',
  definition: 'The event is emitted anytime an enrollment record workflow state changes.',
  trigger: 'Triggered when a course enrollment workflow_state changes.',
  body: EnrollmentStateUpdatedBodySchema,
  caliper: {
    action: 'Modified',
    objectKind: 'enrollment',
    objectExtensionKeys: ENROLLMENT_STATE_KEYS,
    fields: ENROLLMENT_STATE_CALIPER_FIELDS,
  },
});
