import { windowEnd, type CounterStore, type Hit } from './counter-store.js';

interface Counter extends Hit {
  windowMs: number;
}

/**
 * Counters in one Map, bounded: a counter whose window is over is moved to the end when it
 * starts again, and when the Map is full the first one (the least recently restarted, most
 * likely over) is dropped. So memory stays flat however many keys are seen; a dropped
 * counter that was still live starts again from zero (it can only let a request through).
 */
export function createMemoryCounters(maxCounters = 50_000): CounterStore {
  const counters = new Map<string, Counter>();
  return {
    hit(key, windowMs, now) {
      const counter = counters.get(key);
      if (
        counter !== undefined &&
        now < counter.resetAt &&
        now >= counter.resetAt - windowMs &&
        counter.windowMs === windowMs
      ) {
        counter.count += 1;
        return counter;
      }
      if (counter !== undefined) counters.delete(key);
      else if (counters.size >= maxCounters) {
        const oldest = counters.keys().next();
        if (!oldest.done) counters.delete(oldest.value);
      }
      const fresh = { count: 1, resetAt: windowEnd(windowMs, now), windowMs };
      counters.set(key, fresh);
      return fresh;
    },
    ready: () => Promise.resolve(),
    close: async () => counters.clear(),
  };
}
