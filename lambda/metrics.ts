/**
 * The CloudWatch metrics the functions publish (EMF, through Powertools) and the constructs alarm and chart on:
 * one namespace and one name per metric, so a rename cannot leave an alarm watching a metric nobody writes.
 */
export const METRICS_NAMESPACE = 'CanvasLiveEventsLake';

/** Per ingest invocation (dimension `service`). */
export const INGEST_METRICS = {
  messages: 'Messages',
  events: 'Events',
  rows: 'Rows',
  duplicates: 'Duplicates',
  quarantined: 'Quarantined',
  failedMessages: 'FailedMessages',
  bytesWritten: 'BytesWritten',
  s3Puts: 'S3Puts',
  estimatedCostUsd: 'EstimatedCostUSD',
  batchDurationMs: 'BatchDurationMs',
  decodeErrors: 'DecodeErrors',
  costRecordWriteFailures: 'CostRecordWriteFailures',
  /** Per table (extra dimension `Table`). */
  tableRows: 'TableRows',
} as const;

/** Per maintenance item (extra dimension `Stage`). */
export const MAINTENANCE_METRICS = {
  items: 'MaintenanceItems',
  costUsd: 'MaintenanceCostUSD',
  duplicatesRemoved: 'MaintenanceDuplicatesRemoved',
  filesRemoved: 'MaintenanceFilesRemoved',
} as const;

/** The HTTPS receiver's outcomes, one metric each. */
export const HTTPS_METRICS = {
  accepted: 'HttpsAccepted',
  unauthorized: 'HttpsUnauthorized',
  too_large: 'HttpsTooLarge',
  bad_request: 'HttpsBadRequest',
  server_error: 'HttpsServerError',
} as const;

/** The namespace a function publishes to: the one its construct set, else the project's. */
export function metricsNamespace(env: NodeJS.ProcessEnv = process.env): string {
  return env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE;
}
