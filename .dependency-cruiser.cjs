/**
 * The import rules `npm run lint` enforces (dependency-cruiser): no cycles anywhere, the runtime never reaches
 * into the command line, the infrastructure or the benchmark, and the event contract stays below the layers
 * that use it (parse → recognise → validate → enrich → row, with no arrow back up).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties modules together: shared types go in a small module below both.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lambda-stays-runtime',
      severity: 'error',
      comment:
        'lambda/ is what runs in Lambda: it never imports the command line, the CDK app or the benchmark.',
      from: { path: '^lambda/' },
      to: { path: '^(cli|lib|bench|bin|scripts|test)/' },
    },
    {
      name: 'contract-below-everything',
      severity: 'error',
      comment:
        'The contract turns one message into rows; the pipeline, lake, cost, maintenance and HTTPS layers use it, never the reverse.',
      from: { path: '^lambda/contract/' },
      to: { path: '^lambda/(pipeline|lake|cost|maintenance|https)/|^lambda/[^/]+\\.ts$' },
    },
    {
      name: 'cost-below-pipeline',
      severity: 'error',
      comment:
        'Cost records are a lower layer: they define the counts they need, the pipeline provides them.',
      from: { path: '^lambda/cost/' },
      to: { path: '^lambda/(pipeline|maintenance|https)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|cdk\\.out|dist|lake)/' },
  },
};
