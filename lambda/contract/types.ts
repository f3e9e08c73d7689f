import type { IntegrationNames } from './provenance.js';

/**
 * The contract's shared types, below every module that uses them (so that none of those modules has to import
 * another to name a row value or a quarantine reason).
 */
export type SourceFormat = 'canvas' | 'caliper';
export type RowValue = string | number | bigint | boolean | null;
/** One row: every column of its table's spec, in spec order (null when absent). */
export type Row = Record<string, RowValue>;

/** Machine-readable reasons a message (or one event of a Caliper envelope) is quarantined. */
export const QUARANTINE_REASONS = [
  'not_json',
  'not_object',
  'unknown_format',
  'empty_envelope',
  'invalid_caliper_event',
  'missing_event_name',
  'bad_event_time',
  'too_deep',
  'decode_failed',
  'invalid_utf8',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export interface QuarantineRecord {
  readonly reason: QuarantineReason;
  readonly details: string;
  /** Index in a Caliper envelope's data, or null for the whole message. */
  readonly eventIndex: number | null;
  readonly eventName: string | null;
  /** The message body exactly as received. */
  readonly original: string;
}

/** SQS string attributes Canvas may send alongside the body. */
export interface MessageAttributes {
  readonly event_name?: string | undefined;
  readonly event_time?: string | undefined;
}

export interface ContractOptions {
  /** When the pipeline is writing (epoch ms); the ingested_at column. */
  readonly ingestedAt: number;
  readonly integrations?: IntegrationNames;
}

/** A value that failed its type: the column becomes null and the row keeps this. */
export interface FieldIssue {
  readonly issue: string;
  readonly value: unknown;
}

export type Issues = Record<string, FieldIssue>;
export type Extras = Record<string, unknown>;

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const nonEmpty = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
