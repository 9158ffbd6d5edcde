import { hostname } from 'node:os';
import { BundleError } from '../engine/index';
import { int, parseArgs, str, UsageError, type ParsedArgs } from './args';
import { loadDatasetFile } from './files';
import { roleOverrides } from './role-overrides';
import { loadModelFile } from './server/model';
import { jsonLog, StreamConsumer } from './stream/consumer';
import { serveMetrics } from './stream/metrics-http';
import { datasetMessages, DEFAULT_METRICS_MAXLEN, produceRows } from './stream/producer';
import { connectRedis, partitionCount } from './stream/redis-connection';
import { RedisMembership } from './stream/redis-membership';
import { DEFAULT_RESULTS_MAXLEN, RedisResultSink } from './stream/redis-sink';
import { RedisMetricSource } from './stream/redis-source';

const USAGE = `usage: npm run stream -- BUNDLE --redis redis://127.0.0.1:6379 [--partitions N] [--group scorers]
        [--consumer NAME] [--metrics-port P] [--metrics-host 127.0.0.1] [--batch 500] [--block-ms 1000]
        [--max-in-flight 2] [--lease-ms 5000] [--claim-idle-ms 10000] [--maxlen ${DEFAULT_RESULTS_MAXLEN}]
        [--max-entities 100000]
       npm run stream -- produce FILE --redis redis://127.0.0.1:6379 [--rate ROWS_PER_S] [--partitions N]
        [--maxlen ${DEFAULT_METRICS_MAXLEN}] [--time-col C] [--entity-col C] [--metrics a,b]`;

const CONSUME_FLAGS = [
  'redis',
  'partitions',
  'group',
  'consumer',
  'metrics-port',
  'metrics-host',
  'batch',
  'block-ms',
  'max-in-flight',
  'lease-ms',
  'claim-idle-ms',
  'maxlen',
  'max-entities',
  'help',
];
const PRODUCE_FLAGS = ['redis', 'rate', 'partitions', 'maxlen', 'time-col', 'entity-col', 'metrics', 'help'];

function positive(args: ParsedArgs, name: string, fallback: number, min = 1): number {
  const v = int(args, name, fallback);
  if (v < min) throw new UsageError(`--${name}: must be an integer >= ${min}, got ${v}`);
  return v;
}

function redisUrl(args: ParsedArgs): string {
  const url = str(args, 'redis');
  if (!url) throw new UsageError(`--redis URL is required\n${USAGE}`);
  return url;
}

function optionalPartitions(args: ParsedArgs): number | undefined {
  return str(args, 'partitions') === undefined ? undefined : int(args, 'partitions', 0);
}

async function produce(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help'], PRODUCE_FLAGS);
  if (args.positional.length !== 1) throw new UsageError(`produce: one FILE is required\n${USAGE}`);
  const url = redisUrl(args);
  const rate = int(args, 'rate', 0);
  if (rate < 0)
    throw new UsageError(`--rate: must be rows per second >= 0 (0 = as fast as possible), got ${rate}`);
  const maxLen = positive(args, 'maxlen', DEFAULT_METRICS_MAXLEN);
  const ds = loadDatasetFile(args.positional[0], roleOverrides(args));
  const rows = datasetMessages(ds);
  const client = connectRedis(url, 'awb-producer');
  try {
    const partitions = await partitionCount(client, optionalPartitions(args));
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    const s = await produceRows(client, rows, { partitions, rate, maxLen, signal: controller.signal });
    process.stderr.write(
      `produced ${s.rows - s.skipped} rows (${s.skipped} already there) of ${ds.name} to ${s.partitions} partitions in ${s.seconds.toFixed(1)} s (${Math.round(s.rows / s.seconds)} rows/s)\n`,
    );
    return 0;
  } finally {
    client.disconnect();
  }
}

async function consume(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help'], CONSUME_FLAGS);
  if (args.positional.length !== 1) throw new UsageError(`one BUNDLE file is required\n${USAGE}`);
  const url = redisUrl(args);
  const group = str(args, 'group') ?? 'scorers';
  const name = str(args, 'consumer') ?? `${hostname()}-${process.pid}`;
  const leaseMs = positive(args, 'lease-ms', 5000, 100);
  const options = {
    batch: positive(args, 'batch', 500),
    blockMs: positive(args, 'block-ms', 1000, 0),
    maxInFlight: positive(args, 'max-in-flight', 2),
    heartbeatMs: Math.max(50, Math.floor(leaseMs / 3)),
    claimIdleMs: positive(args, 'claim-idle-ms', 2 * leaseMs, 100),
    maxEntities: positive(args, 'max-entities', 100_000),
  };
  const maxLen = positive(args, 'maxlen', DEFAULT_RESULTS_MAXLEN);
  const metricsPort = str(args, 'metrics-port') === undefined ? null : int(args, 'metrics-port', 0);
  if (metricsPort !== null && (metricsPort < 0 || metricsPort > 65535)) {
    throw new UsageError(`--metrics-port: ${metricsPort} is not a port number (0-65535)`);
  }
  const model = await loadModelFile(args.positional[0]);
  const client = connectRedis(url, `awb-${name}`);
  const reader = connectRedis(url, `awb-${name}-reader`);
  const partitions = await partitionCount(client, optionalPartitions(args));
  const consumer = new StreamConsumer({
    model,
    source: new RedisMetricSource(client, reader, partitions, group, name),
    sink: new RedisResultSink(client, name, maxLen),
    membership: new RedisMembership(client, group, name, partitions, leaseMs),
    name,
    group,
    ...options,
  });
  const { plan } = consumer;
  jsonLog('info', 'stream consumer starting', {
    consumer: name,
    group,
    partitions,
    modelId: model.id,
    bundle: model.file,
    replay: { rows: plan.rows, period: plan.period, exact: plan.exact, notes: plan.notes },
  });
  const metrics =
    metricsPort === null
      ? null
      : await serveMetrics(consumer.metrics.registry, metricsPort, str(args, 'metrics-host'));
  if (metrics) jsonLog('info', 'metrics', { url: metrics.url });
  const stop = (signal: string): void => {
    jsonLog('info', 'stopping', { signal });
    void consumer.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await consumer.run();
  await metrics?.close();
  client.disconnect();
  reader.disconnect();
  jsonLog('info', 'stopped', { consumer: name });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  try {
    if (argv.length === 0 || argv.includes('--help') || argv[0] === 'help') {
      process.stdout.write(USAGE + '\n');
      return argv.length === 0 ? 2 : 0;
    }
    return argv[0] === 'produce' ? await produce(argv.slice(1)) : await consume(argv);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    if (e instanceof UsageError) return 2;
    if (!(e instanceof BundleError) && process.env.AWB_DEBUG)
      process.stderr.write(String((e as Error).stack) + '\n');
    return 1;
  }
}

process.exit(await main(process.argv.slice(2)));
