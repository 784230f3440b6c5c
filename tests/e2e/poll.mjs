// Waiting in the tests: read something until it is what we expect, or fail saying what we
// waited for and what we last saw. Polled from node, never eval'd in the page (strict CSP).

/** Calls `read()` until `ok(value)` holds and returns that value. */
export async function pollUntil(read, ok, what, { timeout = 5000, every = 50 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
