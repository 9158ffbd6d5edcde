/**
 * Writes the demo dataset to a CSV for cross-checking with scikit-learn:
 *   npx tsx tests/reference/synth-to-csv.ts /tmp/demo.csv [seed]
 *   /usr/bin/python3 tests/reference/synth_iforest.py /tmp/demo.csv
 */
import { writeFileSync } from 'node:fs';
import { generateClusterMetrics } from '../../src/engine/synth';

const out = process.argv[2] ?? '/tmp/demo.csv';
const seed = process.argv[3] ? Number(process.argv[3]) : 42;
const t0 = performance.now();
const { table } = generateClusterMetrics({ seed });
const ms = performance.now() - t0;
writeFileSync(out, table.toCSV());
console.log(`${table.numRows()} rows in ${ms.toFixed(0)} ms -> ${out}`);
