#!/usr/bin/env bash
# A CI gate: audit every SandboxTemplate and NetworkPolicy under a directory (recursively) and fail
# the build when the policy a sandbox gets lets it reach anything rated high or worse (metadata,
# private ranges, ...), or when a manifest is invalid. Writes SARIF for GitHub code scanning too.
#
#   bash examples/audit-in-ci.sh [DIR]     (default: examples/)
#
# Exit codes: 0 pass, 1 a finding at or above high (or an invalid object), 2 unreadable input.
# Against a live cluster instead:
#   kubectl get sandboxtemplates -A -o yaml | npx agent-sandbox-policy audit - --profile hardened --fail-on high
set -euo pipefail
dir="${1:-$(dirname "$0")}"
cli="npx --no-install agent-sandbox-policy"
status=0
$cli audit "$dir" --profile hardened -o sarif > "${SARIF_OUT:-/dev/null}" || true
$cli audit "$dir" --profile hardened --fail-on high || status=$?
exit "$status"
