import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  DEFAULT_MAX_ENTITIES,
  DEFAULT_STREAM_MEMORY_BYTES,
  entityBudget,
  StreamScorer,
  warmRows,
} from '../../engine/serving/index';
import { rowFields } from '../../engine/serving/index';
import { DEFAULT_LIMITS, type ServerContext, type ServerLimits } from './context';
import { clientErrorHandler, handleError, schemaErrorFormatter, sendError } from './errors';
import type { LoadedModel } from './model';
import { parseJsonBody } from './json-body';
import { createMetrics } from './prometheus';
import { batchPredictRoute } from './routes/batch-predict';
import { healthRoute } from './routes/health';
import { metricsRoute } from './routes/metrics';
import { modelInfoRoute } from './routes/model-info';
import { predictRoute } from './routes/predict';
import { AlertWebhook, type WebhookOptions } from './webhook';

/** Options of {@link buildServer}; every one has a default. */
export interface ServerOptions extends Partial<ServerLimits> {
  /** Fastify's `logger` (pino options), or false for none (tests). Default: info level, JSON lines on stdout. */
  logger?: FastifyServerOptions['logger'];
  /** Alert webhook: a URL (Slack-compatible JSON) or full options; none by default. */
  webhook?: string | WebhookOptions;
  /** Entities whose stream state is kept (least recently seen forgotten first), at most. */
  maxEntities?: number;
  /**
   * Memory the entities' stream state may take, bytes (default 1 GiB): the entity cap is lowered to
   * fit it, from the measured size of one entity's state.
   */
  maxStreamMemoryBytes?: number;
  /** Recent values per metric for the drift PSI. */
  driftWindow?: number;
  /** Rows per entity for a sequential detector without a bounded stream. */
  historyRows?: number;
  /** Node process metrics in /metrics (default true). */
  defaultMetrics?: boolean;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The path of a request URL as messages show it: without the query, cut to 100 characters. */
function shortPath(url: string): string {
  const path = url.split('?')[0];
  return path.length > 100 ? `${path.slice(0, 97)}...` : path;
}

const ROUTES = 'GET /health, GET /model_info, POST /predict, POST /batch_predict, GET /metrics, GET /docs';

/**
 * Builds the scoring server for a verified model (see `loadModel`): the routes, their JSON schemas
 * (from the bundle's schema), the error handler, metrics and the OpenAPI page. Call `listen` to serve,
 * or `inject` to test without a socket.
 */
export async function buildServer(model: LoadedModel, options: ServerOptions = {}): Promise<FastifyInstance> {
  const limits: ServerLimits = {
    predictBodyLimit: options.predictBodyLimit ?? DEFAULT_LIMITS.predictBodyLimit,
    batchBodyLimit: options.batchBodyLimit ?? DEFAULT_LIMITS.batchBodyLimit,
    maxBatchRows: options.maxBatchRows ?? DEFAULT_LIMITS.maxBatchRows,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs,
  };
  const fitted = model.body.pipeline;
  const f = rowFields(fitted);
  const fields = [...(f.time ? [f.time] : []), ...(f.entity ? [f.entity] : []), ...f.metrics];
  const probe = new StreamScorer(fitted, {
    detector: model.detector,
    maxEntities: 1,
    historyRows: options.historyRows,
  });
  const budget = entityBudget(
    options.maxEntities ?? DEFAULT_MAX_ENTITIES,
    probe.entityBytes(warmRows(fitted, model.body.reference)),
    options.maxStreamMemoryBytes ?? DEFAULT_STREAM_MEMORY_BYTES,
  );
  const scorer = new StreamScorer(fitted, {
    detector: model.detector,
    summary: model.body.manifest.trainingSummary ?? null,
    maxEntities: budget.maxEntities,
    driftWindow: options.driftWindow,
    historyRows: options.historyRows,
  });
  const metrics = createMetrics({
    modelId: model.id,
    detector: fitted.detector.type,
    drift: scorer.drift,
    entities: () => scorer.entityCount,
    evictions: () => scorer.evicted,
    budget,
    defaultMetrics: options.defaultMetrics,
  });
  const app = Fastify({
    logger: options.logger ?? { level: 'info' },
    requestTimeout: limits.requestTimeoutMs,
    // Node 20 reads the request timeout when the server is made (Fastify sets it after, to no effect),
    // and looks for requests past it every 30 s by default: a 2 s timeout would answer after 30.
    http: {
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, limits.requestTimeoutMs / 4)),
    },
    clientErrorHandler: clientErrorHandler((code) => metrics.clientErrors.inc({ code })),
    // One log line per request would cost more than scoring a row; alerts and errors are logged instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.batchBodyLimit,
    ajv: {
      // Unknown fields and wrong types must be refused, not silently dropped or converted.
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: false,
        allErrors: false,
        verbose: true,
        allowUnionTypes: true,
      },
    },
    schemaErrorFormatter: schemaErrorFormatter(fields),
  });
  const webhookOptions = typeof options.webhook === 'string' ? { url: options.webhook } : options.webhook;
  const webhook = webhookOptions
    ? new AlertWebhook({
        ...webhookOptions,
        onOutcome: (outcome, detail) => {
          metrics.webhook.inc({ outcome });
          if (outcome === 'failed') app.log.warn({ detail }, 'alert webhook failed');
          webhookOptions.onOutcome?.(outcome, detail);
        },
      })
    : null;
  const ctx: ServerContext = {
    model,
    scorer,
    budget,
    metrics,
    webhook,
    limits,
    startedAt: performance.now(),
  };
  if (budget.limitedBy === 'memory') {
    app.log.warn(
      { bytesPerEntity: budget.bytesPerEntity, maxEntities: budget.maxEntities },
      `stream state takes about ${megabytes(budget.bytesPerEntity)} per entity: ${megabytes(budget.memoryBytes)} of stream memory keeps at most ${budget.maxEntities} entities (raise --max-stream-memory to keep more)`,
    );
  }

  // Only JSON (and CSV for /batch_predict): text/plain bodies are refused with a 415, not half-read.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, `no route ${request.method} ${shortPath(request.url)}; the routes are ${ROUTES}`),
  );
  app.addHook('onRequest', (_request, reply, done) => {
    metrics.inFlight.inc();
    // 'close' comes once per response, whether it was sent or its connection was lost.
    reply.raw.once('close', () => metrics.inFlight.dec());
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
    request.log.debug({ route, status: reply.statusCode, ms: reply.elapsedTime }, 'request');
    done();
  });
  // While closing, answers to the requests in flight close their connections: a kept-alive connection
  // would otherwise stay open (Fastify closes only the connections idle when it starts closing) and
  // hold the shutdown until its keep-alive timeout.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onClose', async () => {
    await webhook?.flush();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Anomaly Workbench scoring server',
        version: model.body.manifest.engineVersion,
        description: `Scores rows with the model bundle ${model.file} (model id ${model.id}).`,
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  healthRoute(app, ctx);
  modelInfoRoute(app, ctx);
  predictRoute(app, ctx);
  // CSV is read by /batch_predict only: registered in its own context, /predict answers it with a 415.
  await app.register(async (child) => {
    child.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    batchPredictRoute(child, ctx);
  });
  metricsRoute(app, ctx);
  return app;
}
