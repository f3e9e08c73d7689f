import type { EventDef } from '../define.js';
import * as account from './account.js';
import * as asset from './asset.js';
import * as assignment from './assignment.js';
import * as attachment from './attachment.js';
import * as blueprint from './blueprint.js';
import * as contentExport from './content-export.js';
import * as contentMigration from './content-migration.js';
import * as conversation from './conversation.js';
import * as course from './course.js';
import * as discussion from './discussion.js';
import * as enrollment from './enrollment.js';
import * as grade from './grade.js';
import * as group from './group.js';
import * as heartbeat from './heartbeat.js';
import * as lti from './lti.js';
import * as module_ from './module.js';
import * as newQuizzes from './new-quizzes.js';
import * as outcome from './outcome.js';
import * as outcomeFriendlyDescription from './outcome-friendly-description.js';
import * as quiz from './quiz.js';
import * as quizzesNext from './quizzes-next.js';
import * as session from './session.js';
import * as sis from './sis.js';
import * as submission from './submission.js';
import * as user from './user.js';
import * as wiki from './wiki.js';

const families = [
  account,
  asset,
  assignment,
  attachment,
  blueprint,
  contentExport,
  contentMigration,
  conversation,
  course,
  discussion,
  enrollment,
  grade,
  group,
  heartbeat,
  lti,
  module_,
  newQuizzes,
  outcome,
  outcomeFriendlyDescription,
  quiz,
  quizzesNext,
  session,
  sis,
  submission,
  user,
  wiki,
];

function isEventDef(value: unknown): value is EventDef {
  return typeof value === 'object' && value !== null && 'bodyColumns' in value && 'table' in value;
}

/** Every event type with a schema (the catalog's, the undocumented ones Canvas emits, New Quizzes'), in name order. */
export const EVENT_DEFS: readonly EventDef[] = families
  .flatMap((family) => Object.values(family).filter(isEventDef))
  .sort((a, b) => a.name.localeCompare(b.name));

const BY_NAME = new Map(EVENT_DEFS.map((def) => [def.name, def]));

/** The event type with this event_name, if it has a schema. */
export function eventDefFor(eventName: string): EventDef | undefined {
  return BY_NAME.get(eventName);
}
