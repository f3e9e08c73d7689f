import * as z from 'zod';
import { defineEvent, id, text, timestamp } from '../define.js';

/** Body of `account_created`. */
export const AccountCreatedBodySchema = z.looseObject({
  name: text('The name of the account.'),
  account_id: id('The Canvas id of the account.'),
  root_account_id: id('The id of the Canvas root account the created account belongs to.'),
  root_account_uuid: text('The uuid of the Canvas root account the created account belongs to.'),
  parent_account_id: id('The id of the Canvas parent account of the created account.'),
  external_status: text('The external status of the account.'),
  workflow_state: text('The workflow state of the account.'),
  domain: text('The Canvas domain of the root account of the account.'),
  default_time_zone: text('The default time zone of the account.'),
  default_locale: text('The default locale of the account.'),
});
export type AccountCreatedBody = z.infer<typeof AccountCreatedBodySchema>;
export const AccountCreated = defineEvent({
  name: 'account_created',
  definition: 'The event is emitted anytime an account is created by an end user or API request.',
  trigger: 'Triggered anytime a new account is created.',
  body: AccountCreatedBodySchema,
});

/** Body of `account_updated`: the catalog documents the same fields, in the same words, as for `account_created`. */
export const AccountUpdatedBodySchema = AccountCreatedBodySchema;
export type AccountUpdatedBody = z.infer<typeof AccountUpdatedBodySchema>;
export const AccountUpdated = defineEvent({
  name: 'account_updated',
  definition: 'The event is emitted anytime an account is updated by an end user or API request.',
  trigger: 'Triggered anytime an existing account is updated.',
  body: AccountUpdatedBodySchema,
});

/** Body of `account_notification_created`. */
export const AccountNotificationCreatedBodySchema = z.looseObject({
  account_notification_id: id('The Canvas id of the account notification.'),
  end_at: timestamp('When to expire the notification.'),
  icon: text('The icon to display with the message.  Defaults to warning.'),
  message: text(
    'The message to be sent in the notification. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  start_at: timestamp('When to send out the notification.'),
  subject: text(
    'The subject of the notification. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
});
export type AccountNotificationCreatedBody = z.infer<typeof AccountNotificationCreatedBodySchema>;
export const AccountNotificationCreated = defineEvent({
  name: 'account_notification_created',
  definition:
    'The event is emitted anytime an account level notification is created by and end user or API request.',
  trigger: 'Triggered anytime a new account notification is created.',
  body: AccountNotificationCreatedBodySchema,
});
