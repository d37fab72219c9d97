/** Waiting on processes the test does not drive step by step. */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `pending` (what is still to happen, in words, or undefined once nothing is) every `pollMs` until
 * it is done; past `timeoutMs` it fails, saying what did not happen.
 */
export async function waitUntil(
  pending: () => Promise<string | undefined>,
  timeoutMs: number,
  pollMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await pending();
    if (left === undefined) return;
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms: ${left}`);
    await sleep(pollMs);
  }
}
