import * as z from 'zod';
import { id, text, url } from '../define.js';

/** The Canvas extension key used throughout Caliper events. */
export const CANVAS_EXT = 'com.instructure.canvas';

/** `data[].extensions["com.instructure.canvas"]`: the request or job that emitted the event. */
export const CaliperEventExtensionsSchema = z.looseObject({
  client_ip: text(
    'The client IP address of the request that triggered the event. Only present in user-generated events',
  ),
  hostname: text('The domain of the Canvas instance for the request. Only present in user-generated events'),
  job_id: id(
    'The identifier for the asynchronous job. Only present in system-generated events (events emitted in an asynchronous job, not an HTTP request)',
  ),
  job_tag: text(
    'A string identifying the type of job being performed. Only present in system-generated events (events emitted in an asynchronous job, not an HTTP request)',
  ),
  request_id: text(
    'The identifier for this request. Correlates to Canvas Data table requests.id. Only present in user-generated events',
  ),
  request_url: url('The URL to the requested resource. Only present in user-generated events'),
  user_agent: text(
    'The User-Agent sent by the browser making the request. Only present in user-generated events',
  ),
  version: text('Canvas implementation version of Caliper p1v1 events'),
});

/** `data[].actor.extensions["com.instructure.canvas"]`: the user who triggered the event. */
export const CaliperActorExtensionsSchema = z.looseObject({
  entity_id: id('The ID of the Canvas user who triggered the event'),
  root_account_id: id('The Canvas id of the root account associated with the context of the event'),
  root_account_lti_guid: text(
    'The Canvas lti_guid of the root account associated with the context of the event',
  ),
  root_account_uuid: text('The Canvas uuid of the root account associated with the context of the event'),
  user_login: text(
    'The login of the current user. Only present in user-generated events (events emitted directly from an HTTP request)',
  ),
  user_sis_id: text(
    'The SIS id of the user. Only present in user-generated events (events emitted directly from an HTTP request)',
  ),
  real_user_id: id('The ID of the Canvas user, only populated when masquerade feature is used'),
});

const extensionsOf = <S extends z.ZodType>(canvas: S) =>
  z.looseObject({ [CANVAS_EXT]: canvas.nullish() }).nullish();

/** A Caliper entity: `id` (usually a Canvas URN), `type`, and anything else. */
export const CaliperEntitySchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  extensions: extensionsOf(z.looseObject({})),
});

export const CaliperActorSchema = CaliperEntitySchema.extend({
  extensions: extensionsOf(CaliperActorExtensionsSchema),
});

export const CaliperMembershipSchema = CaliperEntitySchema.extend({ roles: z.array(z.string()).nullish() });

/**
 * One Caliper 1.1 event (`data[]`). Only `type`, `action` and `eventTime` are needed to place it;
 * everything else is optional so that a partial event still becomes a row.
 */
export const CaliperEventSchema = z.looseObject({
  '@context': z.string().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  action: z.string().nullish(),
  actor: CaliperActorSchema.nullish(),
  object: CaliperEntitySchema.nullish(),
  eventTime: z.string().nullish(),
  edApp: CaliperEntitySchema.nullish(),
  group: CaliperEntitySchema.nullish(),
  membership: CaliperMembershipSchema.nullish(),
  session: CaliperEntitySchema.nullish(),
  extensions: extensionsOf(CaliperEventExtensionsSchema),
  referrer: z.union([z.string(), CaliperEntitySchema]).nullish(),
  generated: CaliperEntitySchema.nullish(),
  target: CaliperEntitySchema.nullish(),
});
export type CaliperEvent = z.infer<typeof CaliperEventSchema>;

/** The IMS Caliper 1.1 envelope Canvas sends: one or more events in `data`. */
export const CaliperEnvelopeSchema = z.looseObject({
  sensor: z.string().nullish(),
  sendTime: z.string().nullish(),
  dataVersion: z.string().nullish(),
  data: z.array(z.unknown()),
});
export type CaliperEnvelope = z.infer<typeof CaliperEnvelopeSchema>;
