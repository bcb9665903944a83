/**
 * A token bucket: `rate` requests per second on average, bursts up to `burst`. Pure arithmetic on
 * the caller's clock, so one bucket per API key or per login address costs a few numbers.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.rate);
      this.last = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until a token is available (for Retry-After). */
  waitSeconds(): number {
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rate));
  }
}

/** Buckets by key with a bound on how many are kept, so a flood of distinct keys cannot grow memory. */
export class BucketMap {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string, now: number): { ok: true } | { ok: false; retryAfter: number } {
    let b = this.buckets.get(key);
    if (!b) {
      // Dropping every bucket when full forgives at worst one burst per key: bounded, simple.
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      this.buckets.set(key, (b = new TokenBucket(this.rate, this.burst, now)));
    }
    return b.take(now) ? { ok: true } : { ok: false, retryAfter: b.waitSeconds() };
  }
}
