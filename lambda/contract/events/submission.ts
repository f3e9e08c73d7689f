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
  url,
} from '../define.js';

const SUBMISSION_CALIPER_FIELDS = {
  submission_id: ['object.ext.entity_id', 'object.id|urn'],
  user_id: 'object.assignee.id|urn',
  assignment_id: 'object.assignable.id|urn',
  attempt: 'object.count',
  body: 'object.body',
  submitted_at: 'object.dateCreated',
  updated_at: 'object.dateModified',
} as const satisfies CaliperMapping['fields'];
const SUBMISSION_CALIPER_CONSUMES = ['object.assignee.type', 'object.assignable.type'];

/** Body of `submission_created`. */
export const SubmissionCreatedBodySchema = z.looseObject({
  assignment_id: id('The Canvas id of the assignment being submitted.'),
  attempt: int64('This is the submission attempt number.'),
  body: text(
    'The content of the submission, if it was submitted directly in a text field. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  grade: text(
    'The grade for the submission, translated into the assignment grading scheme (so a letter grade, for example)',
  ),
  graded_at: timestamp('The timestamp when the assignment was graded, if it was graded.'),
  group_id: id('The submissions’s group ID if the assignment is a group assignment.'),
  late: bool('Whether the submission was made after the applicable due date.'),
  lti_assignment_id: text("The LTI assignment guid of the submission's assignment"),
  lti_user_id: text('The Lti id of the user associated with the submission.'),
  missing: bool('Whether the submission is missing, which generally means past-due and not yet submitted.'),
  score: double('The raw score'),
  submission_id: id('The Canvas id of the new submission.'),
  submission_type: text(
    'The types of submission (basic_lti_launch, discussion_topic, media_recording, online_quiz, online_text_entry, online_upload, online_url)',
  ),
  submitted_at: timestamp('The timestamp when the assignment was submitted.'),
  workflow_state: text("The state of the submission: normally 'submitted' or 'pending_review'."),
  updated_at: timestamp('The time at which this assignment was last modified in any way'),
  url: url("The URL of the submission (for 'online_url' submissions)"),
  user_id: id('The Canvas id of the user associated with the submission.'),
});
export type SubmissionCreatedBody = z.infer<typeof SubmissionCreatedBodySchema>;
export const SubmissionCreated = defineEvent({
  name: 'submission_created',
  definition:
    'The event is emitted anytime an end user or API request submits or re-submits an assignment. This applies to assignments and new quizzes, not classic quizzes. Use quiz_submitted for classic quiz submissions.',
  trigger:
    'Triggered when an assignment or new quizzes submission gets updated and has not yet been submitted.',
  body: SubmissionCreatedBodySchema,
  caliper: {
    action: 'Submitted',
    objectKind: 'submission',
    fields: SUBMISSION_CALIPER_FIELDS,
    consumes: SUBMISSION_CALIPER_CONSUMES,
  },
});

/** Body of `submission_updated`: the fields of `submission_created`, with those the catalog documents differently. */
export const SubmissionUpdatedBodySchema = deriveBody(SubmissionCreatedBodySchema, {
  submission_type: text(
    "The types of submission ex: ('online_text_entry'|'online_url'|'online_upload'|'media_recording')",
  ),
  workflow_state: text("The state of the submission, such as 'submitted' or 'graded'."),
});
export type SubmissionUpdatedBody = z.infer<typeof SubmissionUpdatedBodySchema>;
export const SubmissionUpdated = defineEvent({
  name: 'submission_updated',
  definition:
    'The event is emitted anytime an end user or API request modifies a submitted assignment or when a Teacher grades an assignment.',
  trigger: 'Triggered when a submission gets updated.',
  body: SubmissionUpdatedBodySchema,
  caliper: {
    action: 'Modified',
    objectKind: 'submission',
    fields: SUBMISSION_CALIPER_FIELDS,
    consumes: SUBMISSION_CALIPER_CONSUMES,
  },
});

/** Body of `submission_comment_created`. */
export const SubmissionCommentCreatedBodySchema = z.looseObject({
  attachment_ids: json('Array of Canvas ids (as strings) of attachments for this comment.'),
  body: text(
    'The text of the comment. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  created_at: timestamp('The timestamp when the comment was created.'),
  submission_comment_id: id('The Canvas id of the new comment.'),
  submission_id: id('The Canvas id of the new submission.'),
  user_id: id('The Canvas id of the user who authored the comment.'),
});
export type SubmissionCommentCreatedBody = z.infer<typeof SubmissionCommentCreatedBodySchema>;
export const SubmissionCommentCreated = defineEvent({
  name: 'submission_comment_created',
  definition: 'The event is emitted anytime an end user or API request comments on a submission.',
  trigger: 'Triggered when a new comment is added to a submission.',
  body: SubmissionCommentCreatedBodySchema,
});

/** Body of `submission_custom_grade_status`. */
export const SubmissionCustomGradeStatusBodySchema = z.looseObject({
  assignment_id: id('The Canvas ID of the assignment.'),
  submission_id: id('The Canvas ID of the submission_id.'),
  user_id: id('The Canvas user ID of the student.'),
  course_id: id('The Canvas ID of the course.'),
  submission_status: text("The new custom status name applied to a user's submission"),
  submission_status_id: id("The new custom status ID applied to a user's submission"),
  old_submission_status: text(
    "The previous custom status name applied to a user's submission, if applicable",
  ),
  old_submission_status_id: id("The previous custom status ID applied to a user's submission, if applicable"),
  updated_at: timestamp('The time when the custom status was applied.'),
});
export type SubmissionCustomGradeStatusBody = z.infer<typeof SubmissionCustomGradeStatusBodySchema>;
export const SubmissionCustomGradeStatus = defineEvent({
  name: 'submission_custom_grade_status',
  definition: "The event gets emitted when a custom status is removed or applied to a student's submission.",
  trigger: "Triggered when a custom status is applied or removed from a student's submission.",
  body: SubmissionCustomGradeStatusBodySchema,
});

/** Body of `plagiarism_resubmit`. */
export const PlagiarismResubmitBodySchema = z.looseObject({
  assignment_id: id('The Canvas id of the assignment being submitted.'),
  attempt: int64('This is the submission attempt number.'),
  body: text(
    'The content of the submission, if it was submitted directly in a text field. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  grade: text(
    'The grade for the submission, translated into the assignment grading scheme (so a letter grade, for example)',
  ),
  graded_at: timestamp('The timestamp when the assignment was graded.'),
  group_id: id('The submissions’s group ID if the assignment is a group assignment.'),
  lti_assignment_id: text("The LTI assignment guid of the submission's assignment"),
  lti_user_id: text('The LTI id of the user associated with the submission.'),
  score: double('The raw score.'),
  submission_id: id('The Canvas id of the new submission.'),
  submission_type: text(
    'The type of submission (online_text_entry, online_url, online_upload, media_recording)',
  ),
  submitted_at: timestamp('The timestamp when the assignment was submitted.'),
  updated_at: timestamp('The time at which this assignment was last modified in any way.'),
  url: url("The URL of the submission (for 'online_url' submissions)."),
  user_id: id('The Canvas id of the user associated with the submission.'),
  workflow_state: text("The state of the submission, such as 'submitted'"),
});
export type PlagiarismResubmitBody = z.infer<typeof PlagiarismResubmitBodySchema>;
export const PlagiarismResubmit = defineEvent({
  name: 'plagiarism_resubmit',
  definition:
    'The event is emitted anytime a submission is created for an assignment with plagiarism settings turned on.',
  trigger: 'Triggered when a submission is resubmitted.',
  body: PlagiarismResubmitBodySchema,
});
