import * as z from 'zod';
import {
  bool,
  type CaliperMapping,
  defineEvent,
  deriveBody,
  id,
  int64,
  json,
  nested,
  text,
  timestamp,
  url,
} from '../define.js';

const COURSE_CALIPER_FIELDS = {
  course_id: ['object.ext.entity_id', 'object.id|urn'],
  name: 'object.name',
  created_at: 'object.dateCreated',
  updated_at: 'object.dateModified',
} as const satisfies CaliperMapping['fields'];

/** Body of `course_created`. */
export const CourseCreatedBodySchema = z.looseObject({
  account_id: id('The Account id of the updated course.'),
  course_id: id('The Canvas id of the updated course.'),
  created_at: timestamp('The time at which this course was created.'),
  name: text('The name the updated course.'),
  updated_at: timestamp('The time at which this course was last modified in any way.'),
  uuid: text('The unique id of the course.'),
  workflow_state: text('The state of the course (available, claimed, completed, created, deleted).'),
});
export type CourseCreatedBody = z.infer<typeof CourseCreatedBodySchema>;
export const CourseCreated = defineEvent({
  name: 'course_created',
  definition: 'The event is emitted anytime a new course is created by an end user or API request.',
  trigger: 'Triggered when a new course is created (or copied).',
  body: CourseCreatedBodySchema,
  caliper: {
    action: 'Created',
    objectKind: 'course',
    objectType: 'CourseOffering',
    fields: COURSE_CALIPER_FIELDS,
  },
});

/** Body of `course_updated`: the catalog documents the same fields, in the same words, as for `course_created`. */
export const CourseUpdatedBodySchema = CourseCreatedBodySchema;
export type CourseUpdatedBody = z.infer<typeof CourseUpdatedBodySchema>;
export const CourseUpdated = defineEvent({
  name: 'course_updated',
  definition:
    'The event is emitted anytime a course is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger:
    'Triggered when the course is renamed, deleted, or other properties (except for syllabus) of a course are modified.',
  body: CourseUpdatedBodySchema,
  caliper: {
    action: 'Modified',
    objectKind: 'course',
    objectType: 'CourseOffering',
    fields: COURSE_CALIPER_FIELDS,
  },
});

/** Body of `course_completed`. */
export const CourseCompletedBodySchema = z.looseObject({
  course: nested({
    account_id: id("The local Canvas id of the course's account."),
    id: id('The local Canvas id of the course.'),
    name: text('The name of the course.'),
    sis_source_id: text('The SIS identifier for the course, if defined.'),
  }),
  progress: nested({
    completed_at: timestamp('Timestamp when the course module progress item was completed.'),
    next_requirement_url: url(
      'Next module item on the module requirements list. Typically is null if student meets all requirements but also could have a value if there are more optional requirements left on the list.',
    ),
    requirement_completed_count: int64(
      'Count of those requirements that are done. E.g. 7 total, 5 completed.',
    ),
    requirement_count: int64('Count of all the requirements in the course as a number'),
  }),
  user: nested({
    email: text('The students email'),
    id: id('The Canvas id of the student completing the course.'),
    name: text('The name of the student.'),
  }),
});
export type CourseCompletedBody = z.infer<typeof CourseCompletedBodySchema>;
export const CourseCompleted = defineEvent({
  name: 'course_completed',
  definition: "The event is emitted anytime a course module's completion requirements are met.",
  trigger:
    'Triggered when all the module requirements of a course have been met. Also gets triggered when a module has a set completion time or when the completion time gets updated.',
  body: CourseCompletedBodySchema,
});

/** Body of `course_progress`. */
export const CourseProgressBodySchema = z.looseObject({
  course: nested({
    account_id: id("The local Canvas id of the course's account."),
    id: id('The local Canvas id of the course.'),
    name: text('The name of the course.'),
    sis_source_id: text('The SIS identifier for the course, if defined.'),
  }),
  progress: nested({
    completed_at: timestamp(
      'If the course has been completed, the timestamp (in ISO8601 format) when all requirements have been completed.',
    ),
    next_requirement_url: url(
      'Link to the module item that is next in the order of requirements to complete.',
    ),
    requirement_completed_count: int64('The count of those requirements that are done.'),
    requirement_count: int64('Count of all the requirements in the course as a number.'),
  }),
  user: nested({
    email: text("The student's email."),
    id: id('The Canvas id of the student completing the course.'),
    name: text('The name of the student.'),
  }),
});
export type CourseProgressBody = z.infer<typeof CourseProgressBodySchema>;
export const CourseProgress = defineEvent({
  name: 'course_progress',
  definition: 'The event is emitted when a course module requirement is met.',
  trigger:
    'Triggered when a user makes progress in a course by completing a module requirement, unless the completed requirement is the last remaining requirement in the course (in this case, a `course_completed` event is emitted). The following setup should be enabled in Canvas in order for this event to get triggered:\n1. Module is set to be published\n2. Module has at least one requirement enabled\n3. Student completed at least one requirement in Module\n\nNote that these events have a 2-minute debounce, meaning that a single `course_progress` event will be emitted per student per course 2 minutes after the student has finished completing requirements.',
  body: CourseProgressBodySchema,
});

/** Body of `course_section_created`. */
export const CourseSectionCreatedBodySchema = z.looseObject({
  accepting_enrollments: bool('True if this section is open for enrollment. False or null otherwise.'),
  can_manually_enroll: bool('Deprecated, will always be null.'),
  course_id: id('The Canvas id of the course that this section belongs to.'),
  course_section_id: id('The local Canvas id of the created course section.'),
  default_section: bool('True if this is the default section for the course. False or null otherwise.'),
  end_at: timestamp('Section end date in ISO8601 format.'),
  enrollment_term_id: id('The Canvas id of the enrollment term.'),
  integration_id: text('The integration id of the section.'),
  name: text('The name of this section.'),
  nonxlist_course_id: id('The unique identifier of the original course of a cross-listed section.'),
  restrict_enrollments_to_section_dates: bool(
    "True when 'Users can only participate in the course between these dates' is checked.",
  ),
  root_account_id: id('Canvas id of the root account that this section is in.'),
  sis_batch_id: id('The SIS Batch id of the section.'),
  sis_source_id: text(
    'Correlated id for the record for this course in the SIS system (assuming SIS integration is configured).',
  ),
  start_at: timestamp('Section start date in ISO8601 format.'),
  stuck_sis_fields: json(
    'Array of strings of field names with the SIS stickiness field set, indicating they will not be replaced by SIS imports.',
  ),
  workflow_state: text('The workflow state of the section.'),
});
export type CourseSectionCreatedBody = z.infer<typeof CourseSectionCreatedBodySchema>;
export const CourseSectionCreated = defineEvent({
  name: 'course_section_created',
  definition: 'The event is emitted anytime a new course section is created by an end user or API request.',
  trigger: 'Triggered when a new section is created in a course.',
  body: CourseSectionCreatedBodySchema,
});

/** Body of `course_section_updated`: the fields of `course_section_created`, with those the catalog documents differently. */
export const CourseSectionUpdatedBodySchema = deriveBody(CourseSectionCreatedBodySchema, {
  default_section: bool('True if this is the default section for the course.'),
});
export type CourseSectionUpdatedBody = z.infer<typeof CourseSectionUpdatedBodySchema>;
export const CourseSectionUpdated = defineEvent({
  name: 'course_section_updated',
  definition:
    'The event is emitted anytime a course section is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a course section has been modified.',
  body: CourseSectionUpdatedBodySchema,
});

/** Body of `syllabus_updated`. */
export const SyllabusUpdatedBodySchema = z.looseObject({
  course_id: id('The Canvas id of the updated course.'),
  old_syllabus_body: text(
    'The old syllabus content. NOTE: This field will be truncated to only include the first 8192 characters. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  syllabus_body: text(
    'The new syllabus content. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
});
export type SyllabusUpdatedBody = z.infer<typeof SyllabusUpdatedBodySchema>;
export const SyllabusUpdated = defineEvent({
  name: 'syllabus_updated',
  definition:
    'The event is emitted anytime a syllabus is changed in a course by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a course syllabus gets updated.',
  body: SyllabusUpdatedBodySchema,
  caliper: {
    action: 'Modified',
    objectKind: 'course',
    objectType: 'Document',
    fields: { course_id: 'object.id|urn', syllabus_body: 'object.body' },
    consumes: ['object.name', 'object.creators'],
  },
});
