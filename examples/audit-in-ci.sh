#!/usr/bin/env bash
# A CI gate: audit every SandboxTemplate, NetworkPolicy, Sandbox, claim, warm pool and Pod under a
# directory (recursively) and fail the build when what a sandbox can reach is rated high or worse
# (cloud metadata, private ranges, ...), or when a manifest or a suppression is invalid. Writes
# SARIF for GitHub code scanning too.
#
#   bash examples/audit-in-ci.sh [DIR]     (default: examples/)
#
# Which controller renders the policy of a Managed template matters, so the gate says:
#   CONTROLLER=stock (default)  the agent-sandbox Go controller: the upstream policy, no options.
#                               This is what runs on a cluster with the stock controller.
#   CONTROLLER=embedded         a controller built on agent-sandbox-policy; PROFILE (default
#                               hardened) is the profile it renders with. Only for such a controller:
#                               the stock one ignores profiles, so this would pass policies it does not run.
#
# Exit codes: 0 pass, 1 a finding at or above high on a sandbox (or an invalid object), 2 unreadable input.
# Against a live cluster instead (the policies the controller really created are in the input):
#   kubectl get sandboxtemplates,networkpolicies,namespaces -A -o yaml | npx agent-sandbox-policy audit -
set -euo pipefail
dir="${1:-$(dirname "$0")}"
cli="npx --no-install agent-sandbox-policy"
controller="${CONTROLLER:-stock}"
flags=(--controller "$controller")
if [ "$controller" = embedded ]; then flags+=(--profile "${PROFILE:-hardened}"); fi
status=0
$cli audit "$dir" "${flags[@]}" -o sarif > "${SARIF_OUT:-/dev/null}" || true
$cli audit "$dir" "${flags[@]}" || status=$?
exit "$status"
