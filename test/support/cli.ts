import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/canvas-lake.js', import.meta.url));

/** Runs the real `canvas-lake` command in a child process. */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs `canvas-lake` in this process (the same `main` the binary calls), capturing what it prints: seconds
 * faster than a child process, for every test that is not about the process boundary itself.
 */
export async function runCliInProcess(
  args: string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
  const { main } = await import('../../cli/main.js');
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (stream: NodeJS.WriteStream, into: string[]) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const restoreOut = capture(process.stdout, stdout);
  const restoreErr = capture(process.stderr, stderr);
  try {
    const status = await main(args);
    return { status, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    restoreOut();
    restoreErr();
  }
}
