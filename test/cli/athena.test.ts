import { AthenaClient, CreateWorkGroupCommand } from '@aws-sdk/client-athena';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AthenaQueryError, athenaQueryCost, runAthenaQuery } from '../../cli/athena.js';
import { queryById } from '../../queries/registry.js';
import { renderQuery } from '../../queries/render.js';
import { type Moto, startMoto } from '../support/moto.js';

const column = (Name: string, Type: string) => ({
  Name,
  Type,
  Label: Name,
  CatalogName: 'hive',
  SchemaName: '',
  TableName: '',
  Precision: 0,
  Scale: 0,
  Nullable: 'UNKNOWN',
  CaseSensitive: false,
});

describe('Athena runner against moto (the Athena wire protocol)', () => {
  let moto: Moto;
  let client: AthenaClient;
  beforeAll(async () => {
    moto = await startMoto();
    client = new AthenaClient({
      endpoint: moto.endpoint,
      region: moto.region,
      credentials: moto.credentials,
    });
    await client.send(
      new CreateWorkGroupCommand({
        Name: 'canvas-lake-test',
        Configuration: { ResultConfiguration: { OutputLocation: 's3://results/' } },
      }),
    );
  });
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  it('starts a saved query, waits for it and reads its typed results', async () => {
    const seeded = await fetch(`${moto.endpoint}/moto-api/static/athena/query-results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        account_id: '123456789012',
        region: moto.region,
        results: [
          {
            rows: [
              {
                Data: [
                  { VarCharValue: 'created_via' },
                  { VarCharValue: 'enrollments' },
                  { VarCharValue: 'percent' },
                  { VarCharValue: 'first' },
                ],
              },
              {
                Data: [
                  { VarCharValue: 'sis_import' },
                  { VarCharValue: '1464' },
                  { VarCharValue: '47.1' },
                  { VarCharValue: '2026-08-17 06:00:00.000' },
                ],
              },
              { Data: [{ VarCharValue: 'web_ui' }, { VarCharValue: '474' }, { VarCharValue: '15.2' }, {}] },
            ],
            column_info: [
              column('created_via', 'varchar'),
              column('enrollments', 'bigint'),
              column('percent', 'double'),
              column('first', 'timestamp'),
            ],
          },
        ],
      }),
    });
    expect(seeded.status).toBe(201);
    const sql = renderQuery(
      queryById('enrollment_provenance_summary') as never,
      {},
      { mode: 'values', today: '2026-11-23' },
    );
    const result = await runAthenaQuery({
      client,
      sql,
      workgroup: 'canvas-lake-test',
      database: 'canvas_lake_test',
      pollInitialMs: 1,
    });
    expect(result.columns).toEqual(['created_via', 'enrollments', 'percent', 'first']);
    expect(result.rows).toEqual([
      { created_via: 'sis_import', enrollments: 1464, percent: 47.1, first: '2026-08-17T06:00:00.000Z' },
      { created_via: 'web_ui', enrollments: 474, percent: 15.2, first: null },
    ]);
    expect(result.queryExecutionId).toMatch(/.+/);
    expect(result.costUsd).toBeCloseTo(athenaQueryCost(0), 12); // the 10 MB minimum
  });
});

describe('Athena runner polling and paging (recorded client)', () => {
  /** Replays recorded Athena answers: queued, running, succeeded, then two result pages. */
  function recorded(states: string[], pages: { rows: string[][]; next?: string }[], reason?: string) {
    const calls: string[] = [];
    let poll = 0;
    let page = 0;
    const client = {
      send: async (command: { constructor: { name: string } }) => {
        const name = command.constructor.name;
        calls.push(name);
        if (name === 'StartQueryExecutionCommand') return { QueryExecutionId: 'q-1' };
        if (name === 'GetQueryExecutionCommand') {
          const state = states[Math.min(poll++, states.length - 1)];
          return {
            QueryExecution: {
              Status: { State: state, StateChangeReason: reason },
              Statistics: { DataScannedInBytes: 3 * 1024 ** 3 },
            },
          };
        }
        const current = pages[page++] as { rows: string[][]; next?: string };
        return {
          NextToken: current.next,
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: [column('table_name', 'varchar'), column('events', 'bigint')] },
            Rows: current.rows.map((r) => ({ Data: r.map((v) => ({ VarCharValue: v })) })),
          },
        };
      },
    };
    return { client, calls };
  }

  it('polls with exponential backoff and follows NextToken, skipping the header row once', async () => {
    const { client, calls } = recorded(
      ['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED'],
      [
        {
          rows: [
            ['table_name', 'events'],
            ['asset_accessed', '8543'],
          ],
          next: 't2',
        },
        { rows: [['enrollment_created', '3122']] },
      ],
    );
    const delays: number[] = [];
    const result = await runAthenaQuery({
      client: client as never,
      sql: 'SELECT 1',
      workgroup: 'wg',
      pollInitialMs: 100,
      pollMaxMs: 300,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    expect(delays).toEqual([100, 200, 300]);
    expect(result.rows).toEqual([
      { table_name: 'asset_accessed', events: 8543 },
      { table_name: 'enrollment_created', events: 3122 },
    ]);
    expect(calls.filter((c) => c === 'GetQueryResultsCommand')).toHaveLength(2);
    expect(result.dataScannedBytes).toBe(3 * 1024 ** 3);
    expect(result.costUsd).toBeCloseTo((3 / 1024) * 5, 12);
  });

  it('reports a failed query with its reason', async () => {
    const { client } = recorded(
      ['RUNNING', 'FAILED'],
      [],
      'TABLE_NOT_FOUND: line 1:15: Table canvas_lake.x does not exist',
    );
    await expect(
      runAthenaQuery({ client: client as never, sql: 'SELECT 1', workgroup: 'wg', sleep: async () => {} }),
    ).rejects.toThrow(
      new AthenaQueryError(
        'query q-1 failed: TABLE_NOT_FOUND: line 1:15: Table canvas_lake.x does not exist',
      ),
    );
  });

  it('bills at least 10 MB per query, rounded up to the megabyte', () => {
    expect(athenaQueryCost(1)).toBeCloseTo(((10 * 1024 ** 2) / 1024 ** 4) * 5, 15);
    expect(athenaQueryCost(1024 ** 4)).toBeCloseTo(5, 12);
  });
});
