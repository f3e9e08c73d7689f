import * as z from 'zod';
import { id, text, timestamp, url } from './define.js';

/**
 * The `metadata` object of a Canvas-format event: every field documented in the catalog's `metadata.json`.
 * Fields vary with the event and with whether a request or a job emitted it, so all are optional.
 */
export const MetadataSchema = z.looseObject({
  root_account_uuid: text('The Canvas uuid of the root account associated with the context of the job.'),
  root_account_id: id('The Canvas id of the root account associated with the context of the job.'),
  root_account_lti_guid: text(
    'The Canvas lti_guid of the root account associated with the context of the job.',
  ),
  event_name: text('The event type.'),
  event_time: timestamp(
    'The time that Canvas emitted the event, in ISO 8601 format with millisecond precision.',
  ),
  job_id: id(
    'The identifier for the asynchronous job. Only present in system-generated events (events emitted in an asynchronous job, not an HTTP request).',
  ),
  job_tag: text(
    'A string identifying the type of job being performed. Only present in system-generated events (events emitted in an asynchronous job, not an HTTP request).',
  ),
  producer: text('Always "canvas".'),
  user_login: text(
    'The login of the current user. Only present in user-generated events (events emitted directly from an HTTP request).',
  ),
  user_account_id: id(
    'The Canvas id of the account that the current user belongs to. Only present in user-generated events (events emitted directly from an HTTP request).',
  ),
  user_sis_id: text(
    'The SIS id of the user. Only present in user-generated events (events emitted directly from an HTTP request).',
  ),
  user_id: id('The Canvas id of the currently logged in user.'),
  time_zone: text(
    'Time zone of the currently logged in user. Only present in user-generated events (events emitted directly from an HTTP request).',
  ),
  developer_key_id: id(
    'The id of the Developer Key used to create the access token for user. Only available for events triggered by an external tool.',
  ),
  context_type: text('The type of context where the event happened.'),
  context_id: id('The Canvas id of the current context.'),
  context_sis_source_id: text('SIS source id of the current context.'),
  context_account_id: id(
    'The account id of the current context. This is the actual account the context is attached to.',
  ),
  context_role: text('The role of the current user in the current context.'),
  request_id: text(
    'The identifier for this request. Correlates to Canvas Data table Requests.id. Only present in user-generated events.',
  ),
  session_id: text(
    'The session identifier for this request. Can be used to correlate events in the same session for a user. Only present in user-generated events.',
  ),
  hostname: text('The domain of the Canvas instance for the request. Only present in user-generated events.'),
  http_method: text(
    'HTTP method/verb (GET, PUT, POST etc.) that the request was sent with. Only present in user-generated events.',
  ),
  user_agent: text(
    'The User-Agent sent by the browser making the request. Only present in user-generated events.',
  ),
  client_ip: text(
    'The client IP address of the request that triggered the event. Only present in user-generated events.',
  ),
  url: url('The URL of the request that triggered the event. Only present in user-generated events.'),
  referrer: url(
    'URL of the page the user clicked to get to the current page. Only present in user-generated events.',
  ),
  real_user_id: id(
    'If the current user is being masqueraded, this is the Canvas id of the masquerading user. Only present in user-generated events.',
  ),
});
export type Metadata = z.infer<typeof MetadataSchema>;
