import * as z from 'zod';
import { bool, defineEvent, double, type EventSource, id, nested, text, timestamp } from '../define.js';

/**
 * New Quizzes events (`producer: quizzes`). Instructure documents them on developerdocs.instructure.com, not
 * in the canvas-lms catalog, and they arrive as `{attributes, body}`: `attributes` plays the part of Canvas's
 * `metadata` (event_name, event_time, producer, root_account_uuid). Only the two types with a documented
 * payload have tables; any other `quizzes.*` event lands in other_events (see docs/event-sources.md).
 */
const source = (page: string): EventSource => ({
  documentation: 'instructure-docs',
  reference: `https://developerdocs.instructure.com/services/canvas/data-services/live-events/event-format/canvas/${page}`,
});

/** Body of `quizzes.quiz_created`. */
export const QuizzesQuizCreatedBodySchema = z.looseObject({
  id: id('The Canvas id of the quiz.'),
  title: text('The title of the quiz.'),
  context_id: id('The Canvas id of the context.'),
  course_id: id('The Canvas id of the course.'),
  quiz_type: text('The type of quiz (e.g., graded_quiz).'),
  lti_resource_id: text('The LTI resource id. (May be empty)'),
  status: text('The status of the quiz (e.g., uninitialized).'),
  outcome_alignment_set_guid: text('The guid of the outcome alignment set. (May be null)'),
  practice_quiz: bool('Boolean indicating if this is a practice quiz.'),
  account_uuid: text('The Canvas uuid of the account.'),
  points_possible: double('The total points possible for the quiz.'),
  updated_at: timestamp('The time at which the quiz was last updated.'),
  archived: bool('Boolean indicating whether the quiz is archived.'),
});
export type QuizzesQuizCreatedBody = z.infer<typeof QuizzesQuizCreatedBodySchema>;
export const QuizzesQuizCreated = defineEvent({
  name: 'quizzes.quiz_created',
  definition: 'The event is emitted anytime a New Quiz is created.',
  trigger: 'Triggered when a New Quiz is created.',
  body: QuizzesQuizCreatedBodySchema,
  source: source('file.data_service_canvas_quizzes.quiz'),
});

/** Body of `quizzes.item_created`. */
export const QuizzesItemCreatedBodySchema = z.looseObject({
  id: id('The Canvas id of the quiz item.'),
  title: text('The title of the quiz item. May be null.'),
  outcome_alignment_set_guid: text('The guid of the outcome alignment set. May be null.'),
  question_type: text('The type of question (e.g., essay, multiple_choice).'),
  owner: nested({
    type: text('The type of owner (quiz or bank).'),
    quiz_id: id('The Canvas id of the parent quiz.'),
    course_id: id('The Canvas id of the course.'),
    context_id: id('The Canvas id of the context.'),
    lti_resource_id: text('The LTI resource id. (May be null)'),
  }),
  workflow_state: text('The workflow state of the quiz item (e.g., mutable).'),
  updated_at: timestamp('The time at which the quiz item was last updated.'),
});
export type QuizzesItemCreatedBody = z.infer<typeof QuizzesItemCreatedBodySchema>;
export const QuizzesItemCreated = defineEvent({
  name: 'quizzes.item_created',
  definition: 'The event is emitted anytime a quiz item (question) is created in New Quizzes.',
  trigger: 'Triggered when a quiz item is created in New Quizzes.',
  body: QuizzesItemCreatedBodySchema,
  source: source('file.data_service_canvas_quizzes.item'),
});
