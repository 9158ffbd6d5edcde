import { BundleError } from '../engine/index';
import { int, num, parseArgs, str, UsageError } from './args';
import { startServer } from './server/start';

const USAGE = `usage: npm run serve -- BUNDLE [--port 8080] [--host 127.0.0.1] [--webhook URL]
        [--webhook-per-minute 20] [--max-entities 100000] [--max-batch-rows 100000]
        [--max-stream-memory 1024] [--request-timeout 60] [--log-level info]`;

/** Time requests in flight get to finish after SIGTERM (Kubernetes waits 30 s before SIGKILL). */
const SHUTDOWN_GRACE_MS = 25_000;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

async function main(argv: string[]): Promise<number> {
  const err = (s: string): void => void process.stderr.write(s + '\n');
  let args;
  try {
    args = parseArgs(
      argv,
      ['help'],
      [
        'port',
        'host',
        'webhook',
        'webhook-per-minute',
        'max-entities',
        'max-batch-rows',
        'max-stream-memory',
        'request-timeout',
        'log-level',
        'help',
      ],
    );
    if (args.flags.has('help')) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (args.positional.length !== 1) throw new UsageError(`serve: one BUNDLE file is required\n${USAGE}`);
    const level = str(args, 'log-level') ?? 'info';
    if (!LEVELS.includes(level)) throw new UsageError(`--log-level: one of ${LEVELS.join(', ')}`);
    const port = int(args, 'port', 8080);
    if (port < 0 || port > 65535) throw new UsageError(`--port: ${port} is not a port number (0-65535)`);
    const maxEntities = int(args, 'max-entities', 100_000);
    if (maxEntities < 1) throw new UsageError(`--max-entities: ${maxEntities} is not a count >= 1`);
    const streamMemory = num(args, 'max-stream-memory', 1024);
    if (!(streamMemory > 0))
      throw new UsageError(`--max-stream-memory: ${streamMemory} is not a number of MB > 0`);
    const requestTimeout = num(args, 'request-timeout', 60);
    if (!(requestTimeout > 0))
      throw new UsageError(`--request-timeout: ${requestTimeout} is not a number of seconds > 0`);
    const webhook = str(args, 'webhook');
    if (webhook !== undefined && !/^https?:\/\//.test(webhook)) {
      throw new UsageError(`--webhook: '${webhook}' is not an http(s) URL`);
    }
    const { app } = await startServer(args.positional[0], {
      port,
      host: str(args, 'host') ?? '127.0.0.1',
      logger: { level },
      webhook: webhook ? { url: webhook, maxPerMinute: int(args, 'webhook-per-minute', 20) } : undefined,
      maxEntities,
      maxStreamMemoryBytes: streamMemory * 1024 ** 2,
      maxBatchRows: int(args, 'max-batch-rows', 100_000),
      requestTimeoutMs: requestTimeout * 1000,
    });
    // On SIGTERM or SIGINT: stop accepting connections, let the requests in flight finish, then exit 0.
    // Requests still running after the grace period lose their connections and the exit code is 1.
    const stop = (signal: string): void => {
      app.log.info({ signal }, 'shutting down: finishing the requests in flight');
      let forced = false;
      setTimeout(() => {
        forced = true;
        app.log.warn(
          `requests still in flight after ${SHUTDOWN_GRACE_MS / 1000} s: closing their connections`,
        );
        app.server.closeAllConnections();
      }, SHUTDOWN_GRACE_MS).unref();
      app.close().then(
        () => process.exit(forced ? 1 : 0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // A bug must not take the model offline: log it and keep serving (the error handler answers 500).
    process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
    process.on('uncaughtException', (e) => app.log.error({ err: e }, 'uncaught exception'));
    return -1;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`error: ${e.message}`);
      return 2;
    }
    err(`error: ${(e as Error).message}`);
    if (!(e instanceof BundleError) && process.env.AWB_DEBUG) err(String((e as Error).stack));
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
