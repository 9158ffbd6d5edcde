import type { FastifyInstance } from 'fastify';
import { readRow, type RowObject } from '../../../engine/serving/index';
import {
  EntityLikelihoods,
  likelihoodDefaults,
  BASE_ONLINE_TYPES,
  type BaseOnlineType,
} from '../../../engine/online/index';
import type { ServerContext } from '../context';
import { errorResponse, predictResponse, rowSchema } from '../schemas';

/** POST /predict: one row, scored with (and updating) its entity's stream state. */
export function predictRoute(app: FastifyInstance, ctx: ServerContext): void {
  const fitted = ctx.model.body.pipeline;
  const hasEntity = Boolean(fitted.spec.schema.entity);
  // An online detector's score is already its likelihood (the path cli online and the NAB bench run);
  // other detectors' scores get each entity's likelihood over the scores it has been sent here.
  const calibrated = fitted.detector.type === 'online';
  const type = fitted.detector.type as BaseOnlineType;
  const likelihoods = calibrated
    ? null
    : new EntityLikelihoods(BASE_ONLINE_TYPES.includes(type) ? likelihoodDefaults(type) : {});
  const likelihoodOf = (entity: string, score: number | null): number | null =>
    score === null || !likelihoods ? score : likelihoods.push(entity, score);
  app.post<{ Body: RowObject }>(
    '/predict',
    {
      bodyLimit: ctx.limits.predictBodyLimit,
      schema: {
        summary: "Scores one row with its entity's stream state, and updates that state",
        description:
          "The body is one row: the bundle's time and entity fields (when it has them) and every metric it reads (null = a missing reading). Rows of one entity must come in time order (else 409). Features use bounded per-entity state kept in this server; see /model_info `streaming` for how it compares with a batch.",
        body: rowSchema(fitted),
        response: { 200: predictResponse, '4xx': errorResponse },
      },
    },
    async (request) => {
      const row = readRow(fitted, request.body, 'body');
      const result = ctx.scorer.push(row);
      ctx.metrics.rowsScored.inc({ route: '/predict' });
      if (result.alert) ctx.metrics.countAnomaly(result.entity);
      if (result.incidentStart) {
        request.log.info(
          {
            entity: result.entity,
            score: result.score,
            time: row.time,
            contributions: result.contributions.map((c) => c.text),
          },
          'alert',
        );
        ctx.webhook?.notify(result, row.time, fitted.threshold, ctx.model.id);
      }
      return {
        score: result.score,
        likelihood: likelihoodOf(result.entity, result.score),
        alert: result.alert,
        incidentStart: result.incidentStart,
        ...(hasEntity ? { entity: result.entity } : {}),
        contributions: result.contributions,
      };
    },
  );
}
