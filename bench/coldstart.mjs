// Cold start of the bundled handler in a fresh process: import it and process a first 1-event batch.
// Prints milliseconds since the process started (performance.timeOrigin) at each step, as JSON.
import { pathToFileURL } from 'node:url';

const [bundle, body] = process.argv.slice(2);
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const event = {
  Records: [
    {
      messageId: 'cold-1',
      receiptHandle: 'rh',
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:canvas-live-events-bench',
      awsRegion: 'us-east-1',
    },
  ],
};
const response = await handler(event, {
  awsRequestId: 'cold',
  functionName: 'bench',
  memoryLimitInMB: '1024',
});
const done = performance.now();
if (response.batchItemFailures.length > 0) throw new Error('the cold-start batch failed');
process.stdout.write(
  `${JSON.stringify({ node: process.version, bootMs: started, importMs: imported - started, firstBatchMs: done - imported, totalMs: done })}\n`,
);
