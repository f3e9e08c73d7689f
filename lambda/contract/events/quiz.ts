import * as z from 'zod';
import { bool, type CaliperMapping, defineEvent, double, id, int64, text, timestamp } from '../define.js';

/**
 * Caliper Event/Created and Event/Modified on an Assessment (`quiz_created.json`, `quiz_updated.json`); the
 * same date and score terms as an assignment's AssignableDigitalResource. quiz_type, time_limit, access_code
 * and workflow_state are object extensions.
 */
const QUIZ_CALIPER_FIELDS = {
  quiz_id: ['object.ext.entity_id', 'object.id|urn'],
  title: 'object.name',
  unlock_at: 'object.dateToShow',
  due_at: 'object.dateToSubmit',
  points_possible: 'object.maxScore',
  updated_at: 'object.dateModified',
  context_id: ['group.ext.entity_id', 'group.id|urn'],
  context_type: 'group.ext.context_type',
} as const satisfies CaliperMapping['fields'];

/**
 * Caliper AssessmentEvent/Submitted (`quiz_submitted.json`): the object is the quiz submission (an Attempt),
 * `assignable` the quiz and `assignee` the student, who is also the actor. The event type tells it from an
 * assignment's AssignableEvent/Submitted on the same submission URN kind.
 */
const QUIZ_SUBMITTED_CALIPER: CaliperMapping = {
  eventType: 'AssessmentEvent',
  action: 'Submitted',
  objectKind: 'submission',
  fields: {
    submission_id: ['object.ext.entity_id', 'object.id|urn'],
    quiz_id: 'object.assignable.id|urn',
  },
  consumes: ['object.assignee', 'object.assignable.type'],
};

/** Body of `quiz_created`. */
export const QuizCreatedBodySchema = z.looseObject({
  quiz_id: id('The Canvas id of the quiz.'),
  assignment_id: id('The Canvas id of the associated assignment, if the quiz is graded.'),
  context_id: id('The Canvas id for the context the quiz is used in.'),
  context_type: text('The type of context the quiz is used in (usually Course).'),
  context_uuid: text('The uuid of the context associated with the quiz.'),
  title: text(
    'The title of the quiz. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  description: text(
    'The description of the quiz. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  quiz_type: text('The type of quiz (assignment, practice_quiz, graded_survey, survey).'),
  points_possible: double('The maximum points possible for the quiz.'),
  due_at: timestamp('The due date for the quiz.'),
  lock_at: timestamp('The lock date (quiz is locked after this date).'),
  unlock_at: timestamp('The unlock date (quiz is unlocked after this date).'),
  time_limit: int64('The time limit for taking the quiz, in minutes.'),
  access_code: bool('Whether the quiz requires an access code (boolean, does not expose the actual code).'),
  ip_filter: text('The IP address filter for taking the quiz.'),
  shuffle_answers: bool('Whether answer choices are shuffled for each student.'),
  allowed_attempts: int64('The number of allowed attempts.'),
  scoring_policy: text('The scoring policy for multiple attempts (keep_highest, keep_latest).'),
  hide_results: text('When to hide results from students (null, always, until_after_last_attempt).'),
  show_correct_answers: bool('Whether correct answers are shown to students after submission.'),
  show_correct_answers_at: timestamp('The date after which correct answers are shown.'),
  hide_correct_answers_at: timestamp('The date after which correct answers are hidden.'),
  show_correct_answers_last_attempt: bool('Whether correct answers are only shown after the last attempt.'),
  one_question_at_a_time: bool('Whether the quiz shows one question at a time.'),
  cant_go_back: bool(
    'Whether students cannot return to previous questions (only applies when one_question_at_a_time is true).',
  ),
  one_time_results: bool('Whether students can only view results once.'),
  anonymous_submissions: bool('Whether submissions are anonymous.'),
  require_lockdown_browser: bool('Whether the quiz requires a lockdown browser.'),
  require_lockdown_browser_for_results: bool('Whether viewing results requires a lockdown browser.'),
  disable_timer_autosubmission: bool('Whether timer autosubmission is disabled.'),
  only_visible_to_overrides: bool('Whether the quiz is only visible to students with overrides.'),
  workflow_state: text('Workflow state of the quiz (created, edited, available, unpublished, deleted).'),
  updated_at: timestamp('The time at which this quiz was last modified in any way.'),
});
export type QuizCreatedBody = z.infer<typeof QuizCreatedBodySchema>;
export const QuizCreated = defineEvent({
  name: 'quiz_created',
  definition: 'The event is emitted anytime a new classic quiz is created by an end user or API request.',
  trigger: 'Triggered when a new classic quiz [old quizzes] is created in a course.',
  body: QuizCreatedBodySchema,
  caliper: { action: 'Created', objectKind: 'quiz', fields: QUIZ_CALIPER_FIELDS },
});

/** Body of `quiz_updated`: the catalog documents the same fields, in the same words, as for `quiz_created`. */
export const QuizUpdatedBodySchema = QuizCreatedBodySchema;
export type QuizUpdatedBody = z.infer<typeof QuizUpdatedBodySchema>;
export const QuizUpdated = defineEvent({
  name: 'quiz_updated',
  definition:
    "The event is emitted anytime a classic quiz's settings are updated by an end user or API request. This covers quiz-specific fields such as access_code, time_limit, ip_filter, and other settings that are not reflected on the associated assignment.",
  trigger:
    'Triggered when a classic quiz [old quizzes] has been modified and quiz-specific settings have changed.',
  body: QuizUpdatedBodySchema,
  caliper: { action: 'Modified', objectKind: 'quiz', fields: QUIZ_CALIPER_FIELDS },
});

/** Body of `quiz_submitted`. */
export const QuizSubmittedBodySchema = z.looseObject({
  quiz_id: id('The Canvas id of the quiz.'),
  submission_id: id('The Canvas id of the quiz submission.'),
});
export type QuizSubmittedBody = z.infer<typeof QuizSubmittedBodySchema>;
export const QuizSubmitted = defineEvent({
  name: 'quiz_submitted',
  definition: 'The event is emitted anytime a user submits a quiz assignment in Canvas [old quizzes].',
  trigger: 'Triggered when a user submits a quiz assignment [old quizzes].',
  body: QuizSubmittedBodySchema,
  caliper: QUIZ_SUBMITTED_CALIPER,
});
