// The network-policy-api conformance tests whose policies use `nodes` peers (egress to
// host-network pods, matched through Node objects), ported as data like network-policy-api.test.ts.
import { describeSuite, loadSuite } from './harness.js';

describeSuite('network-policy-api ClusterNetworkPolicy v1alpha2, nodes peers', loadSuite('network-policy-api-v1alpha2-nodes.json'));
describeSuite('network-policy-api AdminNetworkPolicy/BaselineAdminNetworkPolicy v1alpha1, nodes peers', loadSuite('network-policy-api-v1alpha1-nodes.json'));
describeSuite('kube-network-policies evaluator tables, nodes peers', loadSuite('kube-network-policies-nodes.json'));
