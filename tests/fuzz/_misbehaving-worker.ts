/** A case worker for testing `case-pool.ts`: answers, hangs, exits or runs out of memory on request. */
import { parentPort } from 'node:worker_threads';

const port = parentPort!;
const hoard: unknown[] = [];

port.on(
  'message',
  ({ id, request }: { id: number; request: 'answer' | 'hang' | 'exit' | 'throw' | 'oom' }) => {
    port.postMessage({ id, type: 'start', info: request });
    if (request === 'hang') for (;;);
    if (request === 'exit') process.exit(3);
    if (request === 'throw')
      setTimeout(() => {
        throw new Error('thrown outside any handler');
      });
    if (request === 'oom') for (;;) hoard.push(new Array(100_000).fill({}));
    if (request === 'answer') port.postMessage({ id, type: 'done', result: 42 });
  },
);
