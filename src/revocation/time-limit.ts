/**
 * Settles as `pending` does, or, once `ms` have passed without an outcome, with what
 * `onTimeout` returns (or throws). The timer is cleared as soon as `pending` settles, and
 * alone never keeps a process alive that has nothing else to do. `pending` keeps running
 * past the limit; its late outcome is ignored, never reported as unhandled.
 *
 * @example
 * const ready = await withinTime(connected, 2000, () => false);
 */
export function withinTime<T>(pending: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, ms);
    // Node's timers have unref(); Deno's and workerd's are numbers.
    timer.unref?.();
    pending.then(
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
