import type { FastifyInstance } from 'fastify';
import { DEFAULT_DRIFT_WINDOW, MIN_DRIFT_ROWS, PSI_WARNING } from '../../../engine/serving/index';
import type { ServerContext } from '../context';

/** What GET /model_info answers: the manifest and the pipeline (without the detector's fitted state). */
export function modelInfo(ctx: ServerContext): Record<string, unknown> {
  const { body, id, file, formatVersion } = ctx.model;
  const { trainingSummary, ...manifest } = body.manifest;
  const { detector, ...pipeline } = body.pipeline;
  return {
    modelId: id,
    file,
    formatVersion,
    manifest: {
      ...manifest,
      trainingSummary: trainingSummary
        ? {
            rows: trainingSummary.rows,
            baselines: {
              metrics: trainingSummary.baselines.metrics,
              overall: trainingSummary.baselines.overall,
            },
            drift: trainingSummary.drift,
          }
        : null,
    },
    pipeline: {
      ...pipeline,
      detector: { type: detector.type, version: detector.version, params: detector.params },
    },
    streaming: {
      ...ctx.scorer.behaviour,
      memory: {
        bytesPerEntity: ctx.budget.bytesPerEntity,
        budgetBytes: ctx.budget.memoryBytes,
        maxEntities: ctx.budget.maxEntities,
        limitedBy: ctx.budget.limitedBy,
      },
      drift: trainingSummary
        ? {
            window: ctx.scorer.drift?.window ?? DEFAULT_DRIFT_WINDOW,
            minRows: MIN_DRIFT_ROWS,
            warningPsi: PSI_WARNING,
          }
        : null,
    },
    limits: ctx.limits,
  };
}

const schema = {
  summary:
    'The model: manifest (schema, metrics at export, training summary), pipeline, threshold, streaming behaviour',
  description:
    "`streaming` says how /predict runs the pipeline one row at a time and whether it reproduces a batch (`exact`); `notes` list what differs (a resampling or interpolating cleaning step, a detector without a bounded stream). The detector's fitted state is left out.",
  response: { 200: { type: 'object', additionalProperties: true } },
};

/** GET /model_info. */
export function modelInfoRoute(app: FastifyInstance, ctx: ServerContext): void {
  const info = modelInfo(ctx);
  const text = JSON.stringify(info);
  app.get('/model_info', { schema }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(text),
  );
}
