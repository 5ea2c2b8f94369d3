/**
 * A mutating admission webhook's decision for a sandbox Pod: the controller's secure defaults as
 * a JSON Patch in an AdmissionReview response. Pure: serving it over HTTPS is up to you.
 *
 *   npx tsx examples/admission-webhook.ts   # prints the response for a sample review
 */
import { parseSandboxTemplate, secureDefaultsPatch, type SandboxTemplate } from 'agent-sandbox-policy';

/** The parts of an `admission.k8s.io/v1` AdmissionReview this webhook reads. */
export interface AdmissionReview {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  request: { uid: string; object: { kind?: string; spec?: Record<string, unknown> } };
}

/** The AdmissionReview response: allowed, with a base64 JSONPatch when something changes. */
export function admissionResponse(review: AdmissionReview, template: SandboxTemplate) {
  const pod = review.request.object;
  // The patch applies to the whole Pod, whose pod spec sits under /spec.
  const ops = secureDefaultsPatch(template, (pod.spec ?? {}) as never, { at: ['spec'] });
  const response: Record<string, unknown> = { uid: review.request.uid, allowed: true };
  if (ops.length > 0) {
    response.patchType = 'JSONPatch';
    response.patch = Buffer.from(JSON.stringify(ops)).toString('base64');
  }
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const template = parseSandboxTemplate({
    apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
    kind: 'SandboxTemplate',
    metadata: { name: 'python-agent', namespace: 'agents' },
    spec: {},
  });
  const review: AdmissionReview = {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', object: { kind: 'Pod', spec: { containers: [{ name: 'agent', image: 'python:3.12' }] } } },
  };
  console.log(JSON.stringify(admissionResponse(review, template), null, 2));
}
