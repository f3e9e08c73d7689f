import * as z from 'zod';
import { defineEvent, id, timestamp } from '../define.js';

/** Body of `conversation_created`. */
export const ConversationCreatedBodySchema = z.looseObject({
  conversation_id: id('The Canvas id of the conversation.'),
  updated_at: timestamp('The time this conversation was updated.'),
});
export type ConversationCreatedBody = z.infer<typeof ConversationCreatedBodySchema>;
export const ConversationCreated = defineEvent({
  name: 'conversation_created',
  definition: 'The event is emitted anytime a new conversation is initiated by the sender.',
  trigger: 'Triggered when a new conversation is created.',
  body: ConversationCreatedBodySchema,
});

/** Body of `conversation_forwarded`: the catalog documents the same fields, in the same words, as for `conversation_created`. */
export const ConversationForwardedBodySchema = ConversationCreatedBodySchema;
export type ConversationForwardedBody = z.infer<typeof ConversationForwardedBodySchema>;
export const ConversationForwarded = defineEvent({
  name: 'conversation_forwarded',
  definition: 'The event is emitted when a conversation is updated.',
  trigger: 'Triggered when a new user is added to a conversation',
  body: ConversationForwardedBodySchema,
});

/** Body of `conversation_message_created`. */
export const ConversationMessageCreatedBodySchema = z.looseObject({
  author_id: id('The Canvas id of the author.'),
  conversation_id: id('The Canvas id of the conversation.'),
  created_at: timestamp('The time this conversation message was created.'),
  message_id: id('The Canvas id of the conversation message.'),
});
export type ConversationMessageCreatedBody = z.infer<typeof ConversationMessageCreatedBodySchema>;
export const ConversationMessageCreated = defineEvent({
  name: 'conversation_message_created',
  definition: 'The event is emitted anytime a new conversation message is added to a conversation.',
  trigger: 'Triggered when a new conversation mesage is created.',
  body: ConversationMessageCreatedBodySchema,
});
