'use strict';
// Waiting for state, not for time.
//   await until(async () => (await sim.control.subscriptions()).length === 1, 15000, 'the subscription')
//   await wait(300)   // only to see that something does NOT happen
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` every `everyMs` until it returns something truthy and resolves with that value;
 * rejects with "<what>: not met within <ms> ms" when `ms` have passed.
 */
async function until(check, ms = 8000, what = 'condition', everyMs = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what}: not met within ${ms} ms`);
    await wait(everyMs);
  }
}

module.exports = { wait, until };
