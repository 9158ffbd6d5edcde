import type { Redis } from 'ioredis';
import { assignPartitions } from './assignment';
import type { Membership } from './metric-source';
import { membersKey } from './partition';

// Renews (or drops) one consumer's lease and returns the live consumers, atomically, on Redis's clock
// (so consumers on machines whose clocks disagree still agree on who is alive).
const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[2] == '0' then
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
end
return redis.call('ZRANGE', KEYS[1], 0, -1)
`;

/**
 * Consumers of a group known to each other through leases in Redis: a sorted set of consumer names
 * scored by lease expiry. Each heartbeat renews the lease for `leaseMs`; a consumer that stops
 * (crash, SIGKILL, network) drops out when its lease runs out, and the others split its partitions.
 */
export class RedisMembership implements Membership {
  constructor(
    private readonly client: Redis,
    private readonly group: string,
    private readonly consumer: string,
    private readonly partitions: number,
    private readonly leaseMs: number,
  ) {}

  async heartbeat(): Promise<{ partitions: number[]; consumers: string[] }> {
    const consumers = (await this.client.eval(
      HEARTBEAT,
      1,
      membersKey(this.group),
      this.consumer,
      String(this.leaseMs),
    )) as string[];
    consumers.sort();
    return { partitions: assignPartitions(this.partitions, consumers, this.consumer), consumers };
  }

  async leave(): Promise<void> {
    await this.client.eval(HEARTBEAT, 1, membersKey(this.group), this.consumer, '0');
  }
}
