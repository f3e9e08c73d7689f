import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXTS, synthStack } from '../support/cdk.js';
import { Assembly } from '../support/cfn.js';

/**
 * cfn-lint over every template the app synthesizes (the main stack and its nested stacks), in one process.
 * The configuration turns on every optional part (both deliveries, alarm email, expiries, a lake prefix, deletable
 * data with its auto-delete custom resource), so every resource type the app can emit is linted.
 * A finding fails the test unless it is allowed below, by rule, place and reason.
 */
interface CfnLintFinding {
  Rule: { Id: string };
  Level: string;
  Message: string;
  Filename: string;
  Location: { Path: (string | number)[] };
}

interface Allowed {
  readonly rule: string;
  /** `Resources/<logical id>/…` of the finding. */
  readonly path: RegExp;
  readonly message?: RegExp;
  readonly reason: string;
}

const ALLOWED: readonly Allowed[] = [
  {
    rule: 'E3002',
    path: /^Resources\/ObservabilityDashboard[0-9A-F]{8}\/Properties\/Tags$/,
    reason:
      "False positive: CloudFormation has accepted Tags on AWS::CloudWatch::Dashboard since June 2026; cfn-lint 1.51's resource schema predates it. The cost allocation tags must reach the dashboard too.",
  },
  {
    rule: 'W3005',
    // Only a function's DependsOn on its own execution role (the ingest, maintenance and HTTPS receiver
    // functions, CDK's auto-delete provider).
    path: /^Resources\/(IngestFunction|MaintenanceFunction|HttpsFunction|CustomS3AutoDeleteObjectsCustomResourceProviderHandler)[0-9A-F]{8}\/DependsOn\/\d+$/,
    message:
      /^'\w+Role[0-9A-F]{8}' dependency already enforced by a 'GetAtt' at 'Resources\/\w+\/Properties\/Role'$/,
    reason:
      "aws-cdk-lib makes a Lambda function depend on its role construct, so that the role's policy exists before the function; that renders a DependsOn on the role too, which GetAtt Role.Arn already implies. Redundant and harmless, and not removable without overriding how CDK renders dependencies (the auto-delete provider is CDK's own).",
  },
  {
    rule: 'W3005',
    // The maintenance state machine's DependsOn on its own role.
    path: /^Resources\/MaintenanceStateMachine[0-9A-F]{8}\/DependsOn\/\d+$/,
    message:
      /^'MaintenanceStateMachineRole[0-9A-F]{8}' dependency already enforced by a 'GetAtt' at 'Resources\/\w+\/Properties\/RoleArn'$/,
    reason:
      "aws-cdk-lib makes a state machine depend on its role construct, so that the role's policy (invoking the function, reading the work list) exists before the first execution; that renders a DependsOn on the role too, which GetAtt Role.Arn already implies. Redundant and harmless.",
  },
];

const { app } = synthStack(CONTEXTS.deletable);
const assembly = Assembly.of(app);
const files = assembly.files.map((f) => join(assembly.directory, f));
const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...files], {
  encoding: 'utf8',
  timeout: 120_000,
});

describe('cfn-lint', () => {
  it('lints the main template and every nested template in one run', () => {
    expect(run.error).toBeUndefined();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.some((f) => f.endsWith('.nested.template.json'))).toBe(true);
    // 0: clean; 2, 4, 6: errors and/or warnings found (judged below); anything else is cfn-lint failing.
    expect([0, 2, 4, 6], run.stderr).toContain(run.status);
  });

  const findings = JSON.parse(run.stdout || '[]') as CfnLintFinding[];
  const allowanceOf = (f: CfnLintFinding) =>
    ALLOWED.find(
      (a) =>
        a.rule === f.Rule.Id &&
        a.path.test(f.Location.Path.join('/')) &&
        (a.message === undefined || a.message.test(f.Message)),
    );

  it('finds nothing beyond the findings allowed by name with a reason', () => {
    const unexpected = findings
      .filter((f) => allowanceOf(f) === undefined)
      .map(
        (f) =>
          `${f.Rule.Id} ${f.Level} ${f.Filename.split('/').pop()} ${f.Location.Path.join('/')}: ${f.Message}`,
      );
    expect(unexpected).toEqual([]);
  });

  it('still needs every allowance (remove the ones a newer cfn-lint or a fix made stale)', () => {
    const used = new Set(findings.map(allowanceOf));
    expect(ALLOWED.filter((a) => !used.has(a)).map((a) => a.rule)).toEqual([]);
    for (const a of ALLOWED) expect(a.reason.length).toBeGreaterThan(40);
  });
});
