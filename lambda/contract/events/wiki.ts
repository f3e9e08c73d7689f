import * as z from 'zod';
import { type CaliperMapping, defineEvent, id, text } from '../define.js';

const WIKI_PAGE_CALIPER_FIELDS = {
  wiki_page_id: ['object.ext.entity_id', 'object.id|urn'],
  title: 'object.name',
} as const satisfies CaliperMapping['fields'];

/** Body of `wiki_page_created`. */
export const WikiPageCreatedBodySchema = z.looseObject({
  body: text(
    'The body of the new page. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  title: text(
    'The title of the new page. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  wiki_page_id: id('The Canvas id of the new wiki page.'),
});
export type WikiPageCreatedBody = z.infer<typeof WikiPageCreatedBodySchema>;
export const WikiPageCreated = defineEvent({
  name: 'wiki_page_created',
  definition: 'The event is emitted anytime a new wiki page is created by an end user or API request.',
  trigger: 'Triggered when a new wiki page is created.',
  body: WikiPageCreatedBodySchema,
  caliper: { action: 'Created', objectKind: 'wikiPage', fields: WIKI_PAGE_CALIPER_FIELDS },
});

/** Body of `wiki_page_updated`. */
export const WikiPageUpdatedBodySchema = z.looseObject({
  body: text(
    'The new page body. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  old_body: text(
    'The old page body. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  old_title: text(
    'The old title. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  title: text('The new title. NOTE: This field will be truncated to only include the first 8192 characters.'),
  wiki_page_id: id('The Canvas id of the changed wiki page.'),
});
export type WikiPageUpdatedBody = z.infer<typeof WikiPageUpdatedBodySchema>;
export const WikiPageUpdated = defineEvent({
  name: 'wiki_page_updated',
  definition: 'The event is emitted anytime a wiki page is altered by an end user or API request.',
  trigger: 'Triggered when title or body of wiki page is altered.',
  body: WikiPageUpdatedBodySchema,
  caliper: { action: 'Modified', objectKind: 'wikiPage', fields: WIKI_PAGE_CALIPER_FIELDS },
});

/** Body of `wiki_page_deleted`. */
export const WikiPageDeletedBodySchema = z.looseObject({
  title: text(
    'The title of the deleted wiki page. NOTE: This field will be truncated to only include the first 8192 characters.',
  ),
  wiki_page_id: id('The Canvas id of the deleted wiki page.'),
});
export type WikiPageDeletedBody = z.infer<typeof WikiPageDeletedBodySchema>;
export const WikiPageDeleted = defineEvent({
  name: 'wiki_page_deleted',
  definition: 'The event is emitted anytime a wiki page is deleted by an end user or API request.',
  trigger: 'Triggered when a wiki page is deleted.',
  body: WikiPageDeletedBodySchema,
  caliper: { action: 'Deleted', objectKind: 'wikiPage', fields: WIKI_PAGE_CALIPER_FIELDS },
});
