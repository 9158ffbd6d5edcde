import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

/** GET /metrics: Prometheus text format. */
export function metricsRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    '/metrics',
    {
      schema: {
        summary:
          'Prometheus metrics: requests, latency, rows scored, anomalies per entity, drift PSI per metric',
      },
    },
    async (_request, reply) => {
      const registry = ctx.metrics.registry;
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}
