import { afterAll } from 'vitest';

/**
 * Gives the environment back as it was once this test file is done. Test files share their worker (and so
 * `process.env`), and a file that configures a production module through its environment (log level,
 * endpoints, credentials) must not configure the next file's modules too. Call it at the top of the file.
 */
export function restoreEnvironmentAfterAll(): void {
  const saved = { ...process.env };
  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });
}
