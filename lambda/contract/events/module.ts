import * as z from 'zod';
import { defineEvent, deriveBody, id, int64, text } from '../define.js';

/** Body of `module_created`. */
export const ModuleCreatedBodySchema = z.looseObject({
  context_id: id('The local Canvas id of the context.'),
  context_type: text("The type of module's context."),
  module_id: id('The Canvas id of the module.'),
  name: text('The name of the module.'),
  position: int64('The position of the module in the course.'),
  workflow_state: text('The workflow state of the module.'),
});
export type ModuleCreatedBody = z.infer<typeof ModuleCreatedBodySchema>;
export const ModuleCreated = defineEvent({
  name: 'module_created',
  definition: 'The event is emitted anytime a new module is created by an end user or API request.',
  trigger: 'Triggered when a new module is created.',
  body: ModuleCreatedBodySchema,
});

/** Body of `module_updated`: the fields of `module_created`, with those the catalog documents differently. */
export const ModuleUpdatedBodySchema = deriveBody(ModuleCreatedBodySchema, {
  workflow_state: text('The workflow state of the module (active, deleted, unpublished).'),
});
export type ModuleUpdatedBody = z.infer<typeof ModuleUpdatedBodySchema>;
export const ModuleUpdated = defineEvent({
  name: 'module_updated',
  definition:
    'The event is emitted anytime a module is updated by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a new module is updated.',
  body: ModuleUpdatedBodySchema,
});

/** Body of `module_item_created`. */
export const ModuleItemCreatedBodySchema = z.looseObject({
  context_id: id('The local Canvas id of the context.'),
  context_type: text('The type of module\'s context, usually "Course".'),
  module_id: id('The Canvas id of the module.'),
  module_item_id: id('The Canvas id of the module item.'),
  position: int64('The position of the module item in the module.'),
  workflow_state: text('The workflow state of the module item.'),
});
export type ModuleItemCreatedBody = z.infer<typeof ModuleItemCreatedBodySchema>;
export const ModuleItemCreated = defineEvent({
  name: 'module_item_created',
  definition:
    'The event is emitted anytime a new module item is added to a module by an end user or API request.',
  trigger: 'Triggered when a new module item is created.',
  body: ModuleItemCreatedBodySchema,
});

/** Body of `module_item_updated`: the fields of `module_item_created`, with those the catalog documents differently. */
export const ModuleItemUpdatedBodySchema = deriveBody(ModuleItemCreatedBodySchema, {
  context_type: text("The type of module's context."),
  workflow_state: text('The workflow state of the module item (active, deleted, unpublished).'),
});
export type ModuleItemUpdatedBody = z.infer<typeof ModuleItemUpdatedBodySchema>;
export const ModuleItemUpdated = defineEvent({
  name: 'module_item_updated',
  definition:
    'The event is emitted anytime a module item is updated in a module by an end user or API request. Only changes to the fields included in the body of the event payload will emit the `updated` event.',
  trigger: 'Triggered when a new module item is updated.',
  body: ModuleItemUpdatedBodySchema,
});
