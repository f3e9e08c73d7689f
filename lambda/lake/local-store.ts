import type { Dirent } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { LocalSink } from './local-sink.js';
import type { LakeStore, StoredObject } from './store.js';

/** Keys per page, as S3's ListObjectsV2 returns them. */
const PAGE = 1000;

/** A local lake folder as a store: the same keys as the bucket, files written atomically by `LocalSink`. */
export class LocalStore extends LocalSink implements LakeStore {
  async *list(prefix: string): AsyncIterable<readonly StoredObject[]> {
    // Walk from the deepest folder the prefix names, then filter by the whole prefix, as S3 does.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const objects: StoredObject[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        // A `.tmp` file is a write in progress (LocalSink renames it into place): not an object yet.
        else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
          const key = relative(this.root, path).split(sep).join('/');
          if (key.startsWith(prefix)) objects.push({ key, size: (await stat(path)).size });
        }
      }
    };
    await walk(folder === '' ? this.root : this.locate(folder));
    objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    // One page even when empty: an empty listing is still one request.
    let i = 0;
    do {
      yield objects.slice(i, i + PAGE);
      i += PAGE;
    } while (i < objects.length);
  }

  override async put(key: string, body: Uint8Array, _contentType?: string): Promise<void> {
    await super.put(key, body);
  }

  async get(key: string): Promise<Uint8Array> {
    const body = await readFile(this.locate(key));
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) await rm(this.locate(key), { force: true });
  }
}
