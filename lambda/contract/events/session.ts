import * as z from 'zod';
import { defineEvent, url } from '../define.js';

/** Body of `logged_in`. */
export const LoggedInBodySchema = z.looseObject({
  redirect_url: url(
    'The URL the user was redirected to after logging in. Is set when the user logs in after clicking a deep link into Canvas.',
  ),
});
export type LoggedInBody = z.infer<typeof LoggedInBodySchema>;
export const LoggedIn = defineEvent({
  name: 'logged_in',
  definition: 'The event is emitted anytime an end user logs into Canvas',
  trigger: 'Triggered when a user has logged in.',
  body: LoggedInBodySchema,
  // Caliper SessionEvent/LoggedIn: the object is the Canvas application (its URL, not a URN).
  caliper: { eventType: 'SessionEvent', action: 'LoggedIn', fields: {} },
});

/** Body of `logged_out`. */
export const LoggedOutBodySchema = z.looseObject({});
export type LoggedOutBody = z.infer<typeof LoggedOutBodySchema>;
export const LoggedOut = defineEvent({
  name: 'logged_out',
  definition: 'The event is emitted anytime an end user logs out of Canvas',
  trigger: 'Triggered when a user has logged out.',
  body: LoggedOutBodySchema,
  caliper: { eventType: 'SessionEvent', action: 'LoggedOut', fields: {} },
});
