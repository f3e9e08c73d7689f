import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../lambda/config.js';

const base = { LAKE_BUCKET: 'my-lake' };

describe('handler configuration', () => {
  it('applies defaults', () => {
    expect(loadConfig(base)).toMatchObject({
      bucket: 'my-lake',
      prefix: '',
      format: 'parquet',
      parquet: { codec: 'SNAPPY' },
      integrations: {},
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      ...base,
      LAKE_PREFIX: 'canvas/',
      OUTPUT_FORMAT: 'json',
      PARQUET_COMPRESSION: 'uncompressed',
      INTEGRATIONS_JSON: '{"170000000056":"Registrar sync"}',
      PRICES_JSON: '{"region":"eu-west-1"}',
      LAKE_S3_ENDPOINT: 'http://127.0.0.1:5000',
    });
    expect(config).toMatchObject({
      prefix: 'canvas',
      format: 'json',
      parquet: { codec: 'UNCOMPRESSED' },
      integrations: { '170000000056': 'Registrar sync' },
      prices: { region: 'eu-west-1' },
      s3Endpoint: 'http://127.0.0.1:5000',
    });
  });

  it('fails fast with one message listing every problem', () => {
    expect(() => loadConfig({ OUTPUT_FORMAT: 'csv', INTEGRATIONS_JSON: '{' })).toThrow(ConfigError);
    try {
      loadConfig({ OUTPUT_FORMAT: 'csv', INTEGRATIONS_JSON: '{' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('LAKE_BUCKET');
      expect(message).toContain('OUTPUT_FORMAT');
      expect(message).toContain('INTEGRATIONS_JSON is not valid JSON');
    }
    expect(() => loadConfig({ ...base, PRICES_JSON: '{"s3Put":"cheap"}' })).toThrow(/s3Put/);
  });

  it('reads the restricted bucket for raw/ and quarantine/, and checks it', () => {
    expect(loadConfig(base).restrictedBucket).toBeUndefined();
    expect(loadConfig({ ...base, RESTRICTED_BUCKET: 'my-lake-restricted' }).restrictedBucket).toBe(
      'my-lake-restricted',
    );
    expect(() => loadConfig({ ...base, RESTRICTED_BUCKET: 'My_Bucket' })).toThrow(
      /RESTRICTED_BUCKET must be an S3 bucket name/,
    );
    expect(() => loadConfig({ ...base, RESTRICTED_BUCKET: 'my-lake' })).toThrow(
      /RESTRICTED_BUCKET must differ from LAKE_BUCKET/,
    );
  });

  it('makes the Lambda module itself fail at load when misconfigured', async () => {
    const saved = process.env.LAKE_BUCKET;
    delete process.env.LAKE_BUCKET;
    try {
      vi.resetModules(); // load it afresh, even when another test file of this worker loaded it already
      await expect(import('../lambda/handler.js')).rejects.toThrow(/LAKE_BUCKET/);
    } finally {
      if (saved !== undefined) process.env.LAKE_BUCKET = saved;
    }
  });
});
