import type { FastifyInstance } from 'fastify';
import { loadAny } from '../../../engine/index';
import {
  bundleRoles,
  datasetFromRowObjects,
  scoreBatchRows,
  type RowObject,
} from '../../../engine/serving/index';
import type { ServerContext } from '../context';
import { HttpError } from '../errors';
import { batchBodySchema, batchResponse, errorResponse } from '../schemas';

/** Data lines of a CSV text (lines after the header, a trailing empty line not counted); quoted newlines count too, which only errs high. */
function csvDataLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  if (text.length && !text.endsWith('\n')) lines++;
  return Math.max(0, lines - 1);
}

/**
 * POST /batch_predict: rows as JSON (`{"rows": [...]}`) or a CSV file (`text/csv`), scored from empty
 * state exactly as `cli score` scores a file; the stream state of /predict is not touched.
 */
export function batchPredictRoute(app: FastifyInstance, ctx: ServerContext): void {
  const fitted = ctx.model.body.pipeline;
  const { maxBatchRows } = ctx.limits;
  app.post<{ Body: { rows: RowObject[] } | string }>(
    '/batch_predict',
    {
      bodyLimit: ctx.limits.batchBodyLimit,
      schema: {
        summary: 'Scores a batch of rows from empty state, exactly as `cli score` scores a file',
        description: `JSON \`{"rows": [row, ...]}\` (each row as in /predict) or a CSV file with a header (\`text/csv\`; columns the model does not read are ignored, as by \`cli score\`). At most ${maxBatchRows} rows. Results come in input order; a pipeline that resamples answers one result per grid step, with its time and entity.`,
        body: {
          content: {
            'application/json': { schema: batchBodySchema(fitted, maxBatchRows) },
            'text/csv': { schema: { type: 'string', description: 'CSV text with a header line.' } },
          },
        },
        response: { 200: batchResponse, '4xx': errorResponse },
      },
    },
    async (request) => {
      const body = request.body;
      let ds;
      if (typeof body === 'string') {
        const lines = csvDataLines(body);
        if (lines > maxBatchRows) {
          throw new HttpError(
            413,
            `body: the CSV has ${lines} rows, more than the limit of ${maxBatchRows} per request; split the batch`,
          );
        }
        ds = loadAny(body, 'batch.csv', bundleRoles(fitted));
      } else {
        ds = datasetFromRowObjects(fitted, body.rows, 'body.rows');
      }
      const out = scoreBatchRows(fitted, ds, ctx.model.detector);
      let alerts = 0;
      for (const r of out.results) if (r.alert) alerts++;
      ctx.metrics.rowsScored.inc({ route: '/batch_predict' }, out.results.length);
      const results = out.resampled
        ? out.results.map((r, i) => ({
            ...r,
            ...(out.times ? { time: new Date(out.times[i]).toISOString() } : {}),
            ...(out.entities ? { entity: out.entities[i] } : {}),
          }))
        : out.results;
      return { results, rows: ds.table.numRows(), alerts, dropped: out.dropped, resampled: out.resampled };
    },
  );
}
