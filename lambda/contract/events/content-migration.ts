import * as z from 'zod';
import { bool, defineEvent, id, text } from '../define.js';

/** Body of `content_migration_completed`. */
export const ContentMigrationCompletedBodySchema = z.looseObject({
  content_migration_id: id('The Canvas id of the content migration.'),
  context_id: id('The Canvas id of the context associated with the content migration.'),
  context_type: text('The type of context associated with the content migration.'),
  context_uuid: text('The uuid of the context associated with the content migration.'),
  import_quizzes_next: bool(
    'Indicates whether the user requested that the quizzes in the content migration be created in Quizzes.Next (true) or in native Canvas (false).',
  ),
  lti_context_id: text('The lti context id of the context associated with the content migration.'),
  source_course_lti_id: text('The lti context id of the the source course, if applicable.'),
  destination_course_lti_id: text('Alias for lti_context_id.'),
  migration_type: text(
    'The migration type. Examples include: academic_benchmark_importer, angel_exporter, blackboard_exporter, canvas_cartridge_importer, common_cartridge_importer, course_copy_importer, d2l_exporter, master_course_import, moodle_converter, qti_converter, webct_scraper, zip_file_importer, context_external_tool_1234.',
  ),
  domain: text('The default hostname for the Canvas root account.'),
});
export type ContentMigrationCompletedBody = z.infer<typeof ContentMigrationCompletedBodySchema>;
export const ContentMigrationCompleted = defineEvent({
  name: 'content_migration_completed',
  definition: 'The event is emitted anytime a content migration request is completed.',
  trigger: 'Triggered anytime a content migration request is completed.',
  body: ContentMigrationCompletedBodySchema,
});

/** Body of `content_migration_started`. */
export const ContentMigrationStartedBodySchema = z.looseObject({
  content_migration_id: id('The Canvas id of the content migration.'),
  context_id: id('The Canvas id of the context associated with the content migration.'),
  context_type: text('The type of context associated with the content migration.'),
  context_uuid: text('The uuid of the context associated with the content migration.'),
  import_quizzes_next: bool(
    'Indicates whether the user requested that the quizzes in the content migration be created in Quizzes.Next (true) or in native Canvas (false).',
  ),
  lti_context_id: text('The lti context id of the context associated with the content migration.'),
  source_course_lti_id: text('The lti context id of the the source course, if applicable.'),
  source_course_uuid: text('The uuid of the source course, if applicable.'),
  destination_course_lti_id: text('Alias for lti_context_id.'),
  migration_type: text(
    'The migration type. Examples include: academic_benchmark_importer, angel_exporter, blackboard_exporter, canvas_cartridge_importer, common_cartridge_importer, course_copy_importer, d2l_exporter, master_course_import, moodle_converter, qti_converter, webct_scraper, zip_file_importer, context_external_tool_1234.',
  ),
  domain: text('The default hostname for the Canvas root account.'),
});
export type ContentMigrationStartedBody = z.infer<typeof ContentMigrationStartedBodySchema>;
export const ContentMigrationStarted = defineEvent({
  name: 'content_migration_started',
  definition: 'The event is emitted anytime a content migration begins importing content.',
  trigger:
    'Triggered when a content migration transitions into the importing state, before the resulting content changes are applied. Useful as an early signal that a bulk copy/import into a course is starting.',
  body: ContentMigrationStartedBodySchema,
});

/** Body of `master_migration_started`. */
export const MasterMigrationStartedBodySchema = z.looseObject({
  master_migration_id: id('The Canvas id of the master migration.'),
  master_template_id: id('The Canvas id of the master template (blueprint) associated with the migration.'),
  account_id: id('The Canvas id of the account that owns the blueprint course.'),
  account_uuid: text('The uuid of the account that owns the blueprint course.'),
  blueprint_course_id: id('The Canvas id of the blueprint (master) course.'),
  blueprint_course_uuid: text('The uuid of the blueprint (master) course.'),
});
export type MasterMigrationStartedBody = z.infer<typeof MasterMigrationStartedBodySchema>;
export const MasterMigrationStarted = defineEvent({
  name: 'master_migration_started',
  definition: 'The event is emitted anytime a blueprint (master course) migration begins.',
  trigger:
    'Triggered when a MasterCourses::MasterMigration transitions into the exporting state, before content is pushed to associated (child) courses. Useful as an early signal that a blueprint sync is starting.',
  body: MasterMigrationStartedBodySchema,
});
