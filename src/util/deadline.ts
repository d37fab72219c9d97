/** The waiting stopped; the work itself may still be going on. */
export class DeadlineError extends Error {
  override readonly name = "DeadlineError";
}

/**
 * Rejects with DeadlineError when `promise` has not settled within `ms`. Used where Slack or a prober waits
 * a fixed time for an answer; the work itself goes on, only the waiting stops.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
