#!/usr/bin/env bash
# Mutation testing on the files the last commit changed (or since BASE), among those
# stryker.config.mjs mutates. CI runs this rather than `npm run mutation`: the full run, from a
# fresh clone with no incremental report, takes over an hour on two shared cores.
# Usage: scripts/ci/mutation-changed.sh [BASE]   (default HEAD~1)
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-HEAD~1}
if ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
  echo "mutation: no $base to compare with (shallow clone?), nothing mutated"
  exit 0
fi
files=$(git diff --name-only --diff-filter=AMR "$base" HEAD -- \
  'libs/domain/src/*.ts' 'libs/protocol/src/*.ts' \
  apps/api/src/access/access.service.ts apps/api/src/members/member-directory.ts |
  grep -vE '\.spec\.ts$|/fixtures/|/test-fixtures\.ts$|/index\.ts$' || true)
if [ -z "$files" ]; then
  echo "mutation: no mutated file changed since $base"
  exit 0
fi
echo "mutation: $(echo "$files" | wc -l) file(s) changed since $base:"
echo "$files" | sed 's/^/  /'
# Bounded, so a commit touching many files cannot hold CI (MUTATION_MINUTES, default 20): past it
# the run stops and says so, without failing the build.
status=0
timeout --signal=INT "$(( ${MUTATION_MINUTES:-20} * 60 ))" \
  npm run mutation -- --mutate "$(echo "$files" | paste -sd, -)" --incrementalFile reports/stryker-changed.json --force || status=$?
if [ "$status" -eq 124 ]; then
  echo "mutation: stopped after ${MUTATION_MINUTES:-20} min; run npm run mutation locally for the full report"
  exit 0
fi
exit "$status"
