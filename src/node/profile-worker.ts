/**
 * The second thread of `cli profile` (see profile-parallel.ts): parses the second half of a large CSV,
 * then computes the Spearman correlations, the periods and part of the seasonal profiles of the whole
 * dataset, whose columns the main thread shares with it. Imports single engine modules only, to
 * start quickly (see profile-transfer.ts).
 */
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { correlations, periodsOf, seasonality } from '../engine/eda/profile';
import type { Dataset } from '../engine/table/dataset';
import {
  columnsTable,
  decodeText,
  parseHalf,
  postable,
  threadCpuMs,
  type ToMain,
  type ToWorker,
} from './profile-transfer';

const port = parentPort;
if (!port) throw new Error('profile-worker: not started as a worker thread');
// Times on the main thread's clock (ms since the process started), as its own trace prints them.
const origin = (workerData as { origin?: number } | null)?.origin ?? performance.timeOrigin;
const trace = (step: string): void => {
  if (process.env.AWB_PROFILE_TRACE) {
    const ms = performance.timeOrigin + performance.now() - origin;
    writeSync(2, `worker ${ms.toFixed(0)} ms (cpu ${threadCpuMs()}): ${step}\n`);
  }
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
    // Only read by index (the periods' entity rows): a holey array, made twice as fast, will do.
    if (schema.entity && msg.entity) columns.set(schema.entity, decodeText(msg.entity, true));
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
