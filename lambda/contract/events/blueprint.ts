import * as z from 'zod';
import { bool, defineEvent, type EventSource, id, json, text } from '../define.js';

/**
 * Blueprint courses (MasterCourses): undocumented by Instructure. Field names and types are those of the
 * payload builders in instructure/canvas-lms lib/canvas/live_events.rb, called from
 * Canvas::LiveEventsCallbacks (lib/canvas/live_events_callbacks.rb); see docs/event-sources.md.
 */
const source = (builder: string): EventSource => ({
  documentation: 'undocumented',
  reference: `instructure/canvas-lms lib/canvas/live_events.rb ${builder}`,
});

/** Body of `master_template_created` (get_master_template_created_data). */
export const MasterTemplateCreatedBodySchema = z.looseObject({
  master_template_id: id('The Canvas id of the blueprint template (MasterCourses::MasterTemplate).'),
  account_id: id('The Canvas global id of the account of the blueprint course.'),
  account_uuid: text('The uuid of the account of the blueprint course.'),
  blueprint_course_id: id('The Canvas global id of the blueprint course.'),
  blueprint_course_uuid: text('The uuid of the blueprint course.'),
  blueprint_course_title: text('The name of the blueprint course.'),
  blueprint_course_workflow_state: text('The workflow state of the blueprint course.'),
});
export type MasterTemplateCreatedBody = z.infer<typeof MasterTemplateCreatedBodySchema>;
export const MasterTemplateCreated = defineEvent({
  name: 'master_template_created',
  definition: 'Undocumented by Instructure. Emitted when a course becomes a blueprint course.',
  trigger: 'Triggered when a MasterCourses::MasterTemplate is created.',
  body: MasterTemplateCreatedBodySchema,
  source: source('get_master_template_created_data'),
});

/** Body of `master_migration_completed` (master_migration_completed_data). */
export const MasterMigrationCompletedBodySchema = z.looseObject({
  master_migration_id: id('The Canvas id of the blueprint sync (MasterCourses::MasterMigration).'),
  master_template_id: id('The Canvas id of the blueprint template.'),
  account_id: id('The Canvas global id of the account of the blueprint course.'),
  account_uuid: text('The uuid of the account of the blueprint course.'),
  blueprint_course_uuid: text('The uuid of the blueprint course.'),
  blueprint_course_id: id('The Canvas global id of the blueprint course.'),
});
export type MasterMigrationCompletedBody = z.infer<typeof MasterMigrationCompletedBodySchema>;
export const MasterMigrationCompleted = defineEvent({
  name: 'master_migration_completed',
  definition:
    'Undocumented by Instructure. Emitted when a blueprint sync to the associated courses has completed.',
  trigger: "Triggered when a MasterCourses::MasterMigration's workflow_state becomes completed.",
  body: MasterMigrationCompletedBodySchema,
  source: source('master_migration_completed_data'),
});

/** Body of `blueprint_subscription_created` (blueprint_subscription_data). */
export const BlueprintSubscriptionCreatedBodySchema = z.looseObject({
  master_template_account_uuid: text('The uuid of the account of the blueprint course.'),
  master_template_id: id('The Canvas id of the blueprint template.'),
  master_course_uuid: text('The uuid of the blueprint course.'),
  child_subscription_id: id('The Canvas id of the association (MasterCourses::ChildSubscription).'),
  child_course_uuid: text('The uuid of the associated course.'),
  child_course_account_uuid: text('The uuid of the account of the associated course.'),
});
export type BlueprintSubscriptionCreatedBody = z.infer<typeof BlueprintSubscriptionCreatedBodySchema>;
export const BlueprintSubscriptionCreated = defineEvent({
  name: 'blueprint_subscription_created',
  definition:
    'Undocumented by Instructure. Emitted when a course is associated with a blueprint course (or an association is reactivated).',
  trigger: 'Triggered when a MasterCourses::ChildSubscription is created or becomes active again.',
  body: BlueprintSubscriptionCreatedBodySchema,
  source: source('blueprint_subscription_data'),
});

/** Body of `blueprint_subscription_deleted`: the same payload as blueprint_subscription_created. */
export const BlueprintSubscriptionDeletedBodySchema = BlueprintSubscriptionCreatedBodySchema;
export type BlueprintSubscriptionDeletedBody = z.infer<typeof BlueprintSubscriptionDeletedBodySchema>;
export const BlueprintSubscriptionDeleted = defineEvent({
  name: 'blueprint_subscription_deleted',
  definition: 'Undocumented by Instructure. Emitted when a course is removed from a blueprint course.',
  trigger: 'Triggered when a MasterCourses::ChildSubscription is destroyed.',
  body: BlueprintSubscriptionDeletedBodySchema,
  source: source('blueprint_subscription_data'),
});

/** Body of `blueprint_restrictions_updated` (blueprint_restrictions_updated_data). */
export const BlueprintRestrictionsUpdatedBodySchema = z.looseObject({
  canvas_assignment_id: id('The Canvas id of the locked content (an assignment for a New Quiz).'),
  canvas_course_id: id('The Canvas id of the blueprint course.'),
  canvas_course_uuid: text('The uuid of the blueprint course.'),
  lti_resource_link_id: text('The LTI resource link id of the assignment; null for other content.'),
  restrictions: json(
    'The locks on the content as a JSON object (content, points, due_dates, availability_dates…).',
  ),
  use_default_restrictions: bool("Whether the content follows the blueprint's default locks."),
});
export type BlueprintRestrictionsUpdatedBody = z.infer<typeof BlueprintRestrictionsUpdatedBodySchema>;
export const BlueprintRestrictionsUpdated = defineEvent({
  name: 'blueprint_restrictions_updated',
  definition:
    'Undocumented by Instructure. Emitted when the locks on a New Quiz in a blueprint course change.',
  trigger: 'Triggered when the restrictions of a MasterCourses::MasterContentTag on quiz LTI content change.',
  body: BlueprintRestrictionsUpdatedBodySchema,
  source: source('blueprint_restrictions_updated_data'),
});

/** Body of `default_blueprint_restrictions_updated` (default_blueprint_restrictions_updated_data). */
export const DefaultBlueprintRestrictionsUpdatedBodySchema = z.looseObject({
  canvas_course_id: id('The Canvas id of the blueprint course.'),
  canvas_course_uuid: text('The uuid of the blueprint course.'),
  restrictions: json(
    'The default locks as a JSON object: one set for all content, or one per content type ("Assignment", "Quizzes::Quiz"…) when locks are set by type.',
  ),
});
export type DefaultBlueprintRestrictionsUpdatedBody = z.infer<
  typeof DefaultBlueprintRestrictionsUpdatedBodySchema
>;
export const DefaultBlueprintRestrictionsUpdated = defineEvent({
  name: 'default_blueprint_restrictions_updated',
  definition: "Undocumented by Instructure. Emitted when a blueprint course's default locks change.",
  trigger:
    'Triggered when default_restrictions, default_restrictions_by_type or use_default_restrictions_by_type of a MasterCourses::MasterTemplate change.',
  body: DefaultBlueprintRestrictionsUpdatedBodySchema,
  source: source('default_blueprint_restrictions_updated_data'),
});
