// SIG Network's network-policy-api conformance suites, ported as data (see docs/conformance.md):
// the v1alpha2 ClusterNetworkPolicy suite (main) and the v1alpha1 AdminNetworkPolicy /
// BaselineAdminNetworkPolicy suite (release-0.1). Expectations are the upstream assertions.
import { describeSuite, loadSuite } from './harness.js';

describeSuite('network-policy-api ClusterNetworkPolicy v1alpha2', loadSuite('network-policy-api-v1alpha2.json'));
describeSuite('network-policy-api AdminNetworkPolicy/BaselineAdminNetworkPolicy v1alpha1', loadSuite('network-policy-api-v1alpha1.json'));
