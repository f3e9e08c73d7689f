import * as z from 'zod';
import { bool, type CaliperMapping, defineEvent, double, id, text, timestamp } from '../define.js';

/**
 * Caliper GradeEvent/Graded (Instructure's Caliper catalog, `grade_change.json`): the object is the
 * submission (an Attempt) and `generated` the Score. `generated` repeats the submission (its id, its grade
 * extension, and the whole Attempt under `attempt`), read so it is not reported as unknown. An auto-graded
 * quiz has Canvas as actor (SoftwareApplication) and, like the Canvas format, no grader.
 */
const GRADE_CHANGE_CALIPER: CaliperMapping = {
  eventType: 'GradeEvent',
  action: 'Graded',
  objectKind: 'submission',
  fields: {
    submission_id: ['object.ext.entity_id', 'object.id|urn'],
    grade: ['object.ext.grade', 'generated.ext.grade'],
    assignment_id: 'object.assignable.id|urn',
    user_id: 'object.assignee.id|urn:user',
    student_id: 'object.assignee.id|urn:user',
    student_sis_id: 'object.assignee.ext.sis_id',
    score: 'generated.scoreGiven',
    points_possible: 'generated.maxScore',
    grader_id: 'generated.scoredBy|urn:user',
  },
  consumes: [
    'object.assignee.type',
    'object.assignable.type',
    'generated.id',
    'generated.type',
    'generated.ext.entity_id',
    'generated.attempt',
  ],
};

/** Body of `grade_change`. */
export const GradeChangeBodySchema = z.looseObject({
  assignment_id: id('The Canvas id of the assignment associated with the submission.'),
  assignment_name: text('The name of the assignment associated with the submission.', {
    note: 'emitted by Canvas::LiveEvents.grade_changed (instructure/canvas-lms lib/canvas/live_events.rb); not in the catalog schema',
  }),
  grade: text('The new grade.'),
  grader_id: id(
    'The Canvas id of the user making the grade change. Null if this was the result of automatic grading.',
  ),
  grading_complete: bool(
    'The boolean state that the submission is completely graded.  False if the assignment is only partially graded, for example a quiz with automatically and manuall...',
  ),
  muted: bool(
    "The boolean muted state of the submissions's assignment.  Muted grade changes should not be published to students.",
  ),
  old_grade: text('The previous grade, if there was one.'),
  old_points_possible: double('The maximum points possible for the previous grade.'),
  old_score: double('The previous score.'),
  points_possible: double("The maximum points possible for the submission's assignment."),
  score: double('The new score.'),
  student_id: id('Same as the user_id.'),
  student_sis_id: text('The SIS ID of the student.'),
  submission_id: id('The Canvas id of the submission that the grade is changing on.'),
  user_id: id('The Canvas id of the user associated with the submission with the change.'),
});
export type GradeChangeBody = z.infer<typeof GradeChangeBodySchema>;
export const GradeChange = defineEvent({
  name: 'grade_change',
  definition:
    "The event is emitted anytime when a submission is graded. These can happen as the result of a teacher changing a grade in the gradebook or speedgrader, a quiz being automatically scored, or changing an assignment's points possible or grade type. In the case of a quiz being scored, the `grade_change` event will be emitted as the result of a student turning in a quiz, and the `user_id` in the message attributes will be the student's user ID.",
  trigger: 'Triggered anytime a grade is created or modified.',
  body: GradeChangeBodySchema,
  caliper: GRADE_CHANGE_CALIPER,
});

/** Body of `grade_override`. */
export const GradeOverrideBodySchema = z.looseObject({
  score_id: id('Canvas Id of Score record'),
  enrollment_id: id('Canvas Id of Employment record'),
  user_id: id('Canvas Id of User attached to this enrollment'),
  course_id: id('Canvas Id of Course attached to this enrollment'),
  grading_period_id: id('Canvas Id of Grading Period'),
  override_score: double('New value of score after override'),
  old_override_score: double('Previous value of score before override'),
  updated_at: timestamp('Date/Time the override occurred'),
});
export type GradeOverrideBody = z.infer<typeof GradeOverrideBodySchema>;
export const GradeOverride = defineEvent({
  name: 'grade_override',
  definition:
    'The event is emitted anytime a student course grade is overriden. Typically grade override feature is used to edit student course grade',
  trigger:
    'Triggered when the final grade override has been changed. Only triggered when the override changes the existing score.',
  body: GradeOverrideBodySchema,
});

/** Body of `course_grade_change`. */
export const CourseGradeChangeBodySchema = z.looseObject({
  user_id: id('The Canvas user ID of the student.'),
  course_id: id('The Canvas ID of the course.'),
  workflow_state: text('The state of the score record in the database, could be "active" or "deleted".'),
  created_at: timestamp(
    'The time when the row in the scores table (representing the course grade) was created. The score row is created as a result of some grade calculation, even if there are not yet any graded submissions for a student, i.e. when a student is enrolled in the class.',
  ),
  updated_at: timestamp(
    'The time when the row in the scores table was last updated -- that is, when the event is emitted.',
  ),
  current_score: double("The user's current score in the class."),
  old_current_score: double(
    "The user's current score in the class before it was changed. This field will not be available until a student submits the first assignment in the  class.",
  ),
  final_score: double("The user's final score for the class."),
  old_final_score: double(
    "The user's final score for the class before it was changed. This field will be set to 0.0 until a student submits the first assignment in the class.",
  ),
  unposted_current_score: double("The user's current grade in the class including unposted assignments."),
  old_unposted_current_score: double(
    "The user's current grade in the class including unposted assignments, before it was changed. This field will not be available until a student submits the first assignment in the class.",
  ),
  unposted_final_score: double("The user's final grade for the class including unposted assignments."),
  old_unposted_final_score: double(
    "The user's final grade for the class including unposted assignments, before it was changed. This field will not be available when a student submits the first assignment in the class.",
  ),
});
export type CourseGradeChangeBody = z.infer<typeof CourseGradeChangeBodySchema>;
export const CourseGradeChange = defineEvent({
  name: 'course_grade_change',
  definition: 'The event gets emitted anytime any of the course scores are changed for a student.',
  trigger:
    'Triggered when anything (a user or asynchronous job) updates the final_score, course_score, unposted_current_score, or unposted_final_score columns in the scores table in the database.',
  body: CourseGradeChangeBodySchema,
});

/** Body of `final_grade_custom_status`. */
export const FinalGradeCustomStatusBodySchema = z.looseObject({
  score_id: id('The Canvas ID of the score record.'),
  enrollment_id: id('The Canvas ID of the enrollment record for the student.'),
  user_id: id('The Canvas user ID of the student.'),
  course_id: id('The Canvas ID of the course.'),
  grading_period_id: id('The Canvas ID of the grading period, if applicable.'),
  override_status: text("The new custom status name applied to a user's final grade"),
  override_status_id: id("The new custom status ID applied to a user's final grade"),
  old_override_status: text("The previous custom status name applied to a user's final grade, if applicable"),
  old_override_status_id: id("The previous custom status ID applied to a user's final grade, if applicable"),
  updated_at: timestamp('The time when the custom status was applied.'),
});
export type FinalGradeCustomStatusBody = z.infer<typeof FinalGradeCustomStatusBodySchema>;
export const FinalGradeCustomStatus = defineEvent({
  name: 'final_grade_custom_status',
  definition: "The event gets emitted when a custom status is removed or applied to a student's final grade.",
  trigger: "Triggered when a custom status is applied or removed from a student's final grade.",
  body: FinalGradeCustomStatusBodySchema,
});
