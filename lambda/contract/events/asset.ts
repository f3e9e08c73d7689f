import * as z from 'zod';
import { type CaliperMapping, defineEvent, id, text, url } from '../define.js';

const EMITTER =
  'emitted by Canvas::LiveEvents.asset_access (instructure/canvas-lms lib/canvas/live_events.rb); not in the catalog schema';

/** asset_accessed: `asset_accessed` events are triggered for viewing various objects in Canvas. Viewing a quiz, a wiki page, the list of quizzes, etc, all generate `asset_access` events. The item being accessed is identified by `asset_type`, `asset_id`, and `asset_subtype`. If `asset_subtype` is set, then it refers to a list of items in the asset. For example, if `asset_type` is `course`, and `asset_subtype` is `quizzes`, then this is referring to viewing the list of quizzes in the course.

If `asset_subtype` is not set, then the access is on the asset described by `asset_type` and `asset_id`. */
export const AssetAccessedBodySchema = z.looseObject({
  asset_id: id('The Canvas id of the asset.'),
  asset_name: text('The title of a course, page, module, assignment, LTI, attachment etc.'),
  asset_subtype: text('The sub type of asset being accessed.'),
  asset_type: text('The type of asset being accessed.'),
  category: text(
    'A categorized list of values based on the asset or asset subtype accessed. (announcements, assignments, calendar, collaborations, conferences, external_tools, external_urls, files, grades, home, modules, outcomes, pages, quizzes, roster, syllabus, topics, wiki)',
  ),
  display_name: text('The display name of the attachment, possibly truncated.'),
  domain: text('The domain of the LTI tool, when subtype is context_external_tool.'),
  filename: text('The file name of the attachment, possibly truncated.'),
  level: text(
    'Usually null, can be used to indicate a deeper level of access. Can be "submit" for assignments. Can be "participate" for collaboration, calendar, discussion_topic (user posts to topic), quizzes:quiz, web_conference, or wiki_page (page created or edited).',
  ),
  role: text(
    'The role of the user accessing the asset. (AccountUser, DesignerEnrollment, GroupMembership, ObserverEnrollment, StudentEnrollment, StudentViewEnrollment, TaEnrollment, TeacherEnrollment, User)',
  ),
  url: url('The URL of the LTI tool, when subtype is context_external_tool.'),
  enrollment_id: id(
    "The Canvas id of the viewer's enrollment in the course, when the context membership is an enrollment.",
    { note: EMITTER },
  ),
  section_id: id("The Canvas id of the course section of the viewer's enrollment, when there is one.", {
    note: EMITTER,
  }),
});

/**
 * Caliper NavigationEvent/NavigatedTo (Instructure's Caliper catalog, `asset_accessed.json`). The object is
 * whatever was viewed, so its URN kind varies (`course`, `wikiPage`, `quizzes:quiz`, `lti/tool_proxy`…) and
 * the event type identifies it. `object.name` repeats the asset subtype or type. `context_account_id`,
 * `http_method` and `developer_key_id` in the object's extensions fill the meta_ columns.
 */
const ASSET_ACCESSED_CALIPER: CaliperMapping = {
  eventType: 'NavigationEvent',
  action: 'NavigatedTo',
  fields: { asset_id: ['object.ext.entity_id', 'object.id|urn'] },
  consumes: ['object.name'],
};
export type AssetAccessedBody = z.infer<typeof AssetAccessedBodySchema>;
export const AssetAccessed = defineEvent({
  name: 'asset_accessed',
  definition:
    '`asset_accessed` events are triggered for viewing various objects in Canvas. Viewing a quiz, a wiki page, the list of quizzes, etc, all generate `asset_access` events. The item being accessed is identified by `asset_type`, `asset_id`, and `asset_subtype`. If `asset_subtype` is set, then it refers to a list of items in the asset. For example, if `asset_type` is `course`, and `asset_subtype` is `quizzes`, then this is referring to viewing the list of quizzes in the course.\n\nIf `asset_subtype` is not set, then the access is on the asset described by `asset_type` and `asset_id`.',
  trigger: 'Triggered when a variety of assets are viewed.',
  body: AssetAccessedBodySchema,
  caliper: ASSET_ACCESSED_CALIPER,
});
