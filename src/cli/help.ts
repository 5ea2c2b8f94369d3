/** Help texts and the version, one per command. */
export const VERSION = '0.1.0';

export const COMMANDS = ['render', 'audit', 'validate', 'explain'] as const;

const INPUT = `Input: FILE, or - (or nothing) for standard input. YAML or JSON; multi-document streams and
'kind: List' (as 'kubectl get -o yaml' prints) are read item by item.`;

const POLICY_FLAGS = `  --profile upstream|hardened   excepted ranges of the default egress rule (default upstream)
  --cluster-cidr CIDR           a pod/service/node range to except too (repeatable)
  --router-namespace NS         namespace of the sandbox router (default agent-sandbox-system)
  --router-label k=v            label of the router pods (repeatable; default app=sandbox-router)
  --nameserver IP               resolver for the DNS override (repeatable, 1-3; default 8.8.8.8, 1.1.1.1)
  --egress-floor none|metadata|private
                                ranges removed from a template's own egress rules (default none)`;

export const HELP: Record<'main' | (typeof COMMANDS)[number], string> = {
  main: `agent-sandbox-policy ${VERSION}: NetworkPolicies for Kubernetes agent-sandbox templates

Usage: agent-sandbox-policy COMMAND [FILE|-] [flags]

Commands:
  render     SandboxTemplates -> the NetworkPolicy the controller creates (YAML for kubectl apply -f -)
  audit      NetworkPolicies or SandboxTemplates -> security findings (CI gate with --fail-on)
  validate   NetworkPolicies or SandboxTemplates -> Kubernetes API validation errors
  explain    NetworkPolicies or SandboxTemplates -> what each policy allows, in plain English

Run 'agent-sandbox-policy COMMAND --help' for a command's flags. --version prints the version.
Exit codes: 0 ok, 1 audit finding at or above --fail-on, 2 bad usage or input.
`,
  render: `Usage: agent-sandbox-policy render [FILE|-] [flags]

Prints, for each SandboxTemplate, the NetworkPolicy the agent-sandbox controller would create.
${INPUT}

Flags:
${POLICY_FLAGS}
  --pod-spec                    also print the pod spec with the secure defaults applied
  --labels                      also print the labels a sandbox pod carries
  --format yaml|json            output format (default yaml)
`,
  audit: `Usage: agent-sandbox-policy audit [FILE|-] [flags]

Audits NetworkPolicies (or the policies SandboxTemplates produce) for reachable private,
metadata and special ranges, open ingress and invalid CIDRs; also reports SandboxTemplates in one
namespace whose names collide under the 32-bit template hash.
${INPUT}

Flags:
${POLICY_FLAGS}
  --fail-on SEVERITY            exit 1 when a finding is at least this severe
                                (error, critical, high, medium, low, info)
  --format text|json            output format (default text)
`,
  validate: `Usage: agent-sandbox-policy validate [FILE|-] [flags]

Validates NetworkPolicies (and SandboxTemplates' spec.networkPolicy) as the Kubernetes API server
does, with its field paths. Exit 1 when any document is invalid.
${INPUT}

Flags:
  --legacy-cidr                 validate CIDRs as Kubernetes before 1.36 (non-canonical forms are warnings)
  --format text|json            output format (default text)
`,
  explain: `Usage: agent-sandbox-policy explain [FILE|-] [flags]

Describes in plain English what each NetworkPolicy (or each SandboxTemplate's policy) allows.
${INPUT}

Flags:
${POLICY_FLAGS}
`,
};
