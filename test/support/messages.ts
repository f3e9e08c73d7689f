import type { InboundMessage } from '../../lambda/pipeline/ingest.js';
import { examplesOf } from './catalog.js';

/** Every catalog example (Canvas and Caliper) as an SQS message. */
export function catalogMessages(): InboundMessage[] {
  return [...examplesOf('canvas'), ...examplesOf('caliper')].map((e, i) => ({
    messageId: `msg-${String(i).padStart(4, '0')}-${e.file}`,
    body: JSON.stringify(e.payload),
  }));
}

/** A Canvas-format enrollment_created event with overrides, as a message. */
export function enrollmentMessage(
  id: string,
  overrides: { body?: object; metadata?: object } = {},
): InboundMessage {
  const example = examplesOf('canvas').find((e) => e.file === 'enrollment_created')?.payload as {
    metadata: object;
    body: object;
  };
  return {
    messageId: id,
    body: JSON.stringify({
      metadata: { ...example.metadata, ...overrides.metadata },
      body: { ...example.body, ...overrides.body },
    }),
  };
}
