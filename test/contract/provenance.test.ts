import { describe, expect, it } from 'vitest';
import {
  classifyProvenance,
  integrationNameFor,
  isSisImportJobTag,
} from '../../lambda/contract/provenance.js';

const teacher = '21070000000000001';
const student = '21070000000020064';

describe('classifyProvenance', () => {
  it('calls an SIS importer job sis_import, whatever else is present', () => {
    const p = classifyProvenance({
      sourceFormat: 'canvas',
      jobId: '1020020528469291',
      jobTag: 'SIS::CSV::ImportRefactored#run_parallel_importer',
      developerKeyId: '170000000056',
    });
    expect(p.created_via).toBe('sis_import');
    expect(p.provenance_evidence).toBe('job_tag=SIS::CSV::ImportRefactored#run_parallel_importer');
  });

  it('calls any other job background_job', () => {
    expect(
      classifyProvenance({
        sourceFormat: 'canvas',
        jobTag: 'EnrollmentState.process_account_states_in_ranges',
      }).created_via,
    ).toBe('background_job');
    expect(classifyProvenance({ sourceFormat: 'canvas', jobId: '42' })).toMatchObject({
      created_via: 'background_job',
      provenance_evidence: 'job_id=42',
    });
  });

  it.each([
    ['SIS::CSV::ImportRefactored#run_parallel_importer', true],
    ['SisBatch#process_without_send_later', true],
    ['SisBatch.process_all_for_account', true],
    ['Api::V1::SisImportsController#create', false],
    ['EnrollmentState.process_account_states_in_ranges', false],
    ['Course#copy_to', false],
    ['Analysis::process', false],
  ])('recognises SIS importer tags: %s → %s', (tag, expected) => {
    expect(isSisImportJobTag(tag)).toBe(expected);
  });

  it('calls a request with a developer key api_integration, and names the integration', () => {
    const p = classifyProvenance(
      { sourceFormat: 'canvas', developerKeyId: '170000000056', actingUserId: teacher, sessionId: 'abc' },
      { '170000000056': 'Registrar sync' },
    );
    expect(p).toMatchObject({
      created_via: 'api_integration',
      integration_name: 'Registrar sync',
      provenance_evidence: 'developer_key_id=170000000056; integration=Registrar sync',
      acting_user_id: teacher,
    });
  });

  it('matches integration names by global or local developer key id', () => {
    expect(integrationNameFor('10000000000056', { '56': 'local form' })).toBe('local form');
    expect(integrationNameFor('56', { '10000000000056': 'global form' })).toBe('global form');
    expect(integrationNameFor('20000000000056', { '10000000000056': 'x' })).toBeNull();
    expect(integrationNameFor('170000000057', { '170000000056': 'x' })).toBeNull();
    expect(integrationNameFor(null, { '1': 'x' })).toBeNull();
  });

  it('calls a user enrolling themselves self_enrollment, comparing global and local ids', () => {
    expect(
      classifyProvenance({
        sourceFormat: 'canvas',
        actingUserId: student,
        subjectUserId: student,
        sessionId: 's',
      }).created_via,
    ).toBe('self_enrollment');
    expect(
      classifyProvenance({
        sourceFormat: 'canvas',
        actingUserId: student,
        subjectUserId: '20064',
        sessionId: 's',
      }).created_via,
    ).toBe('self_enrollment');
  });

  it('attributes a masqueraded self-enrollment to the masquerading user, in the web UI', () => {
    const p = classifyProvenance({
      sourceFormat: 'canvas',
      actingUserId: student,
      realUserId: teacher,
      subjectUserId: student,
      sessionId: 's',
    });
    expect(p).toMatchObject({ created_via: 'web_ui', masqueraded_by: teacher });
    expect(p.provenance_evidence).toContain('masqueraded_by=21070000000000001');
  });

  it('calls a browser request without a developer key web_ui, even when it hit /api/v1', () => {
    const p = classifyProvenance({
      sourceFormat: 'canvas',
      actingUserId: teacher,
      subjectUserId: student,
      sessionId: 'sess',
    });
    expect(p).toMatchObject({
      created_via: 'web_ui',
      provenance_evidence: 'session_id present; no developer_key_id',
    });
    expect(
      classifyProvenance({ sourceFormat: 'canvas', referrer: 'https://x/courses/1/users' }).created_via,
    ).toBe('web_ui');
  });

  it('says unknown when no signal decides', () => {
    expect(classifyProvenance({ sourceFormat: 'canvas', actingUserId: teacher }).created_via).toBe('unknown');
  });

  it('classifies what Caliper can carry and says unknown for the rest', () => {
    expect(
      classifyProvenance({ sourceFormat: 'caliper', jobTag: 'SIS::CSV::ImportRefactored#run' }).created_via,
    ).toBe('sis_import');
    expect(
      classifyProvenance({
        sourceFormat: 'caliper',
        actingUserId: student,
        subjectUserId: student,
        sessionId: 's',
      }).created_via,
    ).toBe('self_enrollment');
    const p = classifyProvenance({
      sourceFormat: 'caliper',
      actingUserId: teacher,
      subjectUserId: student,
      sessionId: 's',
    });
    expect(p.created_via).toBe('unknown');
    expect(p.provenance_evidence).toContain('no developer_key_id in Caliper');
  });

  it('does not report a real_user_id equal to the acting user as masquerading', () => {
    expect(
      classifyProvenance({ sourceFormat: 'canvas', actingUserId: teacher, realUserId: teacher })
        .masqueraded_by,
    ).toBeNull();
  });
});
