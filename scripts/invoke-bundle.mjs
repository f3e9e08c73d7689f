// Invokes a bundled handler (index.mjs) in this fresh process, on whatever Node executes this script: one SQS
// batch made of the message bodies in a JSON file (an array of strings). Prints, as one JSON line, the Node
// version, the partial batch response, and milliseconds since the process started (performance.timeOrigin)
// at each step, and the process's CPU time: the test of the bundle reads the response, the cold-start benchmark
// the timings.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, bodiesFile] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(bodiesFile, 'utf8'));
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const event = {
  Records: bodies.map((body, i) => ({
    messageId: `bundle-${i}`,
    receiptHandle: `rh-${i}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:canvas-live-events-bundle',
    awsRegion: 'us-east-1',
  })),
};
const response = await handler(event, {
  awsRequestId: `bundle-${process.version}`,
  functionName: 'ingest',
  memoryLimitInMB: '1024',
});
const done = performance.now();
// CPU time of the whole process so far: unlike the wall clock, it barely moves with the load of a shared machine.
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    node: process.version,
    response,
    bootMs: started,
    importMs: imported - started,
    firstBatchMs: done - imported,
    totalMs: done,
    cpuMs: (cpu.user + cpu.system) / 1000,
  })}\n`,
);
