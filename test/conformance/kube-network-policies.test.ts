// kube-network-policies' packet-level unit tables (NetworkPolicy, AdminNetworkPolicy,
// BaselineAdminNetworkPolicy and ClusterNetworkPolicy evaluators), ported as data (see
// docs/conformance.md). Expectations are the upstream table entries' verdicts.
import { describeSuite, loadSuite } from './harness.js';

describeSuite('kube-network-policies evaluator tables', loadSuite('kube-network-policies.json'));
