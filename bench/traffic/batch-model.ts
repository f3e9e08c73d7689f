/**
 * What one invocation does with a batch of n messages, from batches measured through the real pipeline at a
 * few sizes: files written by kind and by table, rows, bytes and the pipeline's time, interpolated between
 * measured sizes.
 */

/** Files, rows and bytes of one table. */
export interface TableFiles {
  readonly files: number;
  readonly rows: number;
  readonly bytes: number;
}

/** The mean of the batches measured at one size: what one batch of `messages` messages produced. */
export interface BatchSample {
  readonly messages: number;
  /** How many generated batches of this size went through the pipeline. */
  readonly batchesMeasured: number;
  /** Wall time of one invocation (ingest + cost record) on the benchmark machine, into a sink that answers at once. */
  readonly pipelineSeconds: number;
  /** Table files of the batch, by table. */
  readonly tables: Readonly<Record<string, TableFiles>>;
  readonly rawFiles: number;
  readonly quarantineFiles: number;
  readonly costFiles: number;
  readonly rows: number;
}

export const tableFilesOf = (sample: BatchSample): number =>
  Object.values(sample.tables).reduce((n, t) => n + t.files, 0);

/** Files the invocation writes before its cost record (tables, raw archive, quarantine). */
export const lakeFilesOf = (sample: BatchSample): number =>
  tableFilesOf(sample) + sample.rawFiles + sample.quarantineFiles;

export class BatchModel {
  readonly samples: readonly BatchSample[];

  constructor(samples: readonly BatchSample[]) {
    if (samples.length === 0) throw new Error('a batch model needs at least one measured batch size');
    this.samples = [...samples].sort((a, b) => a.messages - b.messages);
    for (let i = 1; i < this.samples.length; i++) {
      if ((this.samples[i] as BatchSample).messages === (this.samples[i - 1] as BatchSample).messages)
        throw new Error('measured batch sizes must be distinct');
    }
  }

  get smallest(): number {
    return (this.samples[0] as BatchSample).messages;
  }

  get largest(): number {
    return (this.samples[this.samples.length - 1] as BatchSample).messages;
  }

  /**
   * The figures of a batch of `messages` messages (a mean, so fractional). File counts follow how many tables a
   * batch touches and are interpolated in log(size); rows, bytes and time grow with the batch and are
   * interpolated linearly in size (exact for a fixed cost plus a cost per message).
   */
  at(messages: number): BatchSample {
    const s = this.samples;
    const first = s[0] as BatchSample;
    const last = s[s.length - 1] as BatchSample;
    if (messages <= first.messages) return scaled(first, messages);
    if (messages >= last.messages) return scaled(last, messages);
    let hi = 1;
    while ((s[hi] as BatchSample).messages < messages) hi++;
    const a = s[hi - 1] as BatchSample;
    const b = s[hi] as BatchSample;
    if (messages === b.messages) return b;
    const wLog = Math.log(messages / a.messages) / Math.log(b.messages / a.messages);
    const wLin = (messages - a.messages) / (b.messages - a.messages);
    const log = (x: number, y: number) => x + (y - x) * wLog;
    const lin = (x: number, y: number) => x + (y - x) * wLin;
    const tables: Record<string, TableFiles> = {};
    for (const name of new Set([...Object.keys(a.tables), ...Object.keys(b.tables)])) {
      const ta = a.tables[name] ?? NO_FILES;
      const tb = b.tables[name] ?? NO_FILES;
      tables[name] = {
        files: log(ta.files, tb.files),
        rows: lin(ta.rows, tb.rows),
        bytes: lin(ta.bytes, tb.bytes),
      };
    }
    return {
      messages,
      batchesMeasured: 0,
      pipelineSeconds: lin(a.pipelineSeconds, b.pipelineSeconds),
      tables,
      rawFiles: log(a.rawFiles, b.rawFiles),
      quarantineFiles: log(a.quarantineFiles, b.quarantineFiles),
      costFiles: log(a.costFiles, b.costFiles),
      rows: lin(a.rows, b.rows),
    };
  }
}

const NO_FILES: TableFiles = { files: 0, rows: 0, bytes: 0 };

/** A measured size's figures for another size outside the measured range: files and time as measured, rows and bytes in proportion. */
function scaled(sample: BatchSample, messages: number): BatchSample {
  if (messages === sample.messages) return sample;
  const k = messages / sample.messages;
  return {
    ...sample,
    messages,
    batchesMeasured: 0,
    tables: Object.fromEntries(
      Object.entries(sample.tables).map(([t, v]) => [
        t,
        { files: v.files, rows: v.rows * k, bytes: v.bytes * k },
      ]),
    ),
    rows: sample.rows * k,
  };
}

/** How a measured batch becomes a Lambda duration. */
export interface LambdaAssumptions {
  /** Lambda gives a function one full vCPU at 1,769 MB and CPU in proportion to memory below that. */
  readonly fullCpuMemoryMb: number;
  /** One S3 PUT of a small object from Lambda in the same region. */
  readonly s3PutSeconds: number;
  /** Writes the pipeline keeps in flight (IngestConfig.concurrency). */
  readonly writeConcurrency: number;
}

export const LAMBDA_ASSUMPTIONS: LambdaAssumptions = {
  fullCpuMemoryMb: 1769,
  s3PutSeconds: 0.03,
  writeConcurrency: 16,
};

/**
 * The function's duration for a batch: the measured pipeline time scaled to the CPU share of `memoryMb`, plus
 * the S3 round trips (lake files `writeConcurrency` at a time, then the cost record).
 */
export function lambdaSeconds(
  sample: BatchSample,
  memoryMb: number,
  a: LambdaAssumptions = LAMBDA_ASSUMPTIONS,
): number {
  const cpu = sample.pipelineSeconds * Math.max(1, a.fullCpuMemoryMb / memoryMb);
  const rounds = Math.ceil(lakeFilesOf(sample) / a.writeConcurrency - 1e-9);
  return cpu + rounds * a.s3PutSeconds + sample.costFiles * a.s3PutSeconds;
}

/** Lambda bills duration rounded up to the millisecond. */
export const billedSeconds = (seconds: number): number =>
  Math.max(1, Math.ceil(seconds * 1000 - 1e-9)) / 1000;
