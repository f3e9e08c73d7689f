/**
 * `npm run bench`: how fast and how cheap the ingest pipeline is, measured in one run on the same input,
 * against DuckDB (a native columnar engine doing a comparable job) and against JSON.parse alone (a ceiling no
 * JavaScript pipeline can beat). Prints a table, or with --json exactly one JSON object.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateTerm } from '../cli/synthetic-term.js';
import { eventTableSpec } from '../lambda/contract/columns.js';
import { decodeMessage } from '../lambda/contract/decode.js';
import { DEFAULT_PRICES } from '../lambda/cost/prices.js';
import { encodeParquet } from '../lambda/lake/formats/parquet.js';
import { LocalSink } from '../lambda/lake/local-sink.js';
import { gzipText, type RowValues } from '../lambda/lake/ndjson.js';
import { encodeRecords, RAW_EVENTS_TABLE } from '../lambda/lake/system-tables.js';
import { type InboundMessage, ingestBatch } from '../lambda/pipeline/ingest.js';
import { HANDLER_NODE_OPTIONS } from '../lib/handler-bundle.js';
import { buildHandlerBundle } from '../scripts/build-handler.js';
import { startFakeS3 } from './fake-s3.js';
import { maintenanceBench } from './maintenance.js';
import { TRAFFIC_PRICES } from './traffic/prices.js';
import {
  assumptionsJson,
  costChart,
  leverJson,
  leverReport,
  profileJson,
  runTrafficProfiles,
  trafficReport,
} from './traffic/run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Measure with the options the function runs with (lib/handler-bundle.ts): re-run under them if needed.
const nodeOptions = HANDLER_NODE_OPTIONS.split(' ');
if (!nodeOptions.every((o) => process.execArgv.includes(o))) {
  const { status } = spawnSync(
    process.execPath,
    [...nodeOptions, '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      cwd: ROOT,
    },
  );
  process.exit(status ?? 1);
}
const JSON_OUTPUT = process.argv.includes('--json');
const EVENTS = 100_000;
const BATCH = 10_000;
const WARMUP_BATCHES = 2;
const LAMBDA_MEMORY_MB = 1024;

/** Amazon Data Firehose, us-east-1 list prices (https://aws.amazon.com/firehose/pricing/, read 2026-09-20). */
const FIREHOSE = {
  ingestionPerGb: 0.029,
  formatConversionPerGb: 0.018,
  /** Each record is billed rounded up to the next 5 KB, for ingestion and for format conversion. */
  recordRoundingBytes: 5 * 1024,
  source:
    'https://aws.amazon.com/firehose/pricing/ (Direct PUT ingestion, first 500 TB/month, + JSON→Parquet conversion)',
  asOf: '2026-09-20',
};

const log = (text: string) => {
  if (!JSON_OUTPUT) process.stderr.write(`${text}\n`);
};
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const work = mkdtempSync(join(tmpdir(), 'canvas-lake-bench-'));
// `npm run bench -- --maintenance [--json]`: only the maintenance part (a simulated month, compacted).
if (process.argv.includes('--maintenance')) {
  try {
    const maintenance = await maintenanceBench(work, log);
    process.stdout.write(
      JSON_OUTPUT ? `${JSON.stringify(maintenance.json)}\n` : `${maintenance.lines.join('\n')}\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(0);
}
try {
  // Input: a realistic mix of live traffic, deterministic: one day of a busy campus, in delivery order.
  log(`Generating ${EVENTS.toLocaleString('en-US')} events …`);
  const bodies = generateTerm({
    events: EVENTS,
    seed: 2026,
    window: { start: Date.UTC(2026, 9, 5, 6), days: 1 },
  });
  const inputFile = join(work, 'input.ndjson');
  writeFileSync(inputFile, `${bodies.join('\n')}\n`);
  const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);
  const batches: InboundMessage[][] = [];
  for (let i = 0; i < bodies.length; i += BATCH) {
    batches.push(bodies.slice(i, i + BATCH).map((body, j) => ({ messageId: `m-${i + j}`, body })));
  }

  // 3. The ceiling: JSON.parse alone over the same messages.
  log('Measuring JSON.parse alone …');
  const parseRates: number[] = [];
  for (let pass = 0; pass < 7; pass++) {
    const start = performance.now();
    for (const body of bodies) {
      try {
        JSON.parse(body);
      } catch {
        // the few broken messages of the mix: the pipeline quarantines them
      }
    }
    if (pass >= 2) parseRates.push(EVENTS / ((performance.now() - start) / 1000));
  }
  const jsonParseEps = median(parseRates);

  // 1. The full pipeline, batches of 10,000 into a local folder, after a warm-up.
  log('Measuring the pipeline …');
  const lake = join(work, 'lake');
  const sink = new LocalSink(lake);
  const config = { prefix: '', format: 'parquet' as const };
  for (let w = 0; w < WARMUP_BATCHES; w++)
    await ingestBatch(batches[w] as InboundMessage[], sink, config, Date.now());
  const rates: number[] = [];
  let filesWritten = 0;
  let rowsWritten = 0;
  for (const batch of batches) {
    const start = performance.now();
    const result = await ingestBatch(batch, sink, config, Date.now());
    rates.push(batch.length / ((performance.now() - start) / 1000));
    if (result.failedMessageIds.length > 0) throw new Error('a benchmark batch failed');
    filesWritten += result.stats.puts;
    rowsWritten += result.stats.rows;
  }
  const eventsPerSecond = median(rates);

  // Where the time of one batch goes, step by step (the same code the pipeline runs, called piece by piece).
  const sample = batches[batches.length - 1] as InboundMessage[];
  const stepTimes: Record<string, number[]> = { parse: [], decode: [], parquet: [], raw: [] };
  for (let run = 0; run < 5; run++) {
    let t = performance.now();
    for (const m of sample) {
      try {
        JSON.parse(m.body);
      } catch {
        // counted like the pipeline: a broken message is quarantined
      }
    }
    stepTimes.parse?.push(performance.now() - t);
    t = performance.now();
    const groups = new Map<string, RowValues[]>();
    for (const m of sample) {
      for (const row of decodeMessage(m.body, m.attributes, { ingestedAt: Date.now() }).rows) {
        const rows = groups.get(row.table) ?? [];
        rows.push(row.values);
        groups.set(row.table, rows);
      }
    }
    stepTimes.decode?.push(performance.now() - t);
    t = performance.now();
    for (const [table, rows] of groups) encodeParquet(eventTableSpec(table).columns, rows);
    stepTimes.parquet?.push(performance.now() - t);
    t = performance.now();
    gzipText(
      encodeRecords(
        RAW_EVENTS_TABLE,
        sample.map((m) => ({
          message_id: m.messageId,
          ingested_at: Date.now(),
          sent_at: null,
          receive_count: null,
          message_attributes: null,
          body: m.body,
        })),
      ),
    );
    stepTimes.raw?.push(performance.now() - t);
  }
  const step = (name: string) => median(stepTimes[name] ?? []);

  // Peak memory of one 10,000-event batch, in a fresh process.
  const batchFile = join(work, 'batch.ndjson');
  writeFileSync(batchFile, `${bodies.slice(0, BATCH).join('\n')}\n`);
  const memory = JSON.parse(
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench/memory-child.ts'), batchFile, join(work, 'memory-lake')],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    ),
  ) as { maxRssMb: number };

  // 2. The reference: DuckDB, one thread, reading the same NDJSON and writing Parquet partitioned by table and day.
  log('Measuring DuckDB …');
  const duckdbRates: number[] = [];
  for (let run = 0; run < 3; run++) {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    const out = join(work, `duckdb-${run}`);
    mkdirSync(out);
    const start = performance.now();
    await connection.run(`
      COPY (
        SELECT
          coalesce(j->>'$.metadata.event_name', 'caliper_' || lower(j->>'$.data[0].type')) AS table_name,
          strftime(coalesce(TRY_CAST(j->>'$.metadata.event_time' AS TIMESTAMPTZ), TRY_CAST(j->>'$.data[0].eventTime' AS TIMESTAMPTZ)), '%Y-%m-%d') AS dt,
          coalesce(j->>'$.data[0].id', md5(j::VARCHAR)) AS event_id,
          TRY_CAST(coalesce(j->>'$.metadata.event_time', j->>'$.data[0].eventTime') AS TIMESTAMPTZ) AS event_time,
          j->'metadata' AS metadata,
          j->'body' AS body,
          j->'data' AS caliper
        FROM read_ndjson_objects('${inputFile}', ignore_errors = true) AS t(j)
      ) TO '${out}' (FORMAT parquet, PARTITION_BY (table_name, dt), COMPRESSION snappy)`);
    duckdbRates.push(EVENTS / ((performance.now() - start) / 1000));
    connection.closeSync();
    instance.closeSync();
  }
  const duckdbEventsPerSecond = median(duckdbRates);

  // 5–6. The bundled handler: its size, and its cold start in a fresh process on the Lambda Node runtime.
  log('Bundling the handler and measuring its cold start …');
  const bundleDir = join(work, 'bundle');
  const { bytes: bundleBytes } = await buildHandlerBundle(bundleDir);
  const s3 = await startFakeS3();
  const coldBodyFile = join(work, 'cold-batch.json');
  writeFileSync(
    coldBodyFile,
    JSON.stringify([bodies.find((b) => b.includes('"event_name":"enrollment_created"'))]),
  );
  const runtimes = [
    ['node22', join(ROOT, 'node_modules/node22/bin/node')],
    ['node24', join(ROOT, 'node_modules/node24/bin/node')],
    ['host', process.execPath],
  ] as const;
  const coldStarts: Record<
    string,
    { node: string; totalMs: number; importMs: number; firstBatchMs: number; cpuMs: number }
  > = {};
  for (const [name, node] of runtimes) {
    try {
      statSync(node);
    } catch {
      continue;
    }
    const samples: {
      node: string;
      totalMs: number;
      importMs: number;
      firstBatchMs: number;
      cpuMs: number;
    }[] = [];
    for (let i = 0; i < 7; i++) {
      // Asynchronous: the fake S3 server answers from this process's event loop.
      const { stdout: printed } = await promisify(execFile)(
        node,
        [join(ROOT, 'scripts/invoke-bundle.mjs'), join(bundleDir, 'index.mjs'), coldBodyFile],
        {
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            LAKE_BUCKET: 'bench',
            LAKE_S3_ENDPOINT: s3.endpoint,
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'bench',
            AWS_SECRET_ACCESS_KEY: 'bench',
            POWERTOOLS_LOG_LEVEL: 'SILENT',
            POWERTOOLS_METRICS_DISABLED: 'true',
          },
        },
      );
      const sample = JSON.parse(printed.trim().split('\n').pop() as string);
      if (sample.response.batchItemFailures.length > 0) throw new Error('the cold-start batch failed');
      samples.push(sample);
    }
    const pickMedian = (key: 'totalMs' | 'importMs' | 'firstBatchMs' | 'cpuMs') =>
      median(samples.map((s) => s[key]));
    coldStarts[name] = {
      node: samples[0]?.node ?? '',
      totalMs: pickMedian('totalMs'),
      importMs: pickMedian('importMs'),
      firstBatchMs: pickMedian('firstBatchMs'),
      cpuMs: pickMedian('cpuMs'),
    };
  }
  await s3.close();
  const coldStart = coldStarts.node22 ?? coldStarts.host;

  // 7. Cost per million events: Lambda arm64 at the configured memory, from the measured throughput, plus the
  // request charge and one S3 PUT per file produced (plus the cost record).
  const p = DEFAULT_PRICES;
  const lambdaSeconds = 1e6 / eventsPerSecond;
  const invocations = 1e6 / BATCH;
  const putsPerMillion = ((filesWritten + batches.length) / (batches.length * BATCH)) * 1e6;
  const usdPerMillion =
    lambdaSeconds * (LAMBDA_MEMORY_MB / 1024) * p.lambdaGbSecond.arm64 +
    invocations * p.lambdaRequest +
    putsPerMillion * p.s3Put;
  const billedBytes = bodies.reduce(
    (n, b) =>
      n + Math.ceil(Buffer.byteLength(b) / FIREHOSE.recordRoundingBytes) * FIREHOSE.recordRoundingBytes,
    0,
  );
  const firehoseUsdPerMillion =
    (billedBytes / 1024 ** 3) * (FIREHOSE.ingestionPerGb + FIREHOSE.formatConversionPerGb) * (1e6 / EVENTS);

  // 8. Traffic profiles: a simulated campus day at several rates, through the event source's batching and the
  // real pipeline (bench/traffic), priced for this lake and for the fair Firehose design; the chart for finance.
  const traffic = await runTrafficProfiles(log);
  const profiles = traffic.profiles.map(profileJson);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const chartFile = join(ROOT, 'docs/traffic-cost.svg');
  writeFileSync(
    chartFile,
    costChart(profiles, {
      ...traffic.config,
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpu}, ${cpus().length} shared cores`,
    }),
  );
  // 8. Lake maintenance: a simulated month at 1 M events a day, compacted (bench/maintenance.ts).
  const maintenance = await maintenanceBench(work, log);

  const result = {
    events_per_second: Math.round(eventsPerSecond),
    duckdb_events_per_second: Math.round(duckdbEventsPerSecond),
    json_parse_events_per_second: Math.round(jsonParseEps),
    ratio_vs_duckdb: Number((eventsPerSecond / duckdbEventsPerSecond).toFixed(3)),
    ratio_vs_json_parse: Number((eventsPerSecond / jsonParseEps).toFixed(3)),
    peak_rss_mb: Math.round(memory.maxRssMb),
    cold_start_ms: Math.round(coldStart?.totalMs ?? Number.NaN),
    cold_start_cpu_ms: Math.round(coldStart?.cpuMs ?? Number.NaN),
    bundle_bytes: bundleBytes,
    usd_per_million_events: Number(usdPerMillion.toFixed(5)),
    firehose_usd_per_million_events: Number(firehoseUsdPerMillion.toFixed(5)),
    traffic_profiles: profiles,
    traffic_levers: leverJson(traffic),
    traffic_assumptions: assumptionsJson(traffic),
    ...maintenance.json,
  };

  if (JSON_OUTPUT) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const line = (label: string, value: string) => `  ${label.padEnd(52)} ${value}`;
    const out = [
      `canvas-live-events-lake benchmark — ${new Date().toISOString().slice(0, 10)}`,
      `Machine: ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 1024 ** 3)} GB; Node ${process.version}`,
      `Input: ${EVENTS.toLocaleString('en-US')} events (${(bytes / EVENTS / 1024).toFixed(2)} KB average), ${batches.length} batches of ${BATCH.toLocaleString('en-US')}; ${rowsWritten.toLocaleString('en-US')} rows, ${filesWritten} files`,
      '',
      line(
        'Pipeline (decode → validate → Parquet + raw archive → disk)',
        `${result.events_per_second.toLocaleString('en-US')} events/s (median of ${batches.length} batches)`,
      ),
      line(
        'DuckDB 1 thread (NDJSON → partitioned Parquet)',
        `${result.duckdb_events_per_second.toLocaleString('en-US')} events/s`,
      ),
      line(
        'JSON.parse alone (ceiling)',
        `${result.json_parse_events_per_second.toLocaleString('en-US')} events/s`,
      ),
      line('Pipeline / DuckDB', `${result.ratio_vs_duckdb}`),
      line('Pipeline / JSON.parse', `${result.ratio_vs_json_parse}`),
      line('Peak RSS, one 10,000-event batch (fresh process)', `${result.peak_rss_mb} MB`),
      ...Object.entries(coldStarts).map(([name, c]) =>
        line(
          `Cold start, ${name} ${c.node} (import + first batch)`,
          `${Math.round(c.totalMs)} ms (boot ${Math.round(c.totalMs - c.importMs - c.firstBatchMs)}, import ${Math.round(c.importMs)}, batch ${Math.round(c.firstBatchMs)}; CPU ${Math.round(c.cpuMs)} ms)`,
        ),
      ),
      line('Bundled handler (esbuild, minified ESM)', `${(bundleBytes / 1024).toFixed(0)} KB`),
      '',
      `  One ${BATCH.toLocaleString('en-US')}-event batch, step by step (single-threaded, ms):`,
      line('  JSON.parse of every message', step('parse').toFixed(0)),
      line('  decode: parse, validate, event ids, rows', step('decode').toFixed(0)),
      line('  encode Parquet (one file per table and day)', step('parquet').toFixed(0)),
      line('  raw archive: NDJSON + gzip', step('raw').toFixed(0)),
      '',
      '  One full 10,000-event batch, no SQS requests, no compaction (a best case: real traffic is below):',
      line(
        `  USD per million events (Lambda arm64 ${LAMBDA_MEMORY_MB} MB + requests + S3 PUTs)`,
        `$${result.usd_per_million_events}`,
      ),
      line(
        '  USD per million events, Firehose + Parquet conversion',
        `$${result.firehose_usd_per_million_events}`,
      ),
      '',
      `Traffic profiles: one simulated campus day per rate at the deployed defaults (window ${traffic.config.windowSeconds} s, batch size ${traffic.config.batchSize}, maximum concurrency ${traffic.config.maxConcurrency}, ${traffic.config.memoryMb} MB); every SQS, Lambda and S3 request, compaction amortised:`,
      ...trafficReport(traffic),
      '',
      '  Levers, USD per million events, the cheapest Firehose / this lake, worst latency to query:',
      ...leverReport(traffic),
      '',
      `  Measured: ${traffic.measured.batches.toLocaleString('en-US')} batches (${traffic.measured.messages.toLocaleString('en-US')} messages) of ${traffic.model.samples.length} sizes from 1 to ${traffic.model.largest} through the pipeline, in ${traffic.measured.seconds.toFixed(0)} s; compaction read ${(traffic.compactionSpeed.readSecondsPerRow * 1e6).toFixed(0)} µs/row, write ${(traffic.compactionSpeed.writeSecondsPerRow * 1e6).toFixed(0)} µs/row. Extrapolated: each hour's batches from the event source model; every assumption is in --json under traffic_assumptions.`,
      `  Chart: ${chartFile}`,
      '',
      ...maintenance.lines,
      '',
      `Prices: ${p.source}, as of ${p.asOf}; Firehose: ${FIREHOSE.source}, as of ${FIREHOSE.asOf}; ${TRAFFIC_PRICES.sources.slice(1).join('; ')} (read ${TRAFFIC_PRICES.asOf}).`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
