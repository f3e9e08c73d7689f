import * as z from 'zod';
import { bool, defineEvent, id, text, url } from '../define.js';

/**
 * Classic quiz → New Quizzes (quizzes_next) migration and duplication, and the YouTube link migration of New
 * Quizzes content: undocumented by Instructure. Canvas::LiveEvents passes these payloads through as its
 * callers build them, so each schema is the union of the callers' hashes; see docs/event-sources.md.
 */

/**
 * Body of `quizzes_next_quiz_duplicated`. Callers: QuizzesNext::Importers::CourseContentImporter
 * (lib/quizzes_next/importers/course_content_importer.rb: a course copy or blueprint sync with New Quizzes)
 * and the assignments API `retry_alignment_clone` action; older Canvas sent the per-assignment fields
 * (new_assignment_id, original_resource_link_id, new_resource_link_id, new_course_id).
 */
export const QuizzesNextQuizDuplicatedBodySchema = z.looseObject({
  original_course_uuid: text('The uuid of the course the New Quizzes are copied from.'),
  new_course_uuid: text('The uuid of the course they are copied to.'),
  new_course_resource_link_id: text('The LTI context id of the new course.'),
  new_course_name: text('The name of the new course.'),
  domain: text('The Canvas domain of the new course.'),
  created_on_blueprint_sync: bool('Whether the copy is a blueprint sync.'),
  resource_map_url: url('Where the map of copied resources (old id → new id) can be downloaded.'),
  remove_alignments: bool('Whether outcome alignments are left out of the copy.'),
  status: text('The state of the copy (duplicating, outcome_alignment_cloning).'),
  original_course_id: text('The id of the original course (older payloads).'),
  new_course_id: text('The LTI context id of the new course (older payloads).'),
  new_assignment_id: id('The Canvas global id of the new assignment (older, per-assignment payloads).'),
  original_resource_link_id: text(
    "The LTI resource link id of the original quiz's assignment (older payloads).",
  ),
  new_resource_link_id: text("The LTI resource link id of the new quiz's assignment (older payloads)."),
});
export type QuizzesNextQuizDuplicatedBody = z.infer<typeof QuizzesNextQuizDuplicatedBodySchema>;
export const QuizzesNextQuizDuplicated = defineEvent({
  name: 'quizzes_next_quiz_duplicated',
  definition:
    'Undocumented by Instructure. Emitted so that New Quizzes copies its quizzes when a course with New Quizzes is copied or synced from a blueprint.',
  trigger:
    'Triggered when a course copy, blueprint sync or outcome-alignment retry duplicates New Quizzes assignments.',
  body: QuizzesNextQuizDuplicatedBodySchema,
  source: {
    documentation: 'undocumented',
    reference:
      'instructure/canvas-lms lib/canvas/live_events.rb quizzes_next_quiz_duplicated(payload); callers lib/quizzes_next/importers/course_content_importer.rb send_imported_content and the assignments API retry_alignment_clone; spec/lib/canvas/live_events_spec.rb',
  },
});

/** Body of `quizzes_next_migration_urls_complete` (ContentMigration#trigger_live_events!, app/models/content_migration.rb). */
export const QuizzesNextMigrationUrlsCompleteBodySchema = z.looseObject({
  original_course_uuid: text('The uuid of the source course.'),
  new_course_uuid: text('The uuid of the destination course.'),
  domain: text('The Canvas domain of the destination course.'),
  resource_map_url: url('Where the map of migrated resources (old id → new id) can be downloaded.'),
  migrated_urls_content_migration_id: id('The Canvas global id of the content migration.'),
});
export type QuizzesNextMigrationUrlsCompleteBody = z.infer<typeof QuizzesNextMigrationUrlsCompleteBodySchema>;
export const QuizzesNextMigrationUrlsComplete = defineEvent({
  name: 'quizzes_next_migration_urls_complete',
  definition:
    'Undocumented by Instructure. Emitted when a content migration started by New Quizzes has finished, so New Quizzes can rewrite the links it holds.',
  trigger: 'Triggered when a content migration initiated by new_quizzes completes.',
  body: QuizzesNextMigrationUrlsCompleteBodySchema,
  source: {
    documentation: 'undocumented',
    reference:
      'instructure/canvas-lms app/models/content_migration.rb trigger_live_events! → Canvas::LiveEvents.quizzes_next_migration_urls_complete (lib/canvas/live_events.rb)',
  },
});

/**
 * The YouTube embed migration (app/services/youtube_migration_service.rb @ 4159d86) asks New Quizzes to scan
 * and convert its own content with these two events. The Canvas::LiveEvents methods were not found in the
 * indexed source: the fields are the members of the Struct each caller passes.
 */
const YOUTUBE_SOURCE = (caller: string) => ({
  documentation: 'undocumented' as const,
  reference: `instructure/canvas-lms app/services/youtube_migration_service.rb @ 4159d86c6f6be6b1ec21b3825098a60721b2650d ${caller} (payload Struct; the Canvas::LiveEvents method itself is not in the indexed source)`,
});

/** Body of `scan_youtube_links`: Struct(:scan_id, :canvas_id, :external_tool_id). */
export const ScanYoutubeLinksBodySchema = z.looseObject({
  scan_id: id('The Canvas id of the scan (its Progress record).'),
  canvas_id: id('The Canvas global id of the course being scanned.'),
  external_tool_id: id('The Canvas id of the New Quizzes external tool of the course.'),
});
export type ScanYoutubeLinksBody = z.infer<typeof ScanYoutubeLinksBodySchema>;
export const ScanYoutubeLinks = defineEvent({
  name: 'scan_youtube_links',
  definition:
    'Undocumented by Instructure. Emitted when a course is scanned for YouTube embeds, so New Quizzes scans its quizzes too.',
  trigger: 'Triggered by a YouTube embed scan of a course that has New Quizzes.',
  body: ScanYoutubeLinksBodySchema,
  source: YOUTUBE_SOURCE('call_external_tool'),
});

/** Body of `convert_new_quiz_youtube_link`: Struct(:resource_id, :resource_type, :src, :field, :new_html). */
export const ConvertNewQuizYoutubeLinkBodySchema = z.looseObject({
  resource_id: id('The New Quizzes id of the content holding the embed.'),
  resource_type: text('The kind of New Quizzes content holding the embed.'),
  src: url('The YouTube URL of the embed being replaced.'),
  field: text('The field of the content that holds the embed.'),
  new_html: text('The HTML that replaces the embed (a Canvas Studio player).'),
});
export type ConvertNewQuizYoutubeLinkBody = z.infer<typeof ConvertNewQuizYoutubeLinkBodySchema>;
export const ConvertNewQuizYoutubeLink = defineEvent({
  name: 'convert_new_quiz_youtube_link',
  definition:
    'Undocumented by Instructure. Emitted when a YouTube embed found in New Quizzes content is to be replaced.',
  trigger: 'Triggered by the YouTube embed migration for an embed in New Quizzes content.',
  body: ConvertNewQuizYoutubeLinkBodySchema,
  source: YOUTUBE_SOURCE('update_resource_content'),
});
