import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, most of it before their first test (a real `cdk synth`, cfn-lint, CDK synths at
 * load, moto, child processes): run first, so that no worker is left with one of them at the end while the other
 * idles. Vitest's own order goes by the last run's test time, which does not see that load time, and a fresh
 * clone (CI) has no last run.
 */
const HEAVY_FIRST = [
  'test/infra/synth.test.ts',
  'test/infra/cfn-lint.test.ts',
  'test/cli/query.test.ts',
  'test/integration/moto.test.ts',
  'test/infra/https.test.ts',
  'test/infra/stack.test.ts',
  'test/cli/serve.test.ts',
  'test/infra/restricted.test.ts',
  'test/lake/roundtrip.test.ts',
  'test/faults.test.ts',
  'test/infra/alarms.test.ts',
  'test/infra/maintenance.test.ts',
];

class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const i = HEAVY_FIRST.findIndex((name) => file.moduleId.replaceAll('\\', '/').endsWith(name));
      return i < 0 ? HEAVY_FIRST.length : i;
    };
    return [...base].sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: HeavyFirstSequencer },
    // Integration tests start moto_server and run DuckDB: give them room on a 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
