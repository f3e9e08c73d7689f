import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Sink } from './sink.js';

/** Writes lake files to S3. Encryption comes from the bucket's default (SSE-S3 or KMS). */
export class S3Sink implements Sink {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  locate(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }
}
