#!/usr/bin/env bash
# End-to-end tests of the built extension (run scripts/build first): bundles the local test
# pages from the editor libraries on npm, then runs the Chromium and Firefox suites with node's
# test runner, one after the other (one browser each; the machines have 2 cores).
# Env: E2E_BROWSERS="chromium firefox" (default both), E2E_DEBUG=1 prints page console output.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
[ -f dist/chrome/manifest.json ] && [ -f dist/firefox/manifest.json ] || { echo "e2e: run scripts/build first" >&2; exit 2; }
node tests/pages/build.mjs
# the trainer demo as a standalone site (dist/demo-site), for demo.test.mjs
scripts/build-demo
# the demo's scenario library against the engine in node (no browser)
files=(tests/e2e/demo-scenarios.test.mjs)
for b in ${E2E_BROWSERS:-chromium firefox}; do files+=("tests/e2e/$b.test.mjs" "tests/e2e/hostile-$b.test.mjs"); done
# the extension's own pages (options, popup): Chromium only
case " ${E2E_BROWSERS:-chromium firefox} " in *" chromium "*) files+=(tests/e2e/options.test.mjs tests/e2e/popup.test.mjs) ;; esac
# a post sent right after the browser starts (fresh browsers): Chromium only
case " ${E2E_BROWSERS:-chromium firefox} " in *" chromium "*) files+=(tests/e2e/cold-start.test.mjs) ;; esac
# the trainer demo (in the extension and as the standalone site): Chromium only
case " ${E2E_BROWSERS:-chromium firefox} " in *" chromium "*) files+=(tests/e2e/demo.test.mjs) ;; esac
# managed policy (IT's policy files, written for real; Chromium's need root): each browser
for b in ${E2E_BROWSERS:-chromium firefox}; do files+=("tests/e2e/managed-$b.test.mjs"); done
exec node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
