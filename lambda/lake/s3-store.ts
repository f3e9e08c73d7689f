import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { S3Sink } from './s3-sink.js';
import type { LakeStore, StoredObject } from './store.js';

/** A lake bucket as a store (writes through `S3Sink`; lists, reads and deletes with the same client). */
export class S3Store extends S3Sink implements LakeStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucketName: string,
  ) {
    super(s3, bucketName);
  }

  async *list(prefix: string): AsyncIterable<readonly StoredObject[]> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucketName, Prefix: prefix, ContinuationToken: token }),
      );
      yield (page.Contents ?? []).map((o) => ({ key: o.Key ?? '', size: o.Size ?? 0 }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async get(key: string): Promise<Uint8Array> {
    const response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }));
    if (response.Body === undefined) throw new Error(`empty response reading s3://${this.bucketName}/${key}`);
    return response.Body.transformToByteArray();
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const result = await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: this.bucketName,
          Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const errors = result.Errors ?? [];
      if (errors.length > 0) {
        const first = errors[0];
        throw new Error(
          `could not delete ${errors.length} object(s), e.g. ${first?.Key}: ${first?.Code} ${first?.Message}`,
        );
      }
    }
  }
}
