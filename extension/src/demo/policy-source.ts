/**
 * The demo bundle's stand-in for shared/policy-source.ts (swapped in by the esbuild plugin in
 * bundle.mjs for imports from content/*): the policy is whatever the demo page chose (the
 * example organisation, a loaded file, or the managed policy), not managed storage, and the
 * page announces its changes here so the content script's controller rebuilds its engine
 * exactly as it does when IT changes the policy.
 */
import type * as Real from '../shared/policy-source';
// anything else content/* may import from the module this one stands in for: the real thing
export * from '../shared/policy-source';

const listeners = new Set<() => void>();
let current: Real.PolicySource = { json: '', source: 'default' };

export const onPolicyChange: typeof Real.onPolicyChange = (onChange) => {
  listeners.add(onChange);
};

export const activePolicy: typeof Real.activePolicy = async () => current;

/** Makes `json` the policy the content script checks with; announces it if it changed. */
export function setDemoPolicy(json: string): void {
  if (json === current.json) return;
  current = { json, source: json ? 'managed' : 'default' };
  announcePolicyChange();
}

export function announcePolicyChange(): void {
  for (const f of listeners) f();
}
