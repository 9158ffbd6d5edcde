// The NAB AWS files (../shared/data/nab-aws, else data/nab-aws) with their label windows, as the online
// path reads them: the value column and epoch-ms times, in file order.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { columnValues } from '../../src/engine/table/column-values';
import { loadCsv } from '../../src/engine/table/load';
import { parseTime } from '../../src/engine/table/time';
import { DATA } from './_dev-cases';

export const NAB_DIR = join(DATA, 'nab-aws');

/** One NAB file: its values, times (ms) and windows ([start, end] in ms, ends included). */
export interface NabFile {
  file: string;
  values: Float64Array;
  times: Float64Array;
  windows: [number, number][];
  /**
   * The windows as [first row, last row]: two files repeat an hour at a daylight-saving change, so
   * their times do not strictly increase and NAB scoring goes by row (as NAB's own does).
   */
  rowWindows: [number, number][];
  /** 0/1 per row: inside a window. */
  labels: Uint8Array;
}

/** Every CSV of the NAB AWS folder, sorted by name (the one without windows included, as NAB does). */
export function loadNabFiles(dir = NAB_DIR): NabFile[] {
  const windows = JSON.parse(readFileSync(join(dir, 'label_windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => {
      const ds = loadCsv(readFileSync(join(dir, file), 'utf8'), file);
      const times = Float64Array.from(columnValues(ds.table, ds.schema.time as string) as ArrayLike<number>);
      const values = Float64Array.from(columnValues(ds.table, 'value') as ArrayLike<number>);
      const w = (windows[file] ?? []).map(([a, b]): [number, number] => [parseTime(a), parseTime(b)]);
      const labels = new Uint8Array(times.length);
      for (const [a, b] of w)
        for (let i = 0; i < times.length; i++) if (times[i] >= a && times[i] <= b) labels[i] = 1;
      const rowWindows = w.map(([a, b]): [number, number] => {
        let last = times.length - 1;
        while (last >= 0 && times[last] > b) last--;
        return [times.findIndex((t) => t >= a), last];
      });
      return { file, values, times, windows: w, rowWindows, labels };
    });
}
