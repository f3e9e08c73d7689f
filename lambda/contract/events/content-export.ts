import * as z from 'zod';
import { defineEvent, id, json, nested, text, timestamp, url } from '../define.js';

/**
 * Content exports: undocumented by Instructure. Fields are those of the payload builders in
 * instructure/canvas-lms lib/canvas/live_events.rb; see docs/event-sources.md.
 */

/** Body of `content_export_created` (content_export_data). */
export const ContentExportCreatedBodySchema = z.looseObject({
  content_export_id: id('The Canvas global id of the content export.'),
  export_type: text('The kind of export (common_cartridge, qti, zip, quizzes2, course_copy…).'),
  created_at: timestamp('The time at which the export was created.'),
  context_id: id('The Canvas id of the exported context.'),
  context_uuid: text('The uuid of the exported context.'),
  context_type: text('The type of the exported context (usually Course).'),
  settings: json("The export's settings as a JSON object (what was selected, export options)."),
});
export type ContentExportCreatedBody = z.infer<typeof ContentExportCreatedBodySchema>;
export const ContentExportCreated = defineEvent({
  name: 'content_export_created',
  definition: 'Undocumented by Instructure. Emitted when a content export (course export, QTI, zip…) starts.',
  trigger: 'Triggered when a ContentExport is created.',
  body: ContentExportCreatedBodySchema,
  source: {
    documentation: 'undocumented',
    reference: 'instructure/canvas-lms lib/canvas/live_events.rb content_export_data',
  },
});

/**
 * Body of `quiz_export_complete`: the export's `settings[:quizzes2]` (Exporters::Quizzes2Exporter
 * #build_assignment_payload, app/models/exporters/quizzes2_exporter.rb, with `qti_export.url` added when the
 * QTI package is ready) and `content_export_id` as `content-export-<global id>` (quiz_export_complete_data).
 * The assignment fields changed over the years; the schema is their union (older exports sent context_type
 * `external_url` and the course's context_id, newer ones the course uuid and the assignment id).
 */
export const QuizExportCompleteBodySchema = z.looseObject({
  assignment: nested({
    assignment_id: id('The Canvas id of the assignment created for the New Quiz.'),
    resource_link_id: text('The LTI resource link id of that assignment.'),
    title: text('The title of the classic quiz being migrated.'),
    context_title: text('The name of the course.'),
    course_uuid: text('The uuid of the course.'),
    context_type: text('The kind of link of the assignment (external_url), in older exports.'),
    context_id: id('The Canvas id of the course, in older exports.'),
  }),
  qti_export: nested({
    url: url('Where the QTI package of the classic quiz can be downloaded.'),
  }),
  content_export_id: text(
    'The content export, as content-export-<Canvas global id> (the prefix keeps it apart from content migration ids).',
  ),
});
export type QuizExportCompleteBody = z.infer<typeof QuizExportCompleteBodySchema>;
export const QuizExportComplete = defineEvent({
  name: 'quiz_export_complete',
  definition:
    'Undocumented by Instructure. Emitted when a classic quiz has been exported for migration to New Quizzes (quizzes2).',
  trigger: 'Triggered when a quizzes2 ContentExport reaches the exported state.',
  body: QuizExportCompleteBodySchema,
  source: {
    documentation: 'undocumented',
    reference:
      'instructure/canvas-lms lib/canvas/live_events.rb quiz_export_complete_data; app/models/exporters/quizzes2_exporter.rb build_assignment_payload @ 0d7ae6fa5ad35c6726230f19019ae6f111641419 and later',
  },
});
