import { sameCanvasId } from './canvas-ids.js';

/** How an enrollment was made: the question this project answers first. */
export const CREATED_VIA = [
  'sis_import',
  'api_integration',
  'web_ui',
  'self_enrollment',
  'background_job',
  'unknown',
] as const;
export type CreatedVia = (typeof CREATED_VIA)[number];

/** The signals an event carries about its origin (from Canvas metadata or Caliper extensions). */
export interface ProvenanceSignals {
  readonly sourceFormat: 'canvas' | 'caliper';
  readonly jobId?: string | null;
  readonly jobTag?: string | null;
  readonly developerKeyId?: string | null;
  /** The user making the request (metadata.user_id, Caliper actor). */
  readonly actingUserId?: string | null;
  /** metadata.real_user_id: set when the acting user is being masqueraded. */
  readonly realUserId?: string | null;
  readonly sessionId?: string | null;
  readonly referrer?: string | null;
  /** The user the enrollment is for (body.user_id); absent on enrollment state events. */
  readonly subjectUserId?: string | null;
}

export interface Provenance {
  readonly created_via: CreatedVia;
  readonly provenance_evidence: string;
  readonly acting_user_id: string | null;
  readonly masqueraded_by: string | null;
  readonly integration_name: string | null;
}

/** developer_key_id → integration name, from configuration. Keys may be global or local ids. */
export type IntegrationNames = Readonly<Record<string, string>>;

/** Job tags of Canvas's SIS importer: `SIS::CSV::ImportRefactored#run_parallel_importer`, `SisBatch#process…`. */
const SIS_JOB_TAG = /(^|[^a-z])(sis::|sisbatch|sis_batch|sis_import)/i;

export function isSisImportJobTag(jobTag: string): boolean {
  return SIS_JOB_TAG.test(jobTag);
}

export function integrationNameFor(
  developerKeyId: string | null | undefined,
  names: IntegrationNames,
): string | null {
  if (developerKeyId == null || developerKeyId === '') return null;
  const exact = names[developerKeyId];
  if (exact !== undefined) return exact;
  for (const [key, name] of Object.entries(names)) if (sameCanvasId(key, developerKeyId)) return name;
  return null;
}

const present = (v: string | null | undefined): v is string => v != null && v !== '';

/**
 * Classifies the origin of an enrollment change. Signals in order of trust:
 * 1. a job (`job_id`/`job_tag`): the SIS importer's tags mean `sis_import`, any other job `background_job`;
 * 2. `developer_key_id`: the request used an OAuth token, i.e. `api_integration`. The Canvas web UI itself calls
 *    `/api/v1/...` with a session and no developer key, so the URL alone proves nothing;
 * 3. the acting user enrolling themselves (`metadata.user_id` = `body.user_id`, not masqueraded): `self_enrollment`;
 * 4. a browser request (a session or referrer, no developer key): `web_ui`;
 * otherwise `unknown`. Of the Caliper forms only NavigationEvents carry the developer key (in the object's
 * extensions, read into the same `meta_developer_key_id`), so a request-driven Caliper event with no key that is
 * not a self-enrollment stays `unknown` rather than being guessed.
 */
export function classifyProvenance(s: ProvenanceSignals, integrations: IntegrationNames = {}): Provenance {
  const acting = present(s.actingUserId) ? s.actingUserId : null;
  const masqueradedBy = present(s.realUserId) && !sameCanvasId(s.realUserId, acting) ? s.realUserId : null;
  const integrationName = integrationNameFor(s.developerKeyId, integrations);
  const result = (created_via: CreatedVia, evidence: string[]): Provenance => ({
    created_via,
    provenance_evidence: [...evidence, ...(masqueradedBy ? [`masqueraded_by=${masqueradedBy}`] : [])].join(
      '; ',
    ),
    acting_user_id: acting,
    masqueraded_by: masqueradedBy,
    integration_name: integrationName,
  });

  if (present(s.jobTag) || present(s.jobId)) {
    const tag = present(s.jobTag) ? `job_tag=${s.jobTag}` : `job_id=${s.jobId}`;
    return present(s.jobTag) && isSisImportJobTag(s.jobTag)
      ? result('sis_import', [tag])
      : result('background_job', [tag]);
  }
  if (present(s.developerKeyId)) {
    return result('api_integration', [
      `developer_key_id=${s.developerKeyId}`,
      ...(integrationName ? [`integration=${integrationName}`] : []),
    ]);
  }
  const selfEnrolled = acting !== null && sameCanvasId(acting, s.subjectUserId);
  if (selfEnrolled && masqueradedBy === null) {
    return result('self_enrollment', [`acting user ${acting} = enrolled user`]);
  }
  const browser = present(s.sessionId) || present(s.referrer);
  const selfNote = selfEnrolled
    ? ['acting user = enrolled user, but masqueraded: attributed to the masquerading user']
    : [];
  if (s.sourceFormat === 'caliper') {
    return result('unknown', [
      ...selfNote,
      browser
        ? 'caliper request: no developer_key_id in Caliper, web UI and API cannot be told apart'
        : 'caliper event without job or session',
    ]);
  }
  if (browser) {
    return result('web_ui', [
      ...selfNote,
      present(s.sessionId) ? 'session_id present' : 'referrer present',
      'no developer_key_id',
    ]);
  }
  return result('unknown', [...selfNote, 'no job, developer key, session or self-enrollment signal']);
}
