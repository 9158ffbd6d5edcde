/**
 * Malformed requests for the scoring server, each made from a seed and an index alone: random JSON,
 * rows with fields of the wrong type, numbers out of range, deep nesting, oversized bodies, wrong
 * content types, bad methods and paths, truncated bodies and lying lengths, junk headers, random bytes,
 * and fuzzed CSV for /batch_predict. Every one must be answered 4xx with a message (or, for the
 * `extreme` family, valid rows with extreme finite values: 200 with a finite score, or 4xx).
 *
 * A request is the raw bytes written to a socket, so that requests no HTTP client would send (an
 * unknown method, two Content-Length headers, a body shorter than its length) can be made.
 */
import fc from 'fast-check';
import { createRandom, type Random } from '../../src/engine/index';
import { csvCase, type SeedFile } from './csv-cases';

/** The model's row fields and one valid row (time as ISO text). */
export interface ModelFields {
  time?: string;
  entity?: string;
  metrics: string[];
  row: Record<string, unknown>;
}

/** One request: the bytes to send, and how. */
export interface FuzzRequest {
  family: string;
  /** What the request is, for reports (`PUT /predict`, `deep nesting 40000 in body.rows`). */
  name: string;
  bytes: Buffer;
  /** Close our side after sending (a client that sent a short body and gave up). */
  halfClose?: boolean;
  /** The server must answer even though the request never completes (its request timeout). */
  incomplete?: boolean;
  /** Send the head, then the body only if no answer came first (a large body over the limit). */
  headFirst?: boolean;
}

const FAMILIES: [string, number][] = [
  ['random-json', 14],
  ['wrong-type', 18],
  ['out-of-range', 8],
  ['extreme', 4],
  ['deep-nesting', 5],
  ['oversized', 4],
  ['content-type', 10],
  ['method-path', 12],
  ['truncated', 9],
  ['headers', 6],
  ['random-bytes', 4],
  ['batch-csv', 6],
  ['batch-shape', 4],
];

/** The generator for request `index` of run `seed`. */
function requestRandom(seed: number, index: number): Random {
  return createRandom((Math.imul(seed >>> 0, 0x2c1b3c6d) ^ Math.imul(index + 1, 0x297a2d39)) >>> 0);
}

function pick<T>(rng: Random, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** A full HTTP/1.1 request's bytes, `Connection: close`, with Content-Length unless given. */
export function httpRequest(
  method: string,
  path: string,
  headers: [string, string][],
  body: Buffer | string = '',
): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const hs = [['host', '127.0.0.1'], ['connection', 'close'], ...headers];
  if (!hs.some(([k]) => k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding')) {
    if (payload.length > 0 || method === 'POST') hs.push(['content-length', String(payload.length)]);
  }
  const head = `${method} ${path} HTTP/1.1\r\n${hs.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

const JSON_TYPE: [string, string] = ['content-type', 'application/json'];

function postJson(path: string, body: string, extra: [string, string][] = []): Buffer {
  return httpRequest('POST', path, [JSON_TYPE, ...extra], body);
}

/** Values of the wrong type for a metric (number or null), a time (string or number) or an entity. */
const WRONG: Record<'metric' | 'time' | 'entity', unknown[]> = {
  metric: ['12', '', 'NaN', true, false, [], [1], {}, { value: 1 }, '1e3', ' 1 '],
  time: [
    null,
    true,
    [],
    {},
    ['2024-01-01'],
    { iso: '2024-01-01' },
    'soon',
    '',
    '2024-13-45T99:99:99Z',
    'NaN',
  ],
  entity: [null, true, [], {}, ['web-1'], { id: 1 }],
};

/** JSON number literals outside what the model takes: JSON.parse makes infinities of them. */
const OUT_OF_RANGE_METRIC = ['1e400', '-1e400', '1' + '0'.repeat(400)];
const OUT_OF_RANGE_TIME = [
  '1e400',
  '-1e400',
  '1e300',
  '-8.64e30',
  '"+999999-01-01T00:00:00Z"',
  '"0000-00-00"',
];

/** Valid JSON with extreme finite values: the server may score it (200) or refuse it, never fail. */
const EXTREME_METRIC = ['1e308', '-1e308', '5e-324', '-0', '9007199254740993', '1.7976931348623157e308', '0'];

function rowWith(model: ModelFields, field: string, jsonValue: string): string {
  const text = JSON.stringify({ ...model.row, [field]: '\u0000MARK\u0000' });
  return text.replace('"\\u0000MARK\\u0000"', jsonValue);
}

function randomField(model: ModelFields, rng: Random): { field: string; role: 'metric' | 'time' | 'entity' } {
  const roles: ('metric' | 'time' | 'entity')[] = ['metric', 'metric'];
  if (model.time) roles.push('time');
  if (model.entity) roles.push('entity');
  const role = pick(rng, roles);
  const field = role === 'metric' ? pick(rng, model.metrics) : role === 'time' ? model.time! : model.entity!;
  return { field, role };
}

function nested(depth: number, open: string, close: string, inner = '1'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** Request `index` of run `seed` for a model (`files`: real CSV files for the batch-csv family). */
export function serverCase(
  seed: number,
  index: number,
  model: ModelFields,
  files: readonly SeedFile[],
): FuzzRequest {
  const rng = requestRandom(seed, index);
  let total = 0;
  for (const [, w] of FAMILIES) total += w;
  let roll = rng.next() * total;
  let family = FAMILIES[0][0];
  for (const [f, w] of FAMILIES) {
    if ((roll -= w) < 0) {
      family = f;
      break;
    }
  }
  const fcSeed = rng.int(2 ** 31);
  const sample = <T>(arb: fc.Arbitrary<T>): T => fc.sample(arb, { seed: fcSeed, numRuns: 1 })[0];
  const route = rng.next() < 0.7 ? '/predict' : '/batch_predict';
  const asBatch = (rowJson: string): string => (route === '/predict' ? rowJson : `{"rows":[${rowJson}]}`);

  switch (family) {
    case 'random-json': {
      if (rng.next() < 0.15) {
        // Prototype pollution and duplicate keys, on an otherwise valid row.
        const row = JSON.stringify(model.row).slice(1, -1);
        const body = pick(rng, [
          `{"__proto__":{"polluted":1},${row}}`,
          `{"constructor":{"prototype":{"polluted":1}},${row}}`,
          `{${row},${row},"x":1}`,
        ]);
        return { family, name: `POST ${route} ${body.slice(0, 30)}`, bytes: postJson(route, asBatch(body)) };
      }
      const body = JSON.stringify(sample(fc.jsonValue({ maxDepth: 4 })));
      return { family, name: `POST ${route} random JSON`, bytes: postJson(route, body) };
    }
    case 'batch-shape': {
      const row = JSON.stringify(model.row);
      const kind = rng.int(4);
      if (kind === 0)
        return {
          family,
          name: 'POST /batch_predict no rows',
          bytes: postJson('/batch_predict', '{"rows":[]}'),
        };
      if (kind === 1) {
        const rows = Array.from({ length: 20 }, () => row);
        rows[rng.int(rows.length)] = JSON.stringify({ ...model.row, [pick(rng, model.metrics)]: 'oops' });
        return {
          family,
          name: 'POST /batch_predict one bad row among 20',
          bytes: postJson('/batch_predict', `{"rows":[${rows.join(',')}]}`),
        };
      }
      if (kind === 2 && rng.next() < 0.2) {
        // More rows than the limit (100,000): refused by count, whatever they hold.
        return {
          family,
          name: 'POST /batch_predict 100,001 rows',
          bytes: postJson('/batch_predict', `{"rows":[${'{},'.repeat(100_000)}{}]}`),
        };
      }
      const header = [model.time, model.entity, ...model.metrics].filter(Boolean).join(',');
      const line = [
        model.row[model.time!],
        model.row[model.entity!],
        ...model.metrics.map((m) => model.row[m]),
      ].join(',');
      return {
        family,
        name: 'POST /batch_predict CSV of 100,001 rows',
        bytes: httpRequest(
          'POST',
          '/batch_predict',
          [['content-type', 'text/csv']],
          `${header}\n${`${line}\n`.repeat(100_001)}`,
        ),
      };
    }
    case 'wrong-type': {
      let body = JSON.stringify(model.row);
      const changes = 1 + rng.int(3);
      const names: string[] = [];
      for (let k = 0; k < changes; k++) {
        const { field, role } = randomField(model, rng);
        const parsed = JSON.parse(body) as Record<string, unknown>;
        const v = pick(rng, WRONG[role]);
        if (v === undefined) delete parsed[field];
        else parsed[field] = v;
        names.push(`${field}=${JSON.stringify(v)}`);
        body = JSON.stringify(parsed);
      }
      if (rng.next() < 0.2) {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        parsed[pick(rng, ['label', '__proto__x', 'extra', ''])] = 1;
        body = JSON.stringify(parsed);
        names.push('unknown field');
      }
      return { family, name: `POST ${route} ${names.join(', ')}`, bytes: postJson(route, asBatch(body)) };
    }
    case 'out-of-range': {
      const timeCase = model.time && rng.next() < 0.4;
      const field = timeCase ? model.time! : pick(rng, model.metrics);
      const literal = pick(rng, timeCase ? OUT_OF_RANGE_TIME : OUT_OF_RANGE_METRIC);
      return {
        family,
        name: `POST ${route} ${field}=${literal.slice(0, 20)}`,
        bytes: postJson(route, asBatch(rowWith(model, field, literal))),
      };
    }
    case 'extreme': {
      const field = pick(rng, model.metrics);
      const literal = pick(rng, EXTREME_METRIC);
      // A fresh entity per request, so that the row is in time order for its entity.
      const row = { ...model.row, ...(model.entity ? { [model.entity]: `extreme-${seed}-${index}` } : {}) };
      return {
        family,
        name: `POST ${route} ${field}=${literal}`,
        bytes: postJson(route, asBatch(rowWith({ ...model, row }, field, literal))),
      };
    }
    case 'deep-nesting': {
      const depth = pick(rng, [100, 1000, 10_000, 30_000, 1_000_000]);
      const where = pick(rng, ['body', 'field', 'rows']);
      const [open, close] = pick(rng, [
        ['[', ']'],
        ['{"a":', '}'],
      ]);
      const deep = nested(depth, open, close);
      const path = depth > 20_000 || where === 'rows' ? '/batch_predict' : route;
      const body =
        where === 'body'
          ? deep
          : where === 'rows'
            ? `{"rows":${deep}}`
            : path === '/predict'
              ? rowWith(model, pick(rng, model.metrics), deep)
              : `{"rows":[${rowWith(model, pick(rng, model.metrics), deep)}]}`;
      return { family, name: `POST ${path} nesting ${depth} in ${where}`, bytes: postJson(path, body) };
    }
    case 'oversized': {
      const big = rng.next() < 0.1;
      const path = big ? '/batch_predict' : '/predict';
      const size = big ? 32 * 1024 * 1024 + 1 + rng.int(1024 * 1024) : 64 * 1024 + 1 + rng.int(1024 * 1024);
      const filler = 'x'.repeat(Math.max(0, size - 40));
      const body = `{"padding":"${filler}"}`;
      return {
        family,
        name: `POST ${path} body of ${body.length} bytes`,
        bytes: postJson(path, body),
        headFirst: true,
      };
    }
    case 'content-type': {
      const type = pick(rng, [
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
        'application/json-patch+json',
        'image/png',
        ';;;',
        'x'.repeat(2000),
        'text/csv',
        null,
      ]);
      const path = type === 'text/csv' ? '/predict' : route;
      const headers: [string, string][] = type === null ? [] : [['content-type', type]];
      return {
        family,
        name: `POST ${path} content-type ${type === null ? 'none' : type.slice(0, 40)}`,
        bytes: httpRequest('POST', path, headers, asBatch(JSON.stringify(model.row))),
      };
    }
    case 'method-path': {
      const kind = rng.int(3);
      if (kind === 0) {
        const method = pick(rng, ['GET', 'PUT', 'DELETE', 'PATCH']);
        const path = pick(rng, ['/predict', '/batch_predict']);
        return {
          family,
          name: `${method} ${path}`,
          bytes: httpRequest(method, path, [JSON_TYPE], JSON.stringify(model.row)),
        };
      }
      if (kind === 1) {
        const path = pick(rng, [
          '/',
          '/predict/',
          '/PREDICT',
          '//predict',
          '/predict/../health/x',
          '/../../etc/passwd',
          '/%00',
          '/%zz',
          '/predict%',
          '/\u00e9t\u00e9',
          '/' + 'a'.repeat(8000),
          '/health/',
          '/metrics/x',
          '/model_info.json',
          '/docs/../../package.json',
          '/batch_predict/1',
        ]);
        const method = pick(rng, ['GET', 'POST']);
        return {
          family,
          name: `${method} ${path.slice(0, 40)}`,
          bytes: httpRequest(
            method,
            encodeURI(path).replace(/%25/g, '%'),
            [JSON_TYPE],
            method === 'POST' ? JSON.stringify(model.row) : '',
          ),
        };
      }
      const method = pick(rng, ['FOO', 'PROPFIND', 'get', 'P OST', 'POST\u0000', 'BREW', 'TRACE']);
      return {
        family,
        name: `${method.replace(/\0/g, '\\0')} /predict`,
        bytes: httpRequest(method, '/predict', [JSON_TYPE], JSON.stringify(model.row)),
      };
    }
    case 'truncated': {
      const full = asBatch(JSON.stringify(model.row));
      const cut = rng.int(full.length);
      const kind = rng.int(5);
      if (kind === 0 || kind === 1) {
        return {
          family,
          name: `POST ${route} JSON cut at ${cut}`,
          bytes: postJson(route, full.slice(0, cut)),
        };
      }
      if (kind === 2) {
        // The length says more than is sent, and the client gives up: nothing to answer, no crash.
        const head = httpRequest('POST', route, [JSON_TYPE, ['content-length', String(full.length + 100)]]);
        return {
          family,
          name: `POST ${route} ${cut} of ${full.length + 100} bytes, then closed`,
          bytes: Buffer.concat([head, Buffer.from(full.slice(0, cut))]),
          halfClose: true,
        };
      }
      if (kind === 3) {
        // The length says more than is sent and the client waits: the request timeout must answer.
        const head = httpRequest('POST', route, [JSON_TYPE, ['content-length', String(full.length + 100)]]);
        return {
          family,
          name: `POST ${route} ${cut} of ${full.length + 100} bytes, then silence`,
          bytes: Buffer.concat([head, Buffer.from(full.slice(0, cut))]),
          incomplete: true,
        };
      }
      const headers = pick<[string, string][]>(rng, [
        [JSON_TYPE, ['content-length', 'abc']],
        [JSON_TYPE, ['content-length', '-1']],
        [JSON_TYPE, ['content-length', '5'], ['content-length', '7']],
        [JSON_TYPE, ['content-length', '3'], ['transfer-encoding', 'chunked']],
        [JSON_TYPE, ['transfer-encoding', 'chunked']],
        [JSON_TYPE, ['transfer-encoding', 'gzip, chunked, x']],
      ]);
      const chunked = headers.some(([k]) => k === 'transfer-encoding');
      const body = chunked ? `zz\r\n${full}\r\n0\r\n\r\n` : full;
      return {
        family,
        name: `POST ${route} ${headers
          .slice(1)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')}`,
        bytes: httpRequest('POST', route, headers, body),
      };
    }
    case 'headers': {
      const kind = rng.int(3);
      const body = JSON.stringify({ ...model.row, bogus: true });
      if (kind === 0) {
        return {
          family,
          name: `POST ${route} with a 20 KB header`,
          bytes: httpRequest('POST', route, [JSON_TYPE, ['cookie', 'a'.repeat(20_000)]], asBatch(body)),
        };
      }
      if (kind === 1) {
        const many = Array.from({ length: 3000 }, (_, i): [string, string] => [`x-h${i}`, '1']);
        return {
          family,
          name: `POST ${route} with 3000 headers`,
          bytes: httpRequest('POST', route, [JSON_TYPE, ...many], asBatch(body)),
        };
      }
      return {
        family,
        name: `POST ${route} with an invalid header name`,
        bytes: httpRequest('POST', route, [JSON_TYPE, ['bad header\u0001', 'x']], asBatch(body)),
      };
    }
    case 'random-bytes': {
      const bytes = sample(fc.uint8Array({ minLength: 1, maxLength: 2000 }));
      const prefix = rng.next() < 0.5 ? Buffer.from(`POST ${route} HTTP/1.1\r\n`) : Buffer.alloc(0);
      return {
        family,
        name: `${prefix.length ? 'a request line, then ' : ''}${bytes.length} random bytes`,
        bytes: Buffer.concat([prefix, Buffer.from(bytes)]),
        halfClose: true,
      };
    }
    default: {
      const c = csvCase(fcSeed, index, files);
      const text = typeof c.input === 'string' ? c.input : Buffer.from(c.input).toString('utf8');
      return {
        family: 'batch-csv',
        name: `POST /batch_predict CSV ${c.name.slice(0, 60)}`,
        bytes: httpRequest('POST', '/batch_predict', [['content-type', 'text/csv']], text),
      };
    }
  }
}
