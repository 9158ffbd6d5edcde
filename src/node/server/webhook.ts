import type { StreamResult } from '../../engine/serving/index';

/** Options of the alert webhook. */
export interface WebhookOptions {
  url: string;
  /** Messages sent at most per rolling minute; alerts beyond are counted and mentioned in the next message. */
  maxPerMinute?: number;
  /** A message not answered within this is abandoned (ms). */
  timeoutMs?: number;
  /** Called with each outcome, for metrics and logs. */
  onOutcome?: (outcome: 'sent' | 'failed' | 'suppressed', detail: string) => void;
  /** The clock, in ms (tests). */
  now?: () => number;
}

/** Default messages per minute. */
export const WEBHOOK_MAX_PER_MINUTE = 20;

/**
 * Posts Slack-compatible messages (`{"text": ...}`) about alerts: one message per incident of an entity
 * (a row that opens an incident; the rows that continue it send nothing), at most `maxPerMinute` per
 * rolling minute over all entities. Sending never blocks scoring, and a failing hook never throws.
 */
export class AlertWebhook {
  private readonly sentAt: number[] = [];
  private suppressed = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly maxPerMinute: number;
  private readonly now: () => number;

  constructor(private readonly options: WebhookOptions) {
    this.maxPerMinute = options.maxPerMinute ?? WEBHOOK_MAX_PER_MINUTE;
    this.now = options.now ?? Date.now;
  }

  /** Considers one scored row: sends a message when it opens an incident and the rate limit allows. */
  notify(result: StreamResult, time: number, threshold: number, modelId: string): void {
    if (!result.incidentStart || result.score === null) return;
    const t = this.now();
    while (this.sentAt.length && t - this.sentAt[0] >= 60_000) this.sentAt.shift();
    if (this.sentAt.length >= this.maxPerMinute) {
      this.suppressed++;
      this.options.onOutcome?.('suppressed', result.entity);
      return;
    }
    this.sentAt.push(t);
    const text = this.message(result, time, threshold, modelId);
    this.suppressed = 0;
    const p = this.post(text).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves when every message under way has been answered or abandoned. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private message(result: StreamResult, time: number, threshold: number, modelId: string): string {
    const who = result.entity ? `*${result.entity}*` : 'the stream';
    const when = Number.isFinite(time) ? ` at ${new Date(time).toISOString()}` : '';
    const lines = [
      `Anomaly on ${who}${when}: score ${(result.score as number).toPrecision(4)} (threshold ${threshold.toPrecision(4)}).`,
      ...result.contributions.map((c) => `• ${c.text}`),
    ];
    if (this.suppressed > 0) {
      lines.push(
        `(${this.suppressed} more incident${this.suppressed === 1 ? '' : 's'} not sent: rate limit of ${this.maxPerMinute} messages per minute)`,
      );
    }
    lines.push(`model ${modelId.slice(0, 12)}`);
    return lines.join('\n');
  }

  private async post(text: string): Promise<void> {
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      await res.arrayBuffer();
      if (res.ok) this.options.onOutcome?.('sent', String(res.status));
      else this.options.onOutcome?.('failed', `HTTP ${res.status}`);
    } catch (e) {
      this.options.onOutcome?.('failed', (e as Error).message);
    }
  }
}
