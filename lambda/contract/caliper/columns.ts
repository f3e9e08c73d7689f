import type { LogicalType } from '../logical-types.js';

/** One `caliper_*` column, and where its value comes from: a path in the event, or a field of the envelope. */
export interface CaliperColumnDef {
  readonly name: string;
  readonly type: LogicalType;
  readonly description: string;
  /** `event`: a path into the Caliper event (`ext.` = its `com.instructure.canvas` extensions). */
  readonly from: { readonly event: string } | { readonly envelope: 'sensor' | 'sendTime' };
}

/**
 * Caliper-only facts, kept in `caliper_*` columns on tables that receive Caliper events: the one list of them
 * (the table specs, the table plans and the Caliper mapping all read it).
 */
export const CALIPER_COLUMN_DEFS: readonly CaliperColumnDef[] = [
  {
    name: 'caliper_event_type',
    from: { event: 'type' },
    type: 'string',
    description: 'Caliper event type (Event, AssignableEvent, NavigationEvent…).',
  },
  {
    name: 'caliper_action',
    from: { event: 'action' },
    type: 'string',
    description: 'Caliper action (Created, Modified, Deleted, Submitted…).',
  },
  {
    name: 'caliper_actor_id',
    from: { event: 'actor.id' },
    type: 'string',
    description:
      'actor.id: a user URN (its id is meta_user_id), or the Canvas URL when Canvas itself acted (caliper_actor_type SoftwareApplication, e.g. an auto-graded quiz).',
  },
  {
    name: 'caliper_actor_type',
    from: { event: 'actor.type' },
    type: 'string',
    description: 'actor.type: Person, or SoftwareApplication for events Canvas emits on its own.',
  },
  {
    name: 'caliper_object_id',
    from: { event: 'object.id' },
    type: 'string',
    description: 'The object URN, e.g. urn:instructure:canvas:enrollment:21070000000046825.',
  },
  {
    name: 'caliper_object_type',
    from: { event: 'object.type' },
    type: 'string',
    description: 'Caliper object type (Entity, Document, Attempt…).',
  },
  {
    name: 'caliper_date_created',
    from: { event: 'object.dateCreated' },
    type: 'timestamp',
    description: 'object.dateCreated.',
  },
  {
    name: 'caliper_date_modified',
    from: { event: 'object.dateModified' },
    type: 'timestamp',
    description: 'object.dateModified.',
  },
  {
    name: 'caliper_group_id',
    from: { event: 'group.id' },
    type: 'string',
    description: 'group.id: the course, section or group URN the event happened in.',
  },
  {
    name: 'caliper_group_type',
    from: { event: 'group.type' },
    type: 'string',
    description: 'group.type (CourseOffering, CourseSection, Group).',
  },
  {
    name: 'caliper_membership_id',
    from: { event: 'membership.id' },
    type: 'string',
    description: 'membership.id URN of the actor in the group.',
  },
  {
    name: 'caliper_membership_roles',
    from: { event: 'membership.roles' },
    type: 'json',
    description: 'membership.roles (Instructor, Learner…) as a JSON array.',
  },
  {
    name: 'caliper_edapp_id',
    from: { event: 'edApp.id' },
    type: 'string',
    description: 'edApp.id: the Canvas instance.',
  },
  { name: 'caliper_sensor', from: { envelope: 'sensor' }, type: 'string', description: 'Envelope sensor.' },
  {
    name: 'caliper_send_time',
    from: { envelope: 'sendTime' },
    type: 'timestamp',
    description: 'Envelope sendTime.',
  },
  {
    name: 'caliper_extensions_version',
    from: { event: 'ext.version' },
    type: 'string',
    description: 'extensions["com.instructure.canvas"].version.',
  },
];
