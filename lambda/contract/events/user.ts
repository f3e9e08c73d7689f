import * as z from 'zod';
import { bool, defineEvent, deriveBody, id, text, timestamp } from '../define.js';

/** Body of `user_created`. */
export const UserCreatedBodySchema = z.looseObject({
  created_at: timestamp('The time at which this user was created.'),
  name: text('Name of user.'),
  short_name: text('Short name of user.'),
  updated_at: timestamp('The time at which this user was last modified in any way.'),
  user_id: id('The Canvas id of user.'),
  user_login: text('The login of the current user.'),
  user_sis_id: text('The SIS id of the user.'),
  uuid: text('Unique user id.'),
  workflow_state: text('State of the user.'),
});
export type UserCreatedBody = z.infer<typeof UserCreatedBodySchema>;
export const UserCreated = defineEvent({
  name: 'user_created',
  definition: 'The event is emitted anytime a user is added to an account.',
  trigger: 'Triggered when a new user is created.',
  body: UserCreatedBodySchema,
});

/** Body of `user_updated`: the fields of `user_created`, with those the catalog documents differently. */
export const UserUpdatedBodySchema = deriveBody(UserCreatedBodySchema, {
  workflow_state: text('State of the user. (deleted, pre_registered, registered)'),
});
export type UserUpdatedBody = z.infer<typeof UserUpdatedBodySchema>;
export const UserUpdated = defineEvent({
  name: 'user_updated',
  definition:
    'The event is emitted anytime a user details are updated. Only changes to the fields included in the body of the event payload will emit the `updated` event. The metadata of the event payload will list a user or process that updated the user profile details and the body of the event will list a user details that were updated.',
  trigger: 'Triggered when a user record is updated.',
  body: UserUpdatedBodySchema,
});

/** Body of `user_account_association_created`. */
export const UserAccountAssociationCreatedBodySchema = z.looseObject({
  account_id: id('The Canvas id of the account for this association.'),
  account_uuid: text('The unique id of the account for this association.'),
  created_at: timestamp('The time at which this association was created.'),
  is_admin: bool('Is user an administrator?'),
  updated_at: timestamp('The time at which this association was last modified.'),
  user_id: id('The Canvas id of the user for this association.'),
});
export type UserAccountAssociationCreatedBody = z.infer<typeof UserAccountAssociationCreatedBodySchema>;
export const UserAccountAssociationCreated = defineEvent({
  name: 'user_account_association_created',
  definition: 'The event is emitted anytime a user is created in an account.',
  trigger: 'Triggered when a user is added to an account.',
  body: UserAccountAssociationCreatedBodySchema,
  caliper: {
    action: 'Created',
    objectKind: 'account',
    objectExtensionKeys: ['user_id', 'is_admin'],
    fields: {
      account_id: 'object.id|urn',
      created_at: 'object.dateCreated',
      updated_at: 'object.dateModified',
    },
  },
});
