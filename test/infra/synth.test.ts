import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesOf } from '../support/catalog.js';
import { type Moto, startMoto } from '../support/moto.js';
import { motoS3 } from '../support/moto-clients.js';
import { lambdaNode } from '../support/runtimes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cdk-out-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The bundle budget of the ingest handler (README, "Deploy"). */
const MAX_BUNDLE_BYTES = 1024 * 1024;

/** The bundled handlers of the synthesized assets. */
const handlerBundles = () =>
  readdirSync(out)
    .filter((f) => f.startsWith('asset.'))
    .map((a) => join(out, a, 'index.mjs'))
    .filter((p) => statSync(p, { throwIfNoEntry: false }));

describe('cdk synth (the real CLI, bundling included)', () => {
  // Offline and without credentials: no AWS_* variables, notices and telemetry off in cdk.json.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_')),
  );
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--quiet', '--output', out],
    {
      cwd: ROOT,
      env: { ...env, CDK_DISABLE_VERSION_CHECK: 'true' },
      encoding: 'utf8',
      timeout: 300_000,
    },
  );

  it('succeeds with cdk-nag checks, offline and without AWS credentials', () => {
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.status).toBe(0);
    expect(readdirSync(out)).toEqual(
      expect.arrayContaining(['CanvasLiveEventsLake-prod.template.json', 'manifest.json']),
    );
  });

  it('bundles the ingest and maintenance handlers with esbuild, each into one small ESM file', () => {
    const bundles = handlerBundles();
    expect(bundles).toHaveLength(2);
    for (const bundle of bundles) {
      expect(statSync(bundle).size).toBeLessThan(MAX_BUNDLE_BYTES);
      expect(readFileSync(bundle, 'utf8')).toContain('createRequire');
    }
    expect(bundles.filter((b) => readFileSync(b, 'utf8').includes('batchItemFailures'))).toHaveLength(1);
    expect(bundles.filter((b) => readFileSync(b, 'utf8').includes('MaintenanceItems'))).toHaveLength(1);
  });

  it('keeps every template under the CloudFormation limit', () => {
    for (const file of readdirSync(out).filter((f) => f.endsWith('.template.json'))) {
      expect(statSync(join(out, file)).size, file).toBeLessThan(1_000_000);
    }
  });
});

describe('the bundled handler on the Lambda Node runtimes', () => {
  let moto: Moto;
  let s3: S3Client;
  beforeAll(async () => {
    moto = await startMoto();
    s3 = motoS3(moto);
    await s3.send(new CreateBucketCommand({ Bucket: 'bundle-lake' }));
  });
  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  it.each([22, 24] as const)('loads and ingests a batch on Node %i', async (version) => {
    const bundle = handlerBundles().find((b) => readFileSync(b, 'utf8').includes('batchItemFailures'));
    const bodiesFile = join(out, `bodies-${version}.json`);
    writeFileSync(
      bodiesFile,
      JSON.stringify(
        examplesOf('canvas')
          .slice(0, 25)
          .map((e) => JSON.stringify(e.payload)),
      ),
    );
    const run = spawnSync(
      lambdaNode(version),
      [join(ROOT, 'scripts/invoke-bundle.mjs'), bundle as string, bodiesFile],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          LAKE_BUCKET: 'bundle-lake',
          LAKE_PREFIX: `node${version}`,
          PARQUET_COMPRESSION: 'zstd',
          LAKE_S3_ENDPOINT: moto.endpoint,
          AWS_REGION: moto.region,
          AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey,
          POWERTOOLS_LOG_LEVEL: 'SILENT',
          POWERTOOLS_METRICS_DISABLED: 'true',
        },
        timeout: 60_000,
      },
    );
    expect(run.stderr).toBe('');
    const printed = JSON.parse(run.stdout.trim().split('\n').pop() as string) as {
      node: string;
      response: unknown;
    };
    expect(printed.node).toMatch(new RegExp(`^v${version}\\.`));
    expect(printed.response).toEqual({ batchItemFailures: [] });
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'bundle-lake', Prefix: `node${version}/tables/` }),
    );
    expect((listed.Contents ?? []).length).toBeGreaterThan(0);
  });
});
