import type { LogicalType } from '../logical-types.js';

/** Caliper-only facts, kept in `caliper_*` columns on tables that receive Caliper events. */
export const CALIPER_COLUMN_DEFS: readonly { name: string; type: LogicalType; description: string }[] = [
  {
    name: 'caliper_event_type',
    type: 'string',
    description: 'Caliper event type (Event, AssignableEvent, NavigationEvent…).',
  },
  {
    name: 'caliper_action',
    type: 'string',
    description: 'Caliper action (Created, Modified, Deleted, Submitted…).',
  },
  {
    name: 'caliper_actor_id',
    type: 'string',
    description:
      'actor.id: a user URN (its id is meta_user_id), or the Canvas URL when Canvas itself acted (caliper_actor_type SoftwareApplication, e.g. an auto-graded quiz).',
  },
  {
    name: 'caliper_actor_type',
    type: 'string',
    description: 'actor.type: Person, or SoftwareApplication for events Canvas emits on its own.',
  },
  {
    name: 'caliper_object_id',
    type: 'string',
    description: 'The object URN, e.g. urn:instructure:canvas:enrollment:21070000000046825.',
  },
  {
    name: 'caliper_object_type',
    type: 'string',
    description: 'Caliper object type (Entity, Document, Attempt…).',
  },
  { name: 'caliper_date_created', type: 'timestamp', description: 'object.dateCreated.' },
  { name: 'caliper_date_modified', type: 'timestamp', description: 'object.dateModified.' },
  {
    name: 'caliper_group_id',
    type: 'string',
    description: 'group.id: the course, section or group URN the event happened in.',
  },
  {
    name: 'caliper_group_type',
    type: 'string',
    description: 'group.type (CourseOffering, CourseSection, Group).',
  },
  {
    name: 'caliper_membership_id',
    type: 'string',
    description: 'membership.id URN of the actor in the group.',
  },
  {
    name: 'caliper_membership_roles',
    type: 'json',
    description: 'membership.roles (Instructor, Learner…) as a JSON array.',
  },
  { name: 'caliper_edapp_id', type: 'string', description: 'edApp.id: the Canvas instance.' },
  { name: 'caliper_sensor', type: 'string', description: 'Envelope sensor.' },
  { name: 'caliper_send_time', type: 'timestamp', description: 'Envelope sendTime.' },
  {
    name: 'caliper_extensions_version',
    type: 'string',
    description: 'extensions["com.instructure.canvas"].version.',
  },
];
