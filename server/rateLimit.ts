/**
 * Per-credential rate limits and quotas (issue 12). Token buckets in memory, one per credential key
 * (`device:<id>`, `token:<id>`, `ip:<addr>`); a refused take says when to come back (Retry-After).
 * Each server process keeps its own buckets, so with N servers behind a balancer the effective limit is
 * at most N times the configured one; the quotas exist to stop floods, not to meter exactly.
 */

export interface LimitRule {
  /** Bucket size: how much may be taken at once. */
  burst: number;
  /** Refill per second. */
  perSecond: number;
}

export interface RateLimits {
  /** Signed batch requests per device. */
  deviceRequests: LimitRule;
  /** Records per device (the quota). */
  deviceRecords: LimitRule;
  /** Enrollment starts and completions per fleet token. */
  enrollments: LimitRule;
  /** Requests without a valid token per address, after which the caller gets 429 instead of 401. */
  refusals: LimitRule;
}

/** Defaults: 10 requests/s (burst 600) and 100,000 records/hour (burst 20,000) per device; 20 enrollment calls/s per token. */
export const DEFAULT_LIMITS: RateLimits = {
  deviceRequests: { burst: 600, perSecond: 10 },
  deviceRecords: { burst: 20_000, perSecond: 100_000 / 3600 },
  enrollments: { burst: 1200, perSecond: 20 },
  refusals: { burst: 120, perSecond: 2 },
};

interface Bucket {
  tokens: number;
  at: number;
}

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Take `cost` from the bucket of `key` under `rule`; nothing is taken when refused. */
  take(key: string, rule: LimitRule, cost = 1): Take {
    const now = this.now();
    this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: rule.burst, at: now };
    const tokens = Math.min(rule.burst, b.tokens + ((now - b.at) / 1000) * rule.perSecond);
    if (cost > rule.burst) return { ok: false, retryAfterSeconds: Math.ceil(cost / rule.perSecond) };
    if (tokens < cost) {
      this.buckets.set(key, { tokens, at: now });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - tokens) / rule.perSecond)) };
    }
    this.buckets.set(key, { tokens: tokens - cost, at: now });
    return { ok: true };
  }

  /** Drop full buckets now and then, so idle credentials cost no memory. */
  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, b] of this.buckets) if (now - b.at > 3_600_000) this.buckets.delete(k);
  }
}
