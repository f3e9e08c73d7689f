import * as z from 'zod';
import {
  bool,
  defineEvent,
  deriveBody,
  double,
  id,
  int64,
  json,
  nested,
  text,
  timestamp,
} from '../define.js';

/** Body of `learning_outcome_created`. */
export const LearningOutcomeCreatedBodySchema = z.looseObject({
  calculation_int: int64(
    'Defines the variable value used by the calculation_method. Included only if calculation_method uses it.',
  ),
  calculation_method: text('The method used to calculate student score.'),
  context_id: id('The ID of the context the learning_outcome is used in.'),
  context_type: text('The type of context the learning_outcome is used in.'),
  description: text('Description of the outcome.'),
  display_name: text('Optional friendly name for reporting.'),
  learning_outcome_id: id('The local Canvas ID of the learning outcome.'),
  short_description: text('Also the title of the outcome.'),
  title: text('The title of the learning outcome or learning outcome group.'),
  vendor_guid: text('A custom GUID for the learning standard.'),
  workflow_state: text('Workflow status of the learning outcome (e.g. active, deleted).'),
  rubric_criterion: nested({
    description: text('Also the title of the outcome.'),
    mastery_points: double('The number of points necessary for a rating to be considered mastery.'),
    points_possible: double('The maximum level of points of any rating.'),
    ratings: json('Array of objects with (points, description) describing each of the outcoming ratings.'),
  }),
});
export type LearningOutcomeCreatedBody = z.infer<typeof LearningOutcomeCreatedBodySchema>;
export const LearningOutcomeCreated = defineEvent({
  name: 'learning_outcome_created',
  definition:
    'The event is emitted anytime a outcome is created in the account by an end user or API request.',
  trigger: 'Triggered when a new learning outcome is created.',
  body: LearningOutcomeCreatedBodySchema,
});

/** Body of `learning_outcome_updated`. */
export const LearningOutcomeUpdatedBodySchema = z.looseObject({
  calculation_int: int64(
    'Defines the variable value used by the calculation_method. Included only if calculation_method uses it.',
  ),
  calculation_method: text('The method used to calculate student score.'),
  context_id: id('The ID of the context the learning_outcome is used in.'),
  context_type: text('The type of context the learning_outcome is used in.'),
  description: text('Description of the outcome.'),
  display_name: text('Optional friendly name for reporting.'),
  learning_outcome_id: id('The local Canvas ID of the learning outcome.'),
  short_description: text('Also the title of the outcome.'),
  title: text('The title of the learning outcome or learning outcome group.'),
  updated_at: timestamp('The time at which this outcome was last modified in any way.'),
  vendor_guid: text('A custom GUID for the learning standard.'),
  workflow_state: text('Workflow status of the learning outcome. Defaults to active'),
  rubric_criterion: nested({
    description: text('Also the title of the outcome.'),
    mastery_points: double('The number of points necessary for a rating to be considered mastery.'),
    points_possible: double('The maximum level of points of any rating.'),
    ratings: json('Array of objects with (points, description) describing each of the outcoming ratings.'),
  }),
});
export type LearningOutcomeUpdatedBody = z.infer<typeof LearningOutcomeUpdatedBodySchema>;
export const LearningOutcomeUpdated = defineEvent({
  name: 'learning_outcome_updated',
  definition:
    'The event is emitted anytime an outcome is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when an outcome is updated.',
  body: LearningOutcomeUpdatedBodySchema,
});

/** Body of `learning_outcome_group_created`. */
export const LearningOutcomeGroupCreatedBodySchema = z.looseObject({
  context_id: id('The ID of the context the learning outcome is used in.'),
  context_type: text('The type of context the learning outcome is used in, usually Course.'),
  description: text('Description of the learnning outcome group.'),
  learning_outcome_group_id: id('The local Canvas ID of the learning outcome group.'),
  parent_outcome_group_id: id("The local Canvas ID of the group's parent outcome group."),
  title: text('Title of the learning outcome group.'),
  vendor_guid: text('A custom GUID for the learning standard.'),
  workflow_state: text('Workflow status of the learning outcome group, defaults to active.'),
});
export type LearningOutcomeGroupCreatedBody = z.infer<typeof LearningOutcomeGroupCreatedBodySchema>;
export const LearningOutcomeGroupCreated = defineEvent({
  name: 'learning_outcome_group_created',
  definition:
    'The event is emitted anytime a new outcome group is created in the account by an end user or API request.',
  trigger: 'Triggered when a new group of learning outcomes is created.',
  body: LearningOutcomeGroupCreatedBodySchema,
});

/** Body of `learning_outcome_group_updated`. */
export const LearningOutcomeGroupUpdatedBodySchema = z.looseObject({
  context_id: id('The ID of the context the learning outcome is used in.'),
  context_type: text('The type of context the learning outcome is used in, usually Course.'),
  description: text('Description of the learnning outcome group.'),
  learning_outcome_group_id: id('The local Canvas ID of the learning outcome group.'),
  parent_outcome_group_id: id("The local Canvas ID of the group's parent outcome group."),
  title: text('Title of the learning outcome group.'),
  updated_at: timestamp('The time at which this group was last modified in any way.'),
  vendor_guid: text('A custom GUID for the learning standard.'),
  workflow_state: text('Workflow status of the learning outcome group, defaults to active.'),
});
export type LearningOutcomeGroupUpdatedBody = z.infer<typeof LearningOutcomeGroupUpdatedBodySchema>;
export const LearningOutcomeGroupUpdated = defineEvent({
  name: 'learning_outcome_group_updated',
  definition:
    'The event is emitted anytime an existing outcome group  is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a group of learning outcomes is modified.',
  body: LearningOutcomeGroupUpdatedBodySchema,
});

/** Body of `learning_outcome_link_created`. */
export const LearningOutcomeLinkCreatedBodySchema = z.looseObject({
  context_id: id('The Canvas ID of the context the learning outcome is used in.'),
  context_type: text('The type of context the learning outcome is used in, usually Course.'),
  learning_outcome_group_id: id('The local Canvas id of the related learning outcome group.'),
  learning_outcome_id: id('The local Canvas id of the related learning outcome.'),
  learning_outcome_link_id: id('The local Canvas id of the new learning outcome link.'),
  workflow_state: text('The workflow status of the learning outcome link, by default active.'),
});
export type LearningOutcomeLinkCreatedBody = z.infer<typeof LearningOutcomeLinkCreatedBodySchema>;
export const LearningOutcomeLinkCreated = defineEvent({
  name: 'learning_outcome_link_created',
  definition:
    'The event is emitted anytime an outcome is linked to a context by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when an outcome is linked inside of a context.',
  body: LearningOutcomeLinkCreatedBodySchema,
});

/** Body of `learning_outcome_link_updated`. */
export const LearningOutcomeLinkUpdatedBodySchema = z.looseObject({
  context_id: id('The Canvas ID of the context the learning outcome is used in.'),
  context_type: text('The type of context the learning outcome is used in, usually Course.'),
  learning_outcome_group_id: id('The local Canvas id of the related learning outcome group.'),
  learning_outcome_id: id('The local Canvas id of the related learning outcome.'),
  learning_outcome_link_id: id('The local Canvas id of the learning outcome link that was updated.'),
  updated_at: timestamp('The time that the learning outcome link was last modified.'),
  workflow_state: text('The workflow status of the learning outcome link (e.g. active, deleted)'),
});
export type LearningOutcomeLinkUpdatedBody = z.infer<typeof LearningOutcomeLinkUpdatedBodySchema>;
export const LearningOutcomeLinkUpdated = defineEvent({
  name: 'learning_outcome_link_updated',
  definition:
    'The event is emitted anytime an outcome context link is changed by an end user or API request.',
  trigger: 'Triggered when an outcome link is changed inside of a context.',
  body: LearningOutcomeLinkUpdatedBodySchema,
});

/** learning_outcome_result_created: The event is emitted anytime a submission is assessed against an outcome. The following setup should be enabled in Canvas in order for the event to be triggered:
1. Administrator has set up learning outcomes at the account/sub-account level
2. Instructor has added outcome to assignment rubric
3. Student submitted a rubric based assignment
4. Instructor graded a rubric based assignment at the outcome level => there is a result associated with assignment outcome */
export const LearningOutcomeResultCreatedBodySchema = z.looseObject({
  assessed_at: timestamp('The date when the outcome was last assessed.'),
  attempt: int64('The submission attempt number.'),
  created_at: timestamp('Time when the result was created.'),
  learning_outcome_id: id('The local Canvas ID of the learning outcome.'),
  mastery: bool('True if student achieved mastery.'),
  original_mastery: bool('True if student achieved mastery on the first attempt.'),
  original_possible: double('Possible points on the first attempt.'),
  original_score: double('Score on the first attempt.'),
  percent: double(
    'Percent of maximum points possible for an outcome, scaled to reflect any custom mastery levels that differ from the learning outcome.',
  ),
  possible: double('Total number of points possible.'),
  score: double("The student's score."),
  user_uuid: text('The unique identifier for the user that the outcome was assessed.'),
  artifact_id: id(
    'The id of the artifact that contains the outcome assessment. Value will be an string representation of an integer or nil.',
  ),
  artifact_type: text(
    'The type of artifact that contains the outcome assessment.  Value will be one of the following: RubricAssessment, Submission, Quizzes::QuizSubmission, or LiveAssessments::Submission.',
  ),
  associated_asset_id: id(
    'The id of the asset that the outcome is aligned to. Value will be an string representation of an integer or nil.',
  ),
  associated_asset_type: text(
    'The type of the asset that the outcome is aligned to. Value will be one of the following: AssessmentQuestion, Assignment, Quizzes::Quiz, LiveAssessments::Assessment or nil.',
  ),
});
export type LearningOutcomeResultCreatedBody = z.infer<typeof LearningOutcomeResultCreatedBodySchema>;
export const LearningOutcomeResultCreated = defineEvent({
  name: 'learning_outcome_result_created',
  definition:
    'The event is emitted anytime a submission is assessed against an outcome. The following setup should be enabled in Canvas in order for the event to be triggered:\n1. Administrator has set up learning outcomes at the account/sub-account level\n2. Instructor has added outcome to assignment rubric\n3. Student submitted a rubric based assignment\n4. Instructor graded a rubric based assignment at the outcome level => there is a result associated with assignment outcome',
  trigger: 'Triggered when a submission is rated against an outcome.',
  body: LearningOutcomeResultCreatedBodySchema,
});

/** Body of `learning_outcome_result_updated`. */
export const LearningOutcomeResultUpdatedBodySchema = z.looseObject({
  id: id('The local Canvas ID of the learning outcome result.'),
  assessed_at: timestamp('The date when the outcome was last assessed.'),
  attempt: int64('The submission attempt number.'),
  created_at: timestamp('Time when the result was created.'),
  learning_outcome_id: id('The local Canvas ID of the learning outcome.'),
  learning_outcome_context_uuid: text('The uuid of the context associated with the learning outcome.'),
  result_context_id: id('The local Canvas ID of the context associated with the learning outcome result.'),
  result_context_type: text(
    'The type of the context associated with the learning outcome result. Value will be one of the following: Account or Course.',
  ),
  result_context_uuid: text('The uuid of the context associated with the learning outcome result.'),
  mastery: bool('True if student achieved mastery.'),
  original_mastery: bool('True if student achieved mastery on the first attempt.'),
  original_possible: double('Possible points on the first attempt.'),
  original_score: double('Score on the first attempt.'),
  percent: double(
    'Percent of maximum points possible for an outcome, scaled to reflect any custom mastery levels that differ from the learning outcome.',
  ),
  possible: double('Total number of points possible.'),
  score: double("The student's score."),
  updated_at: timestamp('Time the learning outcome result was updated at.'),
  user_uuid: text('The uuid of the user that the outcome was assessed.'),
  artifact_id: id(
    'The id of the artifact that contains the outcome assessment. Value will be an string representation of an integer or nil.',
  ),
  artifact_type: text(
    'The type of artifact that contains the outcome assessment.  Value will be one of the following: RubricAssessment, Submission, Quizzes::QuizSubmission, LiveAssessments::Submission or nil.',
  ),
  artifact_updated_at: timestamp('The date when the artifact was last updated or nil.'),
  artifact_created_at: timestamp('The date when the artifact was created or nil.'),
  associated_asset_id: id(
    'The id of the asset that the outcome is aligned to. Value will be an string representation of an integer or nil.',
  ),
  associated_asset_type: text(
    'The type of the asset that the outcome is aligned to. Value will be one of the following: AssessmentQuestion, Assignment, Quizzes::Quiz, LiveAssessments::Assessment or nil.',
  ),
});
export type LearningOutcomeResultUpdatedBody = z.infer<typeof LearningOutcomeResultUpdatedBodySchema>;
export const LearningOutcomeResultUpdated = defineEvent({
  name: 'learning_outcome_result_updated',
  definition:
    'The event is emitted anytime a existing outcome rating for a submission is updated. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a submission outcome rating is updated.',
  body: LearningOutcomeResultUpdatedBodySchema,
});

/** Body of `outcome_calculation_method_created`. */
export const OutcomeCalculationMethodCreatedBodySchema = z.looseObject({
  outcome_calculation_method_id: id('The Canvas id of the outcome calculation method.'),
  context_type: text('The type of context the outcome calculation method is used in.'),
  context_id: id('The id of the context the outcome calculation method is used in.'),
  workflow_state: text('Workflow state of the outcome calculation method. E.g active, deleted.'),
  calculation_int: int64(
    'Defines the variable value used by the calculation_method. Included only if calculation_method uses it.',
  ),
  calculation_method: text('The method used to calculate student score.'),
});
export type OutcomeCalculationMethodCreatedBody = z.infer<typeof OutcomeCalculationMethodCreatedBodySchema>;
export const OutcomeCalculationMethodCreated = defineEvent({
  name: 'outcome_calculation_method_created',
  definition:
    'The event is emitted anytime a new outcome_calculation_method is created by an end user or API request.',
  trigger: 'Triggered when a new outcome_calculation_method is saved.',
  body: OutcomeCalculationMethodCreatedBodySchema,
});

/** Body of `outcome_calculation_method_updated`: the fields of `outcome_calculation_method_created`, with those the catalog documents differently. */
export const OutcomeCalculationMethodUpdatedBodySchema = deriveBody(
  OutcomeCalculationMethodCreatedBodySchema,
  {
    updated_at: timestamp('The time at which this calculation method was last modified.', {
      note: 'not in the catalog schema; present in its example payload',
    }),
  },
);
export type OutcomeCalculationMethodUpdatedBody = z.infer<typeof OutcomeCalculationMethodUpdatedBodySchema>;
export const OutcomeCalculationMethodUpdated = defineEvent({
  name: 'outcome_calculation_method_updated',
  definition:
    'The event is emitted anytime an outcome_calculation_method is updated by an end user or API request.',
  trigger: 'Triggered when an outcome_calculation_method is updated.',
  body: OutcomeCalculationMethodUpdatedBodySchema,
});

/** Body of `outcome_proficiency_created`. */
export const OutcomeProficiencyCreatedBodySchema = z.looseObject({
  outcome_proficiency_id: id('The Canvas id of the outcome proficiency.'),
  context_type: text('The type of context the outcome proficiency is used in.'),
  context_id: id('The id of the context the outcome proficiency is used in.'),
  workflow_state: text('Workflow state of the outcome proficiency. E.g active, deleted.'),
  outcome_proficiency_ratings: json(
    'An array of the associated ratings with this proficiency. Description, points, mastery, color, workflow_state, and outcome_proficiency_rating_id are required keys.',
  ),
});
export type OutcomeProficiencyCreatedBody = z.infer<typeof OutcomeProficiencyCreatedBodySchema>;
export const OutcomeProficiencyCreated = defineEvent({
  name: 'outcome_proficiency_created',
  definition:
    'The event is emitted anytime a new outcome_proficiency (mastery scale) is created by an end user or API request.',
  trigger: 'Triggered when a new outcome_proficiency is saved.',
  body: OutcomeProficiencyCreatedBodySchema,
});

/** Body of `outcome_proficiency_updated`. */
export const OutcomeProficiencyUpdatedBodySchema = z.looseObject({
  outcome_proficiency_id: id('The Canvas id of the outcome proficiency.'),
  context_type: text('The type of context the outcome proficiency is used in.'),
  context_id: id('The id of the context the outcome proficiency is used in.'),
  workflow_state: text('Workflow state of the outcome proficiency. E.g active, deleted.'),
  updated_at: timestamp('The time at which this proficiency was last modified in any way.'),
  outcome_proficiency_ratings: json(
    'An array of the associated ratings with this proficiency. Description, points, mastery, color, workflow_state, and outcome_proficiency_rating_id are required keys.',
  ),
});
export type OutcomeProficiencyUpdatedBody = z.infer<typeof OutcomeProficiencyUpdatedBodySchema>;
export const OutcomeProficiencyUpdated = defineEvent({
  name: 'outcome_proficiency_updated',
  definition:
    'The event is emitted anytime an outcome_proficiency (mastery scale) is updated or its associated ratings are updated by an end user or API request.',
  trigger: 'Triggered when an outcome_proficiency is saved.',
  body: OutcomeProficiencyUpdatedBodySchema,
});

/** Body of `outcomes.retry_outcome_alignment_clone`. */
export const OutcomesRetryOutcomeAlignmentCloneBodySchema = z.looseObject({
  original_course_uuid: text('The uuid of the source course'),
  new_course_uuid: text('The uuid of the target course'),
  new_course_resource_link_id: text('lti_context_id of the target course'),
  domain: text('account url host'),
  original_assignment_resource_link_id: text('lti_resource_link_id of the source assignment'),
  new_assignment_resource_link_id: text('lti_resource_link_id of the target assignment'),
  status: text('status of the target assignment'),
});
export type OutcomesRetryOutcomeAlignmentCloneBody = z.infer<
  typeof OutcomesRetryOutcomeAlignmentCloneBodySchema
>;
export const OutcomesRetryOutcomeAlignmentClone = defineEvent({
  name: 'outcomes.retry_outcome_alignment_clone',
  definition:
    'The event is emitted anytime an outcome alignment clone process is retried, this can happend due to a network issue or a missing alignment',
  trigger: 'Manually triggered by the user',
  body: OutcomesRetryOutcomeAlignmentCloneBodySchema,
});

/** Body of `rubric_assessed`. */
export const RubricAssessedBodySchema = z.looseObject({
  id: id('The ID of the Rubric Assessment object.'),
  aligned_to_outcomes: bool(
    'Boolean value that indicates if the rubric is aligned with learning outcomes. values will be true if the rubric is aligned to learning outcomes or false if the rubric is not aligned to learning outcomes.',
  ),
  artifact_id: id('The ID of the artifact object aligned to the Rubric Assessment object.'),
  artifact_type: text(
    "The type of the artifact object aligned to the Rubric Assessment object. Values will be either 'Submission', 'ModeratedGrading::ProvisionalGrade', or 'Assignment'.",
  ),
  assessment_type: text(
    "The type of assessment. Values will be either 'grading', 'peer_review', or 'provisional_grade'.",
  ),
  context_uuid: text(
    'The unique id of the Context object associated with the Rubric Association object. If this value is not present on the context, it will not be present in the live event body.',
  ),
  submitted_at: timestamp(
    'The date and time the student submitted the assignment that the rubric is aligned to or the date time the instructor assessed the rubric.',
  ),
  created_at: timestamp('The date and time the initial rubric assessment was created.'),
  updated_at: timestamp('The date and time the rubric assessment was updated.'),
  attempt: int64(
    'The integer representation of the number of attempts made by the student on the rubric aligned Artifact. The value will be nil if the Artifact aligned is not a Submission or if the assignment has yet to be submitted by the student.',
  ),
});
export type RubricAssessedBody = z.infer<typeof RubricAssessedBodySchema>;
export const RubricAssessed = defineEvent({
  name: 'rubric_assessed',
  definition:
    'The event is emitted anytime a rubric is assessed that is aligned to an active rubric association.',
  trigger: 'Triggered anytime a rubric is assessed that is aligned to an active rubric association.',
  body: RubricAssessedBodySchema,
});
