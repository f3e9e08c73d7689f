// Runs a bundled handler (index.mjs) on whatever Node executes this script: one SQS batch from a JSON file
// of message bodies; prints the partial batch response and the Node version as JSON.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, bodiesFile] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(bodiesFile, 'utf8'));
const { handler } = await import(pathToFileURL(bundle).href);
const event = {
  Records: bodies.map((body, i) => ({
    messageId: `bundle-${i}`,
    receiptHandle: `rh-${i}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:canvas-live-events-test',
    awsRegion: 'us-east-1',
  })),
};
const context = {
  awsRequestId: `bundle-${process.version}`,
  functionName: 'ingest',
  memoryLimitInMB: '1024',
};
const response = await handler(event, context);
process.stdout.write(`${JSON.stringify({ node: process.version, response })}\n`);
