/** A one-line progress counter for long runs, drawn only on a terminal. */
export class Progress {
  private readonly started = performance.now();
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly unit: string,
  ) {}

  update(count: number): void {
    if (!this.stream.isTTY) return;
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(count / seconds) : 0;
    const width = 24;
    const filled = Math.floor(seconds * 4) % (width + 1);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.stream.write(
      `\r${bar} ${count.toLocaleString('en-US')} ${this.unit}  ${rate.toLocaleString('en-US')}/s `,
    );
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
  }
}
