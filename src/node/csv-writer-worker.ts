// The second half of a large CSV (see csv-writer.ts): formats its rows into a side file.
import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { writeRows, type CsvTable } from './csv-writer';

interface Job {
  partPath: string;
  rows: number;
  half: number;
  text: CsvTable['text'];
  columns: Float64Array[];
}

parentPort?.once('message', (job: Job) => {
  try {
    const fd = openSync(job.partPath, 'w');
    try {
      const table: CsvTable = {
        rows: job.rows,
        text: job.text,
        numbers: { names: [], columns: job.columns },
      };
      writeRows(fd, table, job.half, job.rows, job.half);
    } finally {
      closeSync(fd);
    }
    parentPort?.postMessage({ ok: true });
  } catch (e) {
    parentPort?.postMessage({ ok: false, message: String(e) });
  }
});
