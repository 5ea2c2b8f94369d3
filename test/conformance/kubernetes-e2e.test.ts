// The Kubernetes e2e NetworkPolicy reachability matrices (test/e2e/network/netpol), ported as
// data (see docs/conformance.md): every ordered pod pair of every probe, with the asserted outcome.
import { describeSuite, loadSuite } from './harness.js';

describeSuite('Kubernetes e2e NetworkPolicy reachability', loadSuite('kubernetes-e2e.json'));
describeSuite('Kubernetes e2e NetworkPolicy reachability, whole 3x3 model', loadSuite('kubernetes-e2e-full-model.json'));
