#!/usr/bin/env bash
# The whole test suite: makes sure the services the integration tests need are there, then runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
# Tests that start bin/raqib.js run dist/ when it exists: rebuild it so they never run stale code.
if [ -d dist ]; then npm run build --silent; fi
exec npx vitest run "$@"
