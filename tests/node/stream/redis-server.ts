import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A redis-server of its own for a test: loopback, a free port, a temporary directory. */
export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** A client for the test itself (disconnected by `stop`). */
  client: Redis;
  /** Stops the server (SIGTERM: with appendonly on it writes the AOF first) and starts it again on the same port and directory. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(port: number): Promise<void> {
  // Loading a large append-only file answers LOADING for seconds on a slow machine.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const probe = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start within 60 s`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      probe.disconnect();
    }
  }
}

/**
 * Starts `redis-server` (Debian's, /usr/bin) with no snapshots; `appendonly` on for restart tests
 * (fsync always, so a restart loses nothing).
 */
export async function startRedis(options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'awb-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', options.appendonly ? 'yes' : 'no');
  if (options.appendonly) args.push('--appendfsync', 'always');
  let proc: ChildProcess;
  const launch = async (): Promise<void> => {
    proc = spawn('redis-server', args, { stdio: 'ignore' });
    const failed = new Promise<never>((_, reject) =>
      proc.once('error', (e) =>
        reject(
          new Error(
            `redis-server could not start (${e.message}); install it: apt-get install -y redis-server`,
          ),
        ),
      ),
    );
    failed.catch(() => {});
    await Promise.race([waitReady(port), failed]);
  };
  const halt = (): Promise<void> =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  await launch();
  const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
  client.on('error', () => {});
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    client,
    async restart(downMs = 300) {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      client.disconnect();
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
