'use strict';
// Requests the simulator holds on the wire (a hang fault) until the test lets them go.
//   const hold = await holdRequests(sim, { method: 'DELETE', path: '^/v1.0/users/' });
//   await hold.reached(1, 'the DELETE');   // …the node sends it; then close, check, and
//   await hold.release();                  // the simulator serves it as usual
const { until } = require('./until');

/** Adds a hang fault for `match` (addFault's method, path, count…) → { id, reached(n, what), release() }. */
async function holdRequests(sim, match) {
  const { id } = await sim.control.addFault({ ...match, hang: true });
  const fault = async () => (await sim.control.faults()).find((f) => f.id === id);
  return {
    id,
    /** Resolves once the fault has taken `n` requests and holds all of them. */
    reached: (n, what = 'the request') =>
      until(
        async () => {
          const f = await fault();
          return f && f.hits === n && f.held === n;
        },
        8000,
        `${what} held by the simulator`,
      ),
    release: () => sim.control.removeFault(id),
  };
}

module.exports = { holdRequests };
