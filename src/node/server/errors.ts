import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BundleError, DataError } from '../../engine/index';
import { RowError, StreamOrderError } from '../../engine/serving/index';

/** What AJV reports for one failed check (the part used here; `verbose` adds `data`). */
interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
}

/** An error with an HTTP status, thrown by the routes. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** `/rows/3/cpu_pct` under `body` -> `body.rows[3].cpu_pct`. */
function fieldPath(dataVar: string, instancePath: string): string {
  let out = dataVar;
  for (const part of instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/**
 * Turns the first schema violation into a message that names the field and the problem (Fastify's
 * default says "must NOT have additional properties" without saying which). Too many rows is a 413.
 *
 * @param fields - the row fields the model takes, listed in unknown/missing field messages.
 */
export function schemaErrorFormatter(fields: readonly string[]) {
  return (errors: SchemaError[], dataVar: string): Error & { statusCode?: number } => {
    const e = errors[0];
    const at = fieldPath(dataVar, e.instancePath);
    const known = `the model's fields are ${fields.join(', ')}`;
    let message: string;
    let status = 400;
    switch (e.keyword) {
      case 'required':
        message =
          e.params.missingProperty === 'rows' && dataVar === 'body' && e.instancePath === ''
            ? `${at}: missing field 'rows' (send {"rows": [row, ...]}, or a CSV file as text/csv)`
            : `${at}: missing field '${String(e.params.missingProperty)}' (${known})`;
        break;
      case 'additionalProperties':
        message =
          dataVar === 'body' && e.instancePath === ''
            ? `${at}: unknown field '${String(e.params.additionalProperty)}'`
            : `${at}: unknown field '${String(e.params.additionalProperty)}' (${known})`;
        break;
      case 'type':
        message = `${at}: must be ${String(e.params.type).replace(/,/g, ' or ')}, got ${describe(e.data)}`;
        break;
      case 'maxItems':
        status = 413;
        message = `${at}: ${(e.data as unknown[]).length} rows is more than the limit of ${String(e.params.limit)} per request; split the batch`;
        break;
      case 'minItems':
        message = `${at}: must hold at least ${String(e.params.limit)} row`;
        break;
      default:
        message = `${at}: ${e.message ?? e.keyword}`;
    }
    const err: Error & { statusCode?: number } = new Error(message);
    err.statusCode = status;
    return err;
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** Sends the standard error body `{statusCode, error, message}`. */
export function sendError(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return reply
    .code(statusCode)
    .type('application/json; charset=utf-8')
    .send({ statusCode, error: REASONS[statusCode] ?? 'Error', message });
}

/**
 * The server's error handler: every known problem becomes a 4xx with a message that names it; anything
 * else is logged and answered 500, and the process goes on.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof RowError || error instanceof DataError) return sendError(reply, 400, error.message);
  if (error instanceof StreamOrderError) return sendError(reply, 409, error.message);
  if (error instanceof HttpError) return sendError(reply, error.statusCode, error.message);
  if (error instanceof BundleError) {
    request.log.error({ err: error }, 'bundle error while serving');
    return sendError(reply, 500, error.message);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    let message = error.message;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit;
      message = `request body is larger than the limit of ${limit} bytes for ${request.method} ${request.url}`;
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      message = `unsupported content type ${JSON.stringify(request.headers['content-type'] ?? '')}: send application/json${request.url.startsWith('/batch_predict') ? ' or text/csv' : ''}`;
    } else if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      const cause = (error as { cause?: unknown }).cause;
      message = `body is not valid JSON${cause instanceof Error ? ` (${cause.message})` : error instanceof SyntaxError ? ` (${error.message})` : ''}`;
    } else if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      message = 'body is empty: send a JSON object';
    }
    if (!error.validation) request.log.info({ status, code: error.code }, message);
    return sendError(reply, status, message);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendError(reply, 500, `internal error: ${error.message}`);
}

/** What Node's HTTP parser refused, by error code: the status and a sentence that says it. */
const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request did not arrive in full within the request timeout'],
  HPE_HEADER_OVERFLOW: [431, 'the request headers are larger than 16 KiB'],
  HPE_INVALID_METHOD: [400, 'not an HTTP method (use GET or POST)'],
  HPE_INVALID_URL: [400, 'the request target is not a valid path'],
  HPE_INVALID_HEADER_TOKEN: [400, 'a header name or value holds characters HTTP does not allow'],
  HPE_INVALID_CONTENT_LENGTH: [400, 'Content-Length must be one non-negative integer'],
  HPE_UNEXPECTED_CONTENT_LENGTH: [400, 'Content-Length is given twice, or with Transfer-Encoding'],
  HPE_INVALID_TRANSFER_ENCODING: [400, 'Transfer-Encoding must end with chunked'],
  HPE_INVALID_CHUNK_SIZE: [400, 'a chunk size of the chunked body is not a hexadecimal number'],
  HPE_INVALID_VERSION: [400, 'not an HTTP/1.1 request line'],
  HPE_INVALID_CONSTANT: [400, 'not an HTTP/1.1 request'],
  HPE_INVALID_EOF_STATE: [400, 'the connection was closed before the request was complete'],
  HPE_STRICT: [400, 'the request breaks the HTTP/1.1 syntax (a stray CR, LF or space in its head)'],
  HPE_CR_EXPECTED: [400, 'a line of the request head does not end with CRLF'],
  HPE_LF_EXPECTED: [400, 'a line of the request head does not end with CRLF'],
};

/**
 * Answers a request Node's HTTP parser refused (a malformed request line or header, a lying length, a
 * body that never arrives) with a status and a message that says what was wrong, where Fastify's
 * default says "Client Error"; counts it by code.
 */
export function clientErrorHandler(count: (code: string) => void) {
  return function onClientError(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
    // A reset connection has no one to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const code = err.code ?? 'unknown';
    count(code);
    const [status, text] = CLIENT_ERRORS[code] ?? [400, `malformed HTTP request (${code})`];
    const body = JSON.stringify({ statusCode: status, error: STATUS_CODES[status], message: text });
    this.log.debug({ code }, text);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
