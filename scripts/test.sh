#!/usr/bin/env bash
# The whole test suite: makes sure the services the integration tests need are there, then runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
exec npx vitest run "$@"
