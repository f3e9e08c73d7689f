import * as z from 'zod';
import { defineEvent, id, text, url } from '../define.js';

/** Body of `lti_resource_link_created`. */
export const LtiResourceLinkCreatedBodySchema = z.looseObject({
  context_id: id('The global Canvas id of the context.'),
  context_type: text('The type of the context, either Course or Assignment.'),
  resource_link_id: id('The global Canvas id of the resource link.'),
  resource_link_uuid: text('The LTI uuid of the resource link.'),
  lookup_uuid: text('Used to track resource links across content migrations.'),
  context_external_tool_id: id(
    'The global Canvas id of the LTI 1.3 deployment that owns this resource link.',
  ),
  url: url('The LTI launch URL for this resource link.'),
  workflow_state: text('The workflow state of the resource link.'),
});
export type LtiResourceLinkCreatedBody = z.infer<typeof LtiResourceLinkCreatedBodySchema>;
export const LtiResourceLinkCreated = defineEvent({
  name: 'lti_resource_link_created',
  definition: 'The event is emitted any time a new resource link is created during LTI 1.3 Deep Linking.',
  trigger: 'Triggered when a new LTI resource link is created.',
  body: LtiResourceLinkCreatedBodySchema,
});

/** Body of `lti_resource_link_updated`: the catalog documents the same fields, in the same words, as for `lti_resource_link_created`. */
export const LtiResourceLinkUpdatedBodySchema = LtiResourceLinkCreatedBodySchema;
export type LtiResourceLinkUpdatedBody = z.infer<typeof LtiResourceLinkUpdatedBodySchema>;
export const LtiResourceLinkUpdated = defineEvent({
  name: 'lti_resource_link_updated',
  definition: 'The event is emitted any time an existing resource link is updated via API request.',
  trigger: 'Triggered when an existing LTI resource link is updated.',
  body: LtiResourceLinkUpdatedBodySchema,
});
