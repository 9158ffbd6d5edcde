/**
 * The second thread of `cli profile` (see profile-parallel.ts): parses the second half of a large CSV,
 * then computes the Spearman correlations, the periods and part of the seasonal profiles of the whole
 * dataset, whose columns the main thread shares with it. Imports single engine modules only, to
 * start quickly (see profile-transfer.ts).
 */
import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { correlations, periodsOf, seasonality } from '../engine/eda/profile';
import type { Dataset } from '../engine/table/dataset';
import {
  columnsTable,
  decodeText,
  parseHalf,
  postable,
  type ToMain,
  type ToWorker,
} from './profile-transfer';

const port = parentPort;
if (!port) throw new Error('profile-worker: not started as a worker thread');
const t0 = performance.now();
const trace = (step: string): void => {
  if (process.env.AWB_PROFILE_TRACE)
    writeSync(2, `worker ${(performance.now() - t0).toFixed(0)} ms: ${step}\n`);
};
trace('loaded');

port.on('message', (msg: ToWorker) => {
  if (msg.kind === 'parse') {
    try {
      const parsed = parseHalf(new TextDecoder('utf-8').decode(msg.bytes), msg.file, msg.overrides);
      trace(`parsed ${parsed.rows} rows`);
      const { message, transfer } = postable(parsed);
      const reply: ToMain = { kind: 'parsed', parsed: message };
      port.postMessage(reply, transfer);
    } catch (e) {
      const reply: ToMain = { kind: 'failed', message: String(e) };
      port.postMessage(reply);
    }
    return;
  }
  try {
    trace('analysing');
    const { schema } = msg;
    const columns = new Map<string, ArrayLike<unknown>>();
    for (const [name, values] of Object.entries(msg.numeric)) columns.set(name, values);
    if (schema.entity && msg.entity) columns.set(schema.entity, decodeText(msg.entity));
    const ds: Dataset = { name: msg.name, schema, table: columnsTable(columns, msg.rows) };
    const spearman = correlations(ds, 'spearman');
    trace('spearman');
    const periods = periodsOf(ds);
    trace('periods');
    const seasonal = seasonality({ ...ds, schema: { ...schema, metrics: msg.seasonal } });
    trace('seasonality');
    const reply: ToMain = { kind: 'analysed', spearman, seasonality: seasonal, periods };
    port.postMessage(reply);
  } catch (e) {
    const reply: ToMain = { kind: 'failed', message: String(e) };
    port.postMessage(reply);
  }
});
