import { SingleBar } from 'cli-progress';

const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0);

/**
 * Progress of a long run in bytes read of the total (cli-progress): percentage, bytes, rate, ETA and a count,
 * redrawn as each chunk is read. Drawn only on a terminal, so `--json` output and logs stay clean.
 */
export class Progress {
  private readonly bar: SingleBar | null;
  private bytes = 0;
  private count = 0;

  constructor(
    stream: NodeJS.WriteStream,
    private readonly totalBytes: number,
    unit: string,
  ) {
    this.bar = stream.isTTY
      ? new SingleBar({
          stream,
          format: `{bar} {percentage}% | {done}/{total_mb} MB | {rate} MB/s | ETA {eta_formatted} | {count} ${unit}`,
          barsize: 24,
          hideCursor: true,
          etaBuffer: 50,
          fps: 10,
        })
      : null;
    this.bar?.start(Math.max(totalBytes, 1), 0, {
      done: '0',
      total_mb: mb(totalBytes),
      rate: '0',
      count: '0',
    });
  }

  private readonly started = performance.now();

  /** Bytes read from disk since the last call. */
  addBytes(bytes: number): void {
    this.bytes += bytes;
    this.draw();
  }

  /** The number of items done so far (messages, events…). */
  setCount(count: number): void {
    this.count = count;
    this.draw();
  }

  private draw(): void {
    if (this.bar === null) return;
    const seconds = (performance.now() - this.started) / 1000;
    this.bar.update(Math.min(this.bytes, this.totalBytes), {
      done: mb(this.bytes),
      total_mb: mb(this.totalBytes),
      rate: seconds > 0 ? mb(this.bytes / seconds) : '0',
      count: this.count.toLocaleString('en-US'),
    });
  }

  done(): void {
    this.bar?.stop();
  }
}
