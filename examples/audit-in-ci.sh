#!/usr/bin/env bash
# A CI gate: render every SandboxTemplate in a directory and fail the build when the policy it
# produces lets a sandbox reach anything rated high or worse (metadata, private ranges, ...).
#
#   bash examples/audit-in-ci.sh [DIR]     (default: examples/)
#
# Against a live cluster instead:
#   kubectl get sandboxtemplates -A -o yaml | npx agent-sandbox-policy audit - --profile hardened --fail-on high
set -euo pipefail
dir="${1:-$(dirname "$0")}"
cli="npx --no-install agent-sandbox-policy"
status=0
for file in "$dir"/*.yaml; do
  echo "--- $file"
  $cli audit "$file" --profile hardened --fail-on high || status=$?
done
exit "$status"
