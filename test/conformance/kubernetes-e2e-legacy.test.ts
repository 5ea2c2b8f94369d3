// The Kubernetes e2e legacy NetworkPolicy tests (test/e2e/network/netpol/network_legacy.go),
// ported as data (see docs/conformance.md): every connectivity probe with its asserted outcome.
import { describeSuite, loadSuite } from './harness.js';

describeSuite('Kubernetes e2e legacy NetworkPolicy probes', loadSuite('kubernetes-e2e-legacy.json'));
