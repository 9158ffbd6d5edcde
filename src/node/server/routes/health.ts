import type { FastifyInstance } from 'fastify';
import { referenceTolerance, verifyReference } from '../../../engine/index';
import { referenceScoringRows, StreamScorer } from '../../../engine/serving/index';
import type { ServerContext } from '../context';

/** The reference rows pushed through a fresh stream scorer: the largest difference from their stored scores. */
function streamReferenceDiff(ctx: ServerContext): number {
  const { body, detector } = ctx.model;
  const scorer = new StreamScorer(body.pipeline, { detector, maxEntities: 1 });
  let worst = 0;
  referenceScoringRows(body.pipeline, body.reference).forEach((row, i) => {
    const out = scorer.push(row);
    if (out.score !== null) worst = Math.max(worst, Math.abs(out.score - body.reference.scores[i]));
  });
  return worst;
}

const healthBody = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'failing'] },
    ok: { type: 'boolean' },
    modelId: { type: 'string', description: 'SHA-256 of the bundle body.' },
    uptimeSeconds: { type: 'number' },
    reference: {
      type: 'object',
      properties: {
        rows: { type: 'integer' },
        maxAbsDiff: { type: ['number', 'null'] },
        tolerance: { type: 'number' },
        streamMaxAbsDiff: {
          type: ['number', 'null'],
          description: 'The same rows sent one by one through a fresh stream.',
        },
        error: { type: 'string' },
      },
    },
    stream: {
      type: 'object',
      properties: {
        entities: { type: 'integer' },
        maxEntities: { type: 'integer' },
        evicted: { type: 'integer' },
        bytesPerEntity: { type: 'integer', description: "Estimated memory of one entity's stream state." },
        exact: { type: 'boolean' },
      },
    },
    drift: {
      type: 'object',
      properties: { warnings: { type: 'array', items: { type: 'string' } } },
    },
  },
};

const schema = {
  summary: "Rescores the bundle's reference rows; ok only when they reproduce",
  description:
    "Answers 200 when the reference rows rescore to their stored scores (within 1e-9; 1e-4 of the scores' scale for float32 detectors such as the LSTM autoencoder), 503 otherwise, so a load balancer can take a failing instance out.",
  response: { 200: healthBody, 503: healthBody },
};

/** GET /health. */
export function healthRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/health', { schema }, async (_request, reply) => {
    let maxAbsDiff: number | null = null;
    let streamMaxAbsDiff: number | null = null;
    let error: string | undefined;
    let ok = false;
    try {
      const check = verifyReference(ctx.model.body);
      ok = check.ok;
      maxAbsDiff = check.maxAbsDiff;
      streamMaxAbsDiff = streamReferenceDiff(ctx);
    } catch (e) {
      error = (e as Error).message;
    }
    ctx.metrics.referenceOk.set(ok ? 1 : 0);
    const warnings = (ctx.scorer.drift?.status() ?? []).filter((d) => d.warning).map((d) => d.metric);
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'failing',
      ok,
      modelId: ctx.model.id,
      uptimeSeconds: (performance.now() - ctx.startedAt) / 1000,
      reference: {
        rows: ctx.model.body.reference.rows.length,
        maxAbsDiff,
        tolerance: referenceTolerance(ctx.model.body),
        streamMaxAbsDiff,
        ...(error ? { error } : {}),
      },
      stream: {
        entities: ctx.scorer.entityCount,
        maxEntities: ctx.budget.maxEntities,
        evicted: ctx.scorer.evicted,
        bytesPerEntity: ctx.budget.bytesPerEntity,
        exact: ctx.scorer.behaviour.exact,
      },
      drift: { warnings },
    });
  });
}
