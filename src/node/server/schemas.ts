import type { FittedPipeline } from '../../engine/index';
import { rowFields } from '../../engine/serving/index';

/** A JSON schema (plain data, as Fastify and @fastify/swagger take it). */
export type JsonSchema = Record<string, unknown>;

/**
 * The schema of one row for a pipeline, from the bundle's schema: time and entity when it has them,
 * every metric the pipeline reads (a number, or null for a missing reading), nothing else.
 */
export function rowSchema(fitted: FittedPipeline): JsonSchema {
  const f = rowFields(fitted);
  const properties: Record<string, JsonSchema> = {};
  if (f.time) {
    properties[f.time] = {
      type: ['string', 'number'],
      description: 'The row time: ISO 8601 (no zone = UTC) or epoch seconds / milliseconds.',
      examples: ['2024-03-04T10:00:00Z'],
    };
  }
  if (f.entity) {
    properties[f.entity] = {
      type: ['string', 'number'],
      description: 'The entity (instance) the row belongs to; stream state is kept per entity.',
    };
  }
  for (const m of f.metrics) {
    properties[m] = { type: ['number', 'null'], description: `Metric '${m}' (null = missing reading).` };
  }
  return {
    type: 'object',
    properties,
    required: [...(f.time ? [f.time] : []), ...(f.entity ? [f.entity] : []), ...f.metrics],
    additionalProperties: false,
  };
}

const contribution: JsonSchema = {
  type: 'object',
  properties: {
    metric: { type: 'string' },
    value: { type: 'number' },
    usual: { type: 'number', description: "The metric's training median for the row's hour of the week." },
    sigma: { type: 'number', description: '(value - usual) / robust scale.' },
    text: { type: 'string' },
  },
  required: ['metric', 'value', 'usual', 'sigma', 'text'],
};

/** The answer to POST /predict. */
export const predictResponse: JsonSchema = {
  type: 'object',
  properties: {
    score: {
      type: ['number', 'null'],
      description: 'Anomaly score (higher = more anomalous); null when cleaning drops the row.',
    },
    likelihood: {
      type: ['number', 'null'],
      description:
        "Anomaly likelihood in [0, 1) of the entity's recent scores against its own past scores in this server (Numenta's, log form: 0.5 is a tail of 1e-5); for an 'online' model, whose entities learn from their own rows as cli online does, the score itself. null when the score is.",
    },
    alert: { type: 'boolean' },
    incidentStart: { type: 'boolean', description: 'The row opens a new incident for its entity.' },
    entity: { type: 'string' },
    contributions: { type: 'array', items: contribution },
  },
  required: ['score', 'alert', 'incidentStart', 'contributions'],
};

/** The answer to POST /batch_predict. */
export const batchResponse: JsonSchema = {
  type: 'object',
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          score: { type: ['number', 'null'] },
          alert: { type: 'boolean' },
          time: { type: 'string', description: 'Resampling pipelines only: the grid step.' },
          entity: { type: 'string', description: 'Resampling pipelines only.' },
        },
        required: ['score', 'alert'],
      },
    },
    rows: { type: 'integer' },
    alerts: { type: 'integer' },
    dropped: { type: 'integer', description: 'Rows the cleaning dropped (score null).' },
    resampled: { type: 'boolean', description: 'True when results are per grid step, not per input row.' },
  },
  required: ['results', 'rows', 'alerts', 'dropped', 'resampled'],
};

/** The body of POST /batch_predict as JSON. */
export function batchBodySchema(fitted: FittedPipeline, maxRows: number): JsonSchema {
  return {
    type: 'object',
    properties: { rows: { type: 'array', items: rowSchema(fitted), minItems: 1, maxItems: maxRows } },
    required: ['rows'],
    additionalProperties: false,
  };
}

/** The standard error answer. */
export const errorResponse: JsonSchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
  required: ['statusCode', 'error', 'message'],
};
