/**
 * Slack refuses a message or view that breaks Block Kit's rules, and so does the stand-in. A bot test must
 * fail when that happens, even when the bot copes with it (a plain-text fallback, a logged error), so the
 * harnesses watch their stand-in: after each test (refused-blocks.setup.ts) and when a harness closes, a
 * refusal the test did not announce fails it. A failure a test scripts with `failNext` is not a refusal.
 */
import type { RecordedRefusal, SlackStandIn } from "@executions-bot/slack-standin";

/** The watches of the stand-ins this test file has running; one test file per module instance. */
const running = new Set<RefusalWatch>();

export class RefusalWatch {
  /** Refusals before the watch began are not its business. */
  private seen: number;
  private expected = 0;

  constructor(private readonly slack: SlackStandIn) {
    this.seen = slack.refusals().length;
  }

  /** The current test makes Slack refuse blocks on purpose, exactly `count` more times. */
  expect(count = 1): void {
    this.expected += count;
  }

  /**
   * What went wrong since the last check: refusals nobody announced, or fewer than announced. Each check
   * starts afresh, so an announcement holds for the one test that made it.
   */
  problems(): string[] {
    const fresh = this.slack.refusals().slice(this.seen);
    this.seen += fresh.length;
    const expected = this.expected;
    this.expected = 0;
    if (fresh.length < expected) {
      return [`announced ${expected}, refused ${fresh.length}`];
    }
    return fresh.slice(expected).map((refusal) => `unannounced: ${describeRefusal(refusal)}`);
  }

  /** Throws one error naming every problem, with the JSON pointers of what was refused. */
  check(): void {
    const problems = this.problems();
    if (problems.length === 0) return;
    throw new Error(
      "Blocks the Slack stand-in refused, as Slack would:\n" +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nA test that makes Slack refuse blocks on purpose says so first: refusals.expect(count).",
    );
  }
}

function describeRefusal(refusal: RecordedRefusal): string {
  const where = refusal.channel === undefined ? "" : ` in ${refusal.channel}`;
  return `${refusal.via}${where}: ${refusal.error} (${refusal.problems.join("; ") || "no details"})`;
}

/** Watches a stand-in from now until `stopWatching`, checking it after every test of the file. */
export function watchRefusals(slack: SlackStandIn): RefusalWatch {
  const watch = new RefusalWatch(slack);
  running.add(watch);
  return watch;
}

/** A last check when the stand-in closes; the stand-in is not checked again after it. */
export function stopWatching(watch: RefusalWatch): void {
  running.delete(watch);
  watch.check();
}

/** After each test: every running watch, all problems in one error. */
export function checkRunningWatches(): void {
  const problems = [...running].flatMap((watch) => {
    try {
      watch.check();
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  });
  if (problems.length > 0) throw new Error(problems.join("\n"));
}
