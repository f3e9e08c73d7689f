import { App, NestedStack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.js';
import { CONTEXTS, synthStack } from '../support/cdk.js';
import { Assembly, type CfnTemplate, publishers, publishProblems } from '../support/cfn.js';

const { app } = synthStack(CONTEXTS.main);
const assembly = Assembly.of(app);

/** The same assembly with one template edited. */
function edited(edit: (templates: Map<string, CfnTemplate>) => void): Assembly {
  const templates = new Map([...assembly.templates].map(([f, t]) => [f, structuredClone(t)]));
  edit(templates);
  return new Assembly(assembly.directory, templates);
}

const topicPolicyStatements = (templates: Map<string, CfnTemplate>) =>
  [...templates.values()]
    .flatMap((t) => Object.values(t.Resources))
    .filter((r) => r.Type === 'AWS::SNS::TopicPolicy')
    .map((r) => r.Properties.PolicyDocument as { Statement: Record<string, unknown>[] });

describe('alarms reach a person', () => {
  const all = publishers(assembly);

  it('finds every alarm action and rule target in every template', () => {
    const alarms = assembly.resourcesOfType('AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(5);
    // ALARM and OK of each alarm, and the access-change rule
    expect(all.filter((p) => p.service === 'cloudwatch.amazonaws.com').length).toBe(2 * alarms.length);
    expect(all.filter((p) => p.service === 'events.amazonaws.com').length).toBeGreaterThanOrEqual(1);
    for (const { resource } of alarms)
      expect(resource.Properties.AlarmActions?.length ?? 0).toBeGreaterThan(0);
  });

  it('lets every publisher publish to its topic, scoped by account and by the alarm or rule ARN', () => {
    expect(all.flatMap((p) => publishProblems(assembly, p))).toEqual([]);
  });

  it('keeps the TLS-only deny on the topic', () => {
    const statements = topicPolicyStatements(new Map(assembly.templates)).flatMap((d) => d.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('covers an alarm another construct adds in a nested stack, through notify', () => {
    const other = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const { stack } = buildApp(other);
    const nested = new NestedStack(stack, 'Elsewhere');
    const extra = new cloudwatch.Alarm(nested, 'ExtraAlarm', {
      metric: new cloudwatch.Metric({ namespace: 'Test', metricName: 'Failures', statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    stack.observability.notify(extra);
    const withNested = Assembly.of(other);
    const found = publishers(withNested);
    expect(found.filter((p) => p.source.file.includes('Elsewhere'))).toHaveLength(2);
    expect(found.flatMap((p) => publishProblems(withNested, p))).toEqual([]);
  });

  it('notices a topic policy that only denies (the defect of the first version)', () => {
    const broken = edited((templates) => {
      for (const document of topicPolicyStatements(templates))
        document.Statement = document.Statement.filter((s) => s.Effect === 'Deny');
    });
    const problems = publishers(broken).flatMap((p) => publishProblems(broken, p));
    expect(problems.length).toBe(all.length);
    expect(problems[0]).toMatch(/does not let cloudwatch.amazonaws.com publish/);
  });

  it('notices a grant without the source scope, and one naming other alarms', () => {
    const unscoped = edited((templates) => {
      for (const document of topicPolicyStatements(templates))
        for (const s of document.Statement) if (s.Effect === 'Allow') delete s.Condition;
    });
    expect(publishers(unscoped).flatMap((p) => publishProblems(unscoped, p)).length).toBe(all.length);
    const otherAlarm = edited((templates) => {
      for (const document of topicPolicyStatements(templates))
        for (const s of document.Statement)
          if (s.Sid === 'CloudWatchAlarmsPublish')
            (s.Condition as { ArnLike: Record<string, unknown> }).ArnLike['aws:SourceArn'] = [
              'arn:aws:cloudwatch:us-east-1:111111111111:alarm:someone-else',
            ];
    });
    const problems = publishers(otherAlarm).flatMap((p) => publishProblems(otherAlarm, p));
    expect(problems.length).toBe(all.filter((p) => p.service === 'cloudwatch.amazonaws.com').length);
  });

  it('notices a topic encrypted with a key CloudWatch may not use', () => {
    const encrypted = edited((templates) => {
      for (const t of templates.values())
        for (const r of Object.values(t.Resources))
          if (r.Type === 'AWS::SNS::Topic') r.Properties.KmsMasterKeyId = 'alias/aws/sns';
    });
    expect(publishers(encrypted).flatMap((p) => publishProblems(encrypted, p))[0]).toMatch(
      /key this app does not control/,
    );
  });
});
