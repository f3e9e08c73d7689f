import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';

/**
 * Reading synthesized CloudFormation the way CloudFormation does: every template of the assembly (the main stack
 * and its nested stacks), references followed across them (Ref, GetAtt, nested stack parameters and outputs),
 * and a small IAM evaluator for the policies the tests reason about.
 */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped by nature
export type Json = any;

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Json;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Json;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Parameters?: Record<string, Json>;
  readonly Outputs?: Record<string, { Value: Json }>;
}

/** A resource of one template of the assembly. */
export interface ResourceRef {
  readonly file: string;
  readonly logicalId: string;
}

export class Assembly {
  /** Template file → (nested stack logical id in that template → nested template file). */
  private readonly nestedFiles = new Map<string, Map<string, string>>();
  /** Nested template file → the template and resource that create it. */
  private readonly parents = new Map<string, ResourceRef>();

  constructor(
    readonly directory: string,
    readonly templates: ReadonlyMap<string, CfnTemplate>,
  ) {
    // Nested templates are file assets: the TemplateURL ends with the asset hash named in <stack>.assets.json.
    const assetFiles = new Map<string, string>();
    for (const file of readdirSync(directory).filter((f) => f.endsWith('.assets.json'))) {
      const manifest = JSON.parse(readFileSync(join(directory, file), 'utf8')) as {
        files?: Record<string, { source: { path: string } }>;
      };
      for (const [hash, entry] of Object.entries(manifest.files ?? {}))
        assetFiles.set(hash, entry.source.path);
    }
    for (const [file, template] of templates) {
      const nested = new Map<string, string>();
      for (const [id, resource] of Object.entries(template.Resources)) {
        if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
        const url = JSON.stringify(resource.Properties?.TemplateURL);
        const hash = /([0-9a-f]{64})\.json/.exec(url)?.[1];
        const child = hash === undefined ? undefined : assetFiles.get(hash);
        if (child === undefined || !templates.has(child))
          throw new Error(`nested stack ${id} of ${file}: template not found`);
        nested.set(id, child);
        this.parents.set(child, { file, logicalId: id });
      }
      this.nestedFiles.set(file, nested);
    }
  }

  /** The assembly an app synthesized (synthesizes it if it has not been). */
  static of(app: App): Assembly {
    const directory = app.synth().directory;
    const templates = new Map<string, CfnTemplate>();
    for (const file of readdirSync(directory)
      .filter((f) => f.endsWith('.template.json'))
      .sort()) {
      templates.set(file, JSON.parse(readFileSync(join(directory, file), 'utf8')) as CfnTemplate);
    }
    return new Assembly(directory, templates);
  }

  /** Template files, the main stack first. */
  get files(): string[] {
    return [...this.templates.keys()].sort(
      (a, b) => Number(a.includes('.nested.')) - Number(b.includes('.nested.')),
    );
  }

  template(file: string): CfnTemplate {
    const template = this.templates.get(file);
    if (template === undefined) throw new Error(`no template ${file}`);
    return template;
  }

  resource(ref: ResourceRef): CfnResource {
    const resource = this.template(ref.file).Resources[ref.logicalId];
    if (resource === undefined) throw new Error(`no resource ${ref.logicalId} in ${ref.file}`);
    return resource;
  }

  /** Every resource of a type, in every template. */
  resourcesOfType(type: string): (ResourceRef & { resource: CfnResource })[] {
    return this.files.flatMap((file) =>
      Object.entries(this.template(file).Resources)
        .filter(([, r]) => r.Type === type)
        .map(([logicalId, resource]) => ({ file, logicalId, resource })),
    );
  }

  /**
   * What a value written in `file` points at, following nested stack parameters (up) and outputs (down) until
   * it names a resource (Ref or GetAtt), a pseudo parameter (`AWS::AccountId`) or a literal.
   */
  follow(
    file: string,
    value: Json,
  ):
    | { kind: 'resource'; ref: ResourceRef; attribute?: string }
    | { kind: 'pseudo'; name: string }
    | { kind: 'literal'; value: Json } {
    const template = this.template(file);
    if (value !== null && typeof value === 'object' && 'Ref' in value) {
      const name = value.Ref as string;
      if (name.startsWith('AWS::')) return { kind: 'pseudo', name };
      if (name in template.Resources) return { kind: 'resource', ref: { file, logicalId: name } };
      if (template.Parameters && name in template.Parameters) {
        const parent = this.parents.get(file);
        if (parent === undefined)
          throw new Error(`parameter ${name} of the top-level ${file} has no value here`);
        return this.follow(parent.file, this.resource(parent).Properties.Parameters[name]);
      }
      throw new Error(`Ref ${name} names nothing in ${file}`);
    }
    if (value !== null && typeof value === 'object' && Array.isArray(value['Fn::GetAtt'])) {
      const [logicalId, attribute] = value['Fn::GetAtt'] as [string, string];
      const nestedFile = this.nestedFiles.get(file)?.get(logicalId);
      if (nestedFile !== undefined && attribute.startsWith('Outputs.')) {
        const output = this.template(nestedFile).Outputs?.[attribute.slice('Outputs.'.length)];
        if (output === undefined) throw new Error(`no output ${attribute} in ${nestedFile}`);
        return this.follow(nestedFile, output.Value);
      }
      if (!(logicalId in template.Resources)) throw new Error(`GetAtt ${logicalId} names nothing in ${file}`);
      return { kind: 'resource', ref: { file, logicalId }, attribute };
    }
    return { kind: 'literal', value };
  }

  /** The resource a value names (Ref or GetAtt, across stacks), or undefined for anything else. */
  resourceOf(file: string, value: Json): ResourceRef | undefined {
    const target = this.follow(file, value);
    return target.kind === 'resource' ? target.ref : undefined;
  }

  /**
   * A value as a flat string, cdk-nag style, with every reference followed to its resource:
   * `<file#Logical.Arn>/tables/*`, `<AWS::AccountId>`. Two strings are equal when they name the same thing.
   */
  flatten(file: string, value: Json): string {
    if (typeof value === 'string') return value;
    if (value !== null && typeof value === 'object' && Array.isArray(value['Fn::Join'])) {
      const [delimiter, items] = value['Fn::Join'] as [string, Json[]];
      return items.map((item) => this.flatten(file, item)).join(delimiter);
    }
    if (value !== null && typeof value === 'object' && ('Ref' in value || 'Fn::GetAtt' in value)) {
      const target = this.follow(file, value);
      if (target.kind === 'pseudo') return `<${target.name}>`;
      if (target.kind === 'literal') return this.flatten(file, target.value);
      return `<${target.ref.file}#${target.ref.logicalId}${target.attribute ? `.${target.attribute}` : ''}>`;
    }
    return JSON.stringify(value);
  }

  /** `<file#Logical.Arn>` or `<file#Logical>`: how `flatten` writes a reference to a resource. */
  static name(ref: ResourceRef, attribute?: string): string {
    return `<${ref.file}#${ref.logicalId}${attribute ? `.${attribute}` : ''}>`;
  }
}

/** What is asked of a policy: an action on a resource, with the request's condition keys. */
export interface Request {
  readonly action: string;
  /** Flattened resource (see Assembly.flatten). */
  readonly resource: string;
  /** Condition keys of the request. A key a statement tests but the request lacks is taken as satisfied. */
  readonly context?: Readonly<Record<string, string>>;
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** IAM wildcard match (`*` any run, `?` one character), case-insensitive for actions when asked. */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(text);
}

function conditionHolds(
  condition: Json,
  context: Readonly<Record<string, string>>,
  flat: (v: Json) => string,
): boolean {
  for (const [operator, tests] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(tests as Record<string, Json>)) {
      const actual = context[key];
      if (actual === undefined) continue; // unknown to the request: assume the worst (it holds)
      const values = asList(expected).map(flat);
      const ok =
        operator === 'StringEquals' || operator === 'ArnEquals'
          ? values.includes(actual)
          : operator === 'StringLike' || operator === 'ArnLike'
            ? values.some((v) => wildcardMatch(v, actual))
            : operator === 'StringNotEquals'
              ? !values.includes(actual)
              : true; // other operators: assume it holds
      if (!ok) return false;
    }
  }
  return true;
}

/**
 * Whether an identity policy document (written in `file`) allows a request. No statement with a matching Deny,
 * and one matching Allow. Resources are compared flattened, so `<…#Bucket.Arn>/tables/*` matches the objects of
 * that bucket under tables/ only.
 */
export function policyAllows(assembly: Assembly, file: string, document: Json, request: Request): boolean {
  const flat = (v: Json) => assembly.flatten(file, v);
  const matches = (statement: Json) =>
    asList<string>(statement.Action).some((a) => wildcardMatch(a, request.action, true)) &&
    asList<Json>(statement.Resource).some((r) => wildcardMatch(flat(r), request.resource)) &&
    conditionHolds(statement.Condition, request.context ?? {}, flat);
  const statements = asList<Json>(document.Statement);
  if (statements.some((s) => s.Effect === 'Deny' && matches(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && matches(s));
}

/** The policy documents attached to a role (inline, AWS::IAM::Policy, AWS::IAM::ManagedPolicy), with their template. */
export function rolePolicies(assembly: Assembly, role: ResourceRef): { file: string; document: Json }[] {
  const documents: { file: string; document: Json }[] = [];
  for (const policy of asList<Json>(assembly.resource(role).Properties?.Policies))
    documents.push({ file: role.file, document: policy.PolicyDocument });
  const same = (r: ResourceRef | undefined) => r?.file === role.file && r.logicalId === role.logicalId;
  for (const { file, resource } of assembly.resourcesOfType('AWS::IAM::Policy')) {
    if (asList<Json>(resource.Properties?.Roles).some((r) => same(assembly.resourceOf(file, r))))
      documents.push({ file, document: resource.Properties.PolicyDocument });
  }
  for (const { file, resource } of assembly.resourcesOfType('AWS::IAM::ManagedPolicy')) {
    if (asList<Json>(resource.Properties?.Roles).some((r) => same(assembly.resourceOf(file, r))))
      documents.push({ file, document: resource.Properties.PolicyDocument });
  }
  for (const arn of asList<Json>(assembly.resource(role).Properties?.ManagedPolicyArns)) {
    const policy = assembly.resourceOf(role.file, arn);
    if (policy)
      documents.push({ file: policy.file, document: assembly.resource(policy).Properties.PolicyDocument });
  }
  return documents;
}

/** Whether any of the documents allows the request and none denies it. */
export function documentsAllow(
  assembly: Assembly,
  documents: readonly { file: string; document: Json }[],
  request: Request,
): boolean {
  const merged = documents.flatMap(({ file, document }) =>
    asList<Json>(document.Statement).map((statement) => ({ file, statement })),
  );
  const verdicts = merged.map(({ file, statement }) => ({
    effect: statement.Effect as string,
    matches: policyAllows(assembly, file, { Statement: [{ ...statement, Effect: 'Allow' }] }, request),
  }));
  if (verdicts.some((v) => v.effect === 'Deny' && v.matches)) return false;
  return verdicts.some((v) => v.effect === 'Allow' && v.matches);
}

/** Something that publishes to an SNS topic on its own: an alarm action, or an EventBridge rule target. */
export interface Publisher {
  readonly source: ResourceRef;
  readonly service: 'cloudwatch.amazonaws.com' | 'events.amazonaws.com';
  readonly what: string;
  /** The topic as written in the source's template. */
  readonly topic: Json;
}

/** Every alarm action (ALARM, OK, INSUFFICIENT_DATA) and every EventBridge rule target, in every template. */
export function publishers(assembly: Assembly): Publisher[] {
  const found: Publisher[] = [];
  for (const { file, logicalId, resource } of assembly.resourcesOfType('AWS::CloudWatch::Alarm')) {
    for (const property of ['AlarmActions', 'OKActions', 'InsufficientDataActions']) {
      for (const topic of asList<Json>(resource.Properties?.[property])) {
        found.push({
          source: { file, logicalId },
          service: 'cloudwatch.amazonaws.com',
          what: `${property} of alarm ${logicalId}`,
          topic,
        });
      }
    }
  }
  for (const { file, logicalId, resource } of assembly.resourcesOfType('AWS::Events::Rule')) {
    for (const target of asList<Json>(resource.Properties?.Targets)) {
      const ref = assembly.resourceOf(file, target.Arn);
      if (ref && assembly.resource(ref).Type !== 'AWS::SNS::Topic') continue; // a queue, a function…
      found.push({
        source: { file, logicalId },
        service: 'events.amazonaws.com',
        what: `target ${target.Id} of rule ${logicalId}`,
        topic: target.Arn,
      });
    }
  }
  return found;
}

const principalServices = (statement: Json): string[] =>
  statement.Principal === '*'
    ? ['*']
    : asList<string>(statement.Principal?.Service ?? statement.Principal?.AWS);

/**
 * Why a publisher could not publish to its topic, or [] when it can: the topic must be an SNS topic of this app,
 * its policy must allow the service to sns:Publish, scoped by aws:SourceAccount (this account) and aws:SourceArn
 * (naming this alarm or rule), no Deny may apply beyond the TLS-only one, and a KMS-encrypted topic's key must
 * let the service use it.
 */
export function publishProblems(assembly: Assembly, publisher: Publisher): string[] {
  const file = publisher.source.file;
  const target = assembly.follow(file, publisher.topic);
  if (target.kind !== 'resource' || assembly.resource(target.ref).Type !== 'AWS::SNS::Topic')
    return [`${publisher.what} is not an SNS topic of this app: ${JSON.stringify(publisher.topic)}`];
  const topic = target.ref;
  const topicName = Assembly.name(topic);
  const sourceArn = Assembly.name(publisher.source, 'Arn');
  const statements = assembly
    .resourcesOfType('AWS::SNS::TopicPolicy')
    .filter(({ file: f, resource }) =>
      asList<Json>(resource.Properties.Topics).some((t) => assembly.flatten(f, t) === topicName),
    )
    .flatMap(({ file: f, resource }) =>
      asList<Json>(resource.Properties.PolicyDocument.Statement).map((statement) => ({ file: f, statement })),
    );
  const applies = (f: string, statement: Json) =>
    principalServices(statement).some((p) => p === '*' || p === publisher.service) &&
    asList<string>(statement.Action).some((a) => wildcardMatch(a, 'sns:Publish', true)) &&
    asList<Json>(statement.Resource).some((r) => wildcardMatch(assembly.flatten(f, r), topicName));
  const problems: string[] = [];
  const allowed = statements.some(({ file: f, statement }) => {
    if (statement.Effect !== 'Allow' || !applies(f, statement)) return false;
    const condition = statement.Condition ?? {};
    const account = asList<Json>(condition.StringEquals?.['aws:SourceAccount']).map((v) =>
      assembly.flatten(f, v),
    );
    const arns = [
      ...asList<Json>(condition.ArnLike?.['aws:SourceArn']),
      ...asList<Json>(condition.ArnEquals?.['aws:SourceArn']),
    ].map((v) => assembly.flatten(f, v));
    return account.includes('<AWS::AccountId>') && arns.some((a) => wildcardMatch(a, sourceArn));
  });
  if (!allowed)
    problems.push(
      `${publisher.what}: the policy of topic ${topic.logicalId} does not let ${publisher.service} publish for ${sourceArn} (scoped by aws:SourceAccount and aws:SourceArn)`,
    );
  for (const { file: f, statement } of statements) {
    if (statement.Effect !== 'Deny' || !applies(f, statement)) continue;
    const onlyWithoutTls =
      JSON.stringify(statement.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } });
    if (!onlyWithoutTls)
      problems.push(`${publisher.what}: topic ${topic.logicalId} denies it: ${JSON.stringify(statement)}`);
  }
  const keyId = assembly.resource(topic).Properties?.KmsMasterKeyId;
  if (keyId !== undefined) {
    const key = assembly.resourceOf(topic.file, keyId);
    if (key === undefined) {
      problems.push(
        `${publisher.what}: topic ${topic.logicalId} is encrypted with a key this app does not control (${JSON.stringify(keyId)}); CloudWatch cannot use AWS-managed keys`,
      );
    } else {
      const keyStatements = asList<Json>(assembly.resource(key).Properties.KeyPolicy.Statement);
      for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
        const ok = keyStatements.some(
          (s) =>
            s.Effect === 'Allow' &&
            principalServices(s).includes(publisher.service) &&
            asList<string>(s.Action).some((a) => wildcardMatch(a, action, true)),
        );
        if (!ok)
          problems.push(
            `${publisher.what}: the key of topic ${topic.logicalId} does not allow ${publisher.service} ${action}`,
          );
      }
    }
  }
  return problems;
}
