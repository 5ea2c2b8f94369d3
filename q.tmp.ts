import { auditCluster } from './src/index.js';
import { clusterObjects } from './bench/workloads.js';
for (const n of [100]) {
  const objs = clusterObjects(n);
  const t0 = performance.now();
  const r = auditCluster(objs);
  const t = performance.now() - t0;
  console.log(n, r.targets.length, (t).toFixed(0), 'ms', (t * 1000 / r.targets.length).toFixed(0), 'µs/target', r.findings.filter(f=>f.severity==='error').length, r.counts);
}
