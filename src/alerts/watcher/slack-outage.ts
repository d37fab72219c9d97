/**
 * Whether Slack is taking this process's alert posts. When a post fails for a passing reason (HTTP 5xx, a
 * time-out, `ratelimited`, `internal_error`, ...) the alerts it carried wait, held by this process, and
 * Slack is tried again after a wait that starts at a few seconds and doubles up to a few minutes. Until
 * then no other post is tried: a new failure joins the queue behind the older ones instead of costing a
 * request that would fail too. The first post Slack takes ends the outage, and every waiting alert goes
 * out in that same round, oldest first (rolled up per channel when there are many).
 *
 * Kept in memory on purpose: a restarted process tries at once, which is what a restart is for.
 */

export interface SlackOutageState {
  /** When the first failed post of this outage was answered. */
  since: Date;
  /** Slack's error code (or the transport's) of the last failed try. */
  lastCode: string;
  /** Failed tries in a row. */
  failures: number;
  /** No post is tried before this. */
  nextTryAt: Date;
}

export interface SlackRetryPolicy {
  slackRetryMinMs: number;
  slackRetryMaxMs: number;
}

export class SlackOutage {
  private state: SlackOutageState | null = null;

  constructor(private readonly policy: SlackRetryPolicy) {}

  /** A post (or a read) failed for a passing reason at `now`. */
  failed(now: Date, code: string): void {
    const failures = (this.state?.failures ?? 0) + 1;
    const waitMs = Math.min(this.policy.slackRetryMaxMs, this.policy.slackRetryMinMs * 2 ** (failures - 1));
    this.state = {
      since: this.state?.since ?? now,
      lastCode: code,
      failures,
      nextTryAt: new Date(now.getTime() + waitMs),
    };
  }

  /** Slack took a post: the outage, if there was one, is over. Returns it, for the log. */
  succeeded(): SlackOutageState | null {
    const ended = this.state;
    this.state = null;
    return ended;
  }

  /** True while posts should wait rather than be tried. */
  holding(now: Date): boolean {
    return this.state !== null && now < this.state.nextTryAt;
  }

  current(): SlackOutageState | null {
    return this.state && { ...this.state };
  }
}
