import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two workers even on a 2-core machine (Vitest's default there is one): many tests wait on moto, DuckDB or a
    // child process rather than on the CPU.
    maxWorkers: 2,
    // Test files share their worker's module cache (aws-cdk-lib, DuckDB and the AWS SDK load once per worker, not
    // once per file). Tests therefore leave no global state behind: environment variables are restored, and a test
    // that needs a module loaded afresh (a mock, a load-time failure) calls vi.resetModules() first.
    isolate: false,
    // Integration tests start moto_server and run DuckDB: give them room on a 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
