// Which node roles a pod can land on. Control-plane nodes carry the taint
// `node-role.kubernetes.io/control-plane:NoSchedule` (`master` on old clusters), so a pod reaches
// them only if it tolerates that taint or tolerates everything; a nodeSelector or a required node
// affinity on the role pins it there (or keeps it away). What a template hides is taken as absent:
// an unknown toleration never puts a pod where it could be reported.

import type { YNode } from '../parse/node';
import { stringOf } from './fields';
import type { Placement } from './types';

const CONTROL_PLANE_KEYS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
const WORKER_KEYS = ['node-role.kubernetes.io/worker'];

export function placementOf(podSpec: YNode | undefined): Placement {
  const pinned = pinnedRole(podSpec);
  if (pinned === 'control-plane') return { roles: ['control-plane'], reason: 'its node selector keeps it on control-plane nodes' };
  if (pinned === 'worker') return { roles: ['worker'], reason: 'its node selector keeps it off control-plane nodes' };
  const toleration = controlPlaneToleration(podSpec?.get('tolerations'));
  if (toleration) return { roles: ['control-plane', 'worker'], reason: toleration };
  return { roles: ['worker'], reason: 'it does not tolerate the control-plane taint' };
}

function controlPlaneToleration(tolerations: YNode | undefined): string | undefined {
  for (const toleration of tolerations?.items() ?? []) {
    const key = stringOf(toleration.get('key'));
    const operator = stringOf(toleration.get('operator')) ?? 'Equal';
    const effect = stringOf(toleration.get('effect'));
    if (effect !== undefined && effect !== 'NoSchedule' && effect !== 'NoExecute') continue;
    if (key === undefined && operator === 'Exists') return 'it tolerates every taint';
    // The taint has no value, so an Equal toleration matches it only with an empty value.
    const value = stringOf(toleration.get('value')) ?? '';
    if (key !== undefined && CONTROL_PLANE_KEYS.includes(key) && (operator === 'Exists' || value === '')) {
      return 'it tolerates the control-plane taint';
    }
  }
  return undefined;
}

/** The role a nodeSelector or required node affinity restricts the pod to, if any. */
function pinnedRole(podSpec: YNode | undefined): 'control-plane' | 'worker' | undefined {
  const selector = podSpec?.get('nodeSelector');
  for (const [key] of selector?.entries() ?? []) {
    if (CONTROL_PLANE_KEYS.includes(key)) return 'control-plane';
    if (WORKER_KEYS.includes(key)) return 'worker';
  }
  const roleLabel = stringOf(selector?.get('kubernetes.io/role'));
  if (roleLabel === 'master' || roleLabel === 'control-plane') return 'control-plane';
  const terms = podSpec
    ?.get('affinity')
    ?.get('nodeAffinity')
    ?.get('requiredDuringSchedulingIgnoredDuringExecution')
    ?.get('nodeSelectorTerms')
    ?.items();
  if (!terms || terms.length === 0) return undefined;
  // Terms are ORed: the pod is pinned only if every term pins it the same way.
  const pins = terms.map(termRole);
  const first = pins[0];
  return first !== undefined && pins.every((pin) => pin === first) ? first : undefined;
}

function termRole(term: YNode): 'control-plane' | 'worker' | undefined {
  for (const expression of term.get('matchExpressions')?.items() ?? []) {
    const key = stringOf(expression.get('key'));
    const operator = stringOf(expression.get('operator'));
    if (key === undefined) continue;
    if (CONTROL_PLANE_KEYS.includes(key)) {
      if (operator === 'Exists' || operator === 'In') return 'control-plane';
      if (operator === 'DoesNotExist' || operator === 'NotIn') return 'worker';
    }
    if (WORKER_KEYS.includes(key) && (operator === 'Exists' || operator === 'In')) return 'worker';
  }
  return undefined;
}
