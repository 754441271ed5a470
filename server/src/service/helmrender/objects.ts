// The built-in objects Helm hands every template besides .Values, as `helm template` (v4.1)
// builds them: .Release (a map; Revision a Go int), .Capabilities (a struct: KubeVersion with
// Version/Major/Minor and GitVersion(), APIVersions with Has(), HelmVersion's BuildInfo) and
// .Template (a map). The defaults are those of helm v4.1.4 without a cluster: Kubernetes v1.35.0
// and its client's built-in API versions.

import { GoStruct, type GoCallable, type GoMap, type Value } from '../gotemplate/index';

export interface ReleaseOptions {
  name: string;
  namespace: string;
  /** `helm template` installs: IsInstall true, IsUpgrade false, Revision 1. */
  isUpgrade?: boolean;
  revision?: number;
}

export function releaseObject(o: ReleaseOptions): GoMap {
  const upgrade = o.isUpgrade ?? false;
  return new Map<string, Value>([
    ['IsInstall', !upgrade],
    ['IsUpgrade', upgrade],
    ['Name', o.name],
    ['Namespace', o.namespace],
    ['Revision', BigInt(o.revision ?? 1)],
    ['Service', 'Helm'],
  ]);
}

export interface CapabilitiesOptions {
  /** `--kube-version`: v1.35.0 by default. */
  kubeVersion?: string;
  /** `--api-versions`, added to the defaults. */
  apiVersions?: readonly string[];
}

/** The API versions helm v4.1.4 knows without a cluster (chartutil's DefaultVersionSet), in its order. */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1', 'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'authentication.k8s.io/v1', 'authentication.k8s.io/v1alpha1', 'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1', 'autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta1', 'autoscaling/v2beta2',
  'batch/v1', 'batch/v1beta1', 'certificates.k8s.io/v1', 'certificates.k8s.io/v1beta1', 'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1', 'events.k8s.io/v1', 'events.k8s.io/v1beta1',
  'extensions/v1beta1', 'flowcontrol.apiserver.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3', 'networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'node.k8s.io/v1', 'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1',
  'policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1', 'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1alpha3', 'scheduling.k8s.io/v1alpha1', 'scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1', 'storage.k8s.io/v1', 'storage.k8s.io/v1alpha1', 'storagemigration.k8s.io/v1beta1', 'apiextensions.k8s.io/v1beta1', 'apiextensions.k8s.io/v1',
];

export const HELM_VERSION = { Version: 'v4.1.4', GitCommit: '05fa37973dc9e42b76e1d2883494c87174b6074f', GitTreeState: 'clean', GoVersion: 'go1.25.9', KubeClientVersion: 'v1.35' };

const method = (arity: number, call: (args: Value[]) => Value): GoCallable => ({ arity, call });

export function capabilitiesObject(o: CapabilitiesOptions = {}): GoStruct {
  const version = normaliseKubeVersion(o.kubeVersion ?? 'v1.35.0');
  const [major, minor] = version.slice(1).split('.');
  const kube = new GoStruct(
    'common.KubeVersion',
    new Map<string, Value>([['Version', version], ['Major', major ?? ''], ['Minor', minor ?? '']]),
    new Map([['String', method(0, () => version)], ['GitVersion', method(0, () => version)]]),
  );
  const list = [...DEFAULT_API_VERSIONS, ...(o.apiVersions ?? [])];
  const apiVersions = new GoStruct('common.VersionSet', new Map(), new Map([['Has', method(1, ([v]) => list.includes(String(v)))]]), [...list]);
  const helm = new GoStruct('version.BuildInfo', new Map<string, Value>(Object.entries(HELM_VERSION)));
  return new GoStruct('*common.Capabilities', new Map<string, Value>([['KubeVersion', kube], ['APIVersions', apiVersions], ['HelmVersion', helm]]));
}

/** `--kube-version 1.30` is v1.30.0, as Helm's ParseKubeVersion normalises it. */
function normaliseKubeVersion(v: string): string {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(v.trim());
  return m ? `v${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}${m[4] ?? ''}` : v;
}

export function templateObject(name: string, basePath: string): GoMap {
  return new Map<string, Value>([['BasePath', basePath], ['Name', name]]);
}
