import * as z from 'zod';
import { defineEvent, deriveBody, id, int64, text } from '../define.js';

/** Body of `group_category_created`. */
export const GroupCategoryCreatedBodySchema = z.looseObject({
  context_id: id("The Canvas id of the group's context."),
  context_type: text("The type of the group's context."),
  group_category_id: id('The Canvas id of the newly created group category.'),
  group_category_name: text('The name of the newly created group category.'),
  group_limit: int64('The cap of the number of users in each group.'),
});
export type GroupCategoryCreatedBody = z.infer<typeof GroupCategoryCreatedBodySchema>;
export const GroupCategoryCreated = defineEvent({
  name: 'group_category_created',
  definition:
    'The event is emitted anytime a new group category is added to a course group by an end user or API request.',
  trigger: 'Triggered when a new group category is created.',
  body: GroupCategoryCreatedBodySchema,
  caliper: {
    action: 'Created',
    objectKind: 'groupCategory',
    fields: {
      group_category_id: ['object.ext.entity_id', 'object.id|urn'],
      group_category_name: 'object.name',
      context_id: ['group.ext.entity_id', 'group.id|urn'],
      context_type: 'group.ext.context_type',
    },
  },
});

/** Body of `group_category_updated`: the catalog documents the same fields, in the same words, as for `group_category_created`. */
export const GroupCategoryUpdatedBodySchema = GroupCategoryCreatedBodySchema;
export type GroupCategoryUpdatedBody = z.infer<typeof GroupCategoryUpdatedBodySchema>;
export const GroupCategoryUpdated = defineEvent({
  name: 'group_category_updated',
  definition:
    'The event is emitted anytime a group category is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a group category is modified.',
  body: GroupCategoryUpdatedBodySchema,
});

/** Body of `group_created`. */
export const GroupCreatedBodySchema = z.looseObject({
  account_id: id("The Canvas id of the group's account."),
  context_id: id("The Canvas id of the group's context."),
  context_type: text("The type of the group's context ('Account' or 'Course')."),
  group_category_id: id('The Canvas id of the group category.'),
  group_category_name: text('The name of the group category.'),
  group_id: id('The Canvas id of the group.'),
  group_name: text('The name of the group.'),
  max_membership: int64('The maximum membership cap for the group.'),
  uuid: text('The unique id of the group.'),
  workflow_state: text('The state of the group. (available, deleted)'),
});
export type GroupCreatedBody = z.infer<typeof GroupCreatedBodySchema>;
export const GroupCreated = defineEvent({
  name: 'group_created',
  definition: 'The event is emitted anytime a new group is added to a course by an end user or API request.',
  trigger: 'Triggered when a new group is created.',
  body: GroupCreatedBodySchema,
  caliper: {
    action: 'Created',
    objectKind: 'group',
    fields: {
      group_id: ['object.ext.entity_id', 'object.id|urn'],
      group_name: 'object.name',
      group_category_id: 'object.isPartOf.id|urn',
      group_category_name: 'object.isPartOf.name',
      context_id: ['group.ext.entity_id', 'group.id|urn'],
      context_type: 'group.ext.context_type',
    },
    consumes: ['object.isPartOf.type'],
  },
});

/** Body of `group_updated`: the catalog documents the same fields, in the same words, as for `group_created`. */
export const GroupUpdatedBodySchema = GroupCreatedBodySchema;
export type GroupUpdatedBody = z.infer<typeof GroupUpdatedBodySchema>;
export const GroupUpdated = defineEvent({
  name: 'group_updated',
  definition:
    'The event is emitted anytime an existing group is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a group is modified.',
  body: GroupUpdatedBodySchema,
});

/** Body of `group_membership_created`. */
export const GroupMembershipCreatedBodySchema = z.looseObject({
  group_category_id: id('The Canvas id of the group category.'),
  group_category_name: text('The name of the group category.'),
  group_id: id('The Canvas id of the group the user is assigned to.'),
  group_membership_id: id('The Canvas id of the group membership.'),
  group_name: text('The name of the group the user is being assigned to.'),
  user_id: id('The Canvas id of the user being assigned to a group.'),
  workflow_state: text('The state of the group membership.'),
});
export type GroupMembershipCreatedBody = z.infer<typeof GroupMembershipCreatedBodySchema>;
export const GroupMembershipCreated = defineEvent({
  name: 'group_membership_created',
  definition:
    'The event is emitted anytime a new member is added to a course group by an end user or API request.',
  trigger: 'Triggered when a new user is added to a group.',
  body: GroupMembershipCreatedBodySchema,
  caliper: {
    action: 'Created',
    objectKind: 'groupMembership',
    fields: {
      group_membership_id: 'object.id|urn',
      user_id: 'object.member.id|urn',
      group_id: 'object.organization.id|urn',
      group_name: 'object.organization.name',
      group_category_id: 'object.organization.isPartOf.id|urn',
      group_category_name: 'object.organization.isPartOf.name',
    },
    consumes: [
      'object.member.type',
      'object.organization.type',
      'object.organization.isPartOf.type',
      'object.organization.ext.entity_id',
    ],
  },
});

/** Body of `group_membership_updated`: the fields of `group_membership_created`, with those the catalog documents differently. */
export const GroupMembershipUpdatedBodySchema = deriveBody(GroupMembershipCreatedBodySchema, {
  group_name: text('The name of the group the user is assigned to.'),
  user_id: id('The Canvas id of the user assigned to a group.'),
});
export type GroupMembershipUpdatedBody = z.infer<typeof GroupMembershipUpdatedBodySchema>;
export const GroupMembershipUpdated = defineEvent({
  name: 'group_membership_updated',
  definition:
    'The event is emitted anytime an existing group membership  is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a existing group membership is modified.',
  body: GroupMembershipUpdatedBodySchema,
});
