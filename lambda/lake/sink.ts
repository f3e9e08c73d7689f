/** Where lake files go: the only part of the pipeline that differs between Lambda (S3) and a laptop (a folder). */
export interface Sink {
  /** Durably stores one object; rejects when it could not. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Human-readable location of a key (s3://bucket/key or a path). */
  locate(key: string): string;
}
