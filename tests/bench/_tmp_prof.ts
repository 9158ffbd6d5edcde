import { parseCsv } from '../../src/engine/table/parse-csv';
import { parseTime } from '../../src/engine/table/time';
const n = 1_000_000;
const parts = ['timestamp,host,cpu,mem,net,label\n'];
const nums = ['a,b,c,d,e,f\n'];
for (let i = 0; i < n; i++) { parts.push(`2024-01-01T00:${String(i%60).padStart(2,'0')}:00Z,host-${i%8},${(i%1000/7).toFixed(2)},${(i%64).toFixed(3)},${i},${i%2}\n`); nums.push(`${i%60},${i%8},${(i%1000/7).toFixed(2)},${(i%64).toFixed(3)},${i},${i%2}\n`)}
const text = parts.join(''); const numText = nums.join('');
for (let k = 0; k < 3; k++) {
let t = performance.now(); const p = parseCsv(text, 'x'); console.log('mixed', performance.now() - t, text.length/1e6);
t = performance.now(); parseCsv(numText, 'x'); console.log('numeric', performance.now() - t, numText.length/1e6);
t = performance.now(); const col = p.columns[0] as string[]; let s = 0; for (const v of col) s += parseTime(v); console.log('times', performance.now() - t, s);
}
