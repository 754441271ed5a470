// The catalogs that ship with Portolan, bundled from catalog/*.json. They are not validated here:
// test/catalog/schema.test.ts validates every file, so a cast is all the typing they need.

import kgateway from '../../../../catalog/kgateway.json';
import konvoy from '../../../../catalog/konvoy.json';
import canonicalKubernetes from '../../../../catalog/canonical-kubernetes.json';
import kubernetes from '../../../../catalog/kubernetes.json';
import k3s from '../../../../catalog/k3s.json';
import rke2 from '../../../../catalog/rke2.json';
import openshift from '../../../../catalog/openshift.json';
import gke from '../../../../catalog/gke.json';
import aks from '../../../../catalog/aks.json';
import calico from '../../../../catalog/calico.json';
import cilium from '../../../../catalog/cilium.json';
import flannel from '../../../../catalog/flannel.json';
import kubeRouter from '../../../../catalog/kube-router.json';
import awsVpcCni from '../../../../catalog/aws-vpc-cni.json';
import canal from '../../../../catalog/canal.json';
import istio from '../../../../catalog/istio.json';
import istioCni from '../../../../catalog/istio-cni.json';
import linkerd from '../../../../catalog/linkerd.json';
import metallb from '../../../../catalog/metallb.json';
import kubeVip from '../../../../catalog/kube-vip.json';
import nodelocaldns from '../../../../catalog/nodelocaldns.json';
import eksPodIdentityAgent from '../../../../catalog/eks-pod-identity-agent.json';
import dcgmExporter from '../../../../catalog/dcgm-exporter.json';
import longhorn from '../../../../catalog/longhorn.json';
import { loadedCatalog, type CatalogFile, type LoadedCatalog } from './types';

function builtin(json: unknown, fileName: string): LoadedCatalog {
  return loadedCatalog(json as CatalogFile, fileName);
}

/**
 * Every built-in catalog, any of which a selection can name by its platform id: the three first
 * platforms, then distributions, network plugins and add-ons.
 */
export const BUILTIN_CATALOGS: readonly LoadedCatalog[] = [
  builtin(kgateway, 'catalog/kgateway.json'),
  builtin(konvoy, 'catalog/konvoy.json'),
  builtin(canonicalKubernetes, 'catalog/canonical-kubernetes.json'),
  builtin(kubernetes, 'catalog/kubernetes.json'),
  builtin(k3s, 'catalog/k3s.json'),
  builtin(rke2, 'catalog/rke2.json'),
  builtin(openshift, 'catalog/openshift.json'),
  builtin(gke, 'catalog/gke.json'),
  builtin(aks, 'catalog/aks.json'),
  builtin(calico, 'catalog/calico.json'),
  builtin(cilium, 'catalog/cilium.json'),
  builtin(flannel, 'catalog/flannel.json'),
  builtin(kubeRouter, 'catalog/kube-router.json'),
  builtin(awsVpcCni, 'catalog/aws-vpc-cni.json'),
  builtin(canal, 'catalog/canal.json'),
  builtin(istio, 'catalog/istio.json'),
  builtin(istioCni, 'catalog/istio-cni.json'),
  builtin(linkerd, 'catalog/linkerd.json'),
  builtin(metallb, 'catalog/metallb.json'),
  builtin(kubeVip, 'catalog/kube-vip.json'),
  builtin(nodelocaldns, 'catalog/nodelocaldns.json'),
  builtin(eksPodIdentityAgent, 'catalog/eks-pod-identity-agent.json'),
  builtin(dcgmExporter, 'catalog/dcgm-exporter.json'),
  builtin(longhorn, 'catalog/longhorn.json'),
];

/**
 * The platforms selected when the settings name none: upstream Kubernetes core. The cluster a
 * check assumes adds what its description names and what the workspace's node agents show
 * (cluster/compose.ts); `portolan.platforms` and `--platform` name further catalogs.
 */
export const BUILTIN_PLATFORMS: readonly string[] = ['kubernetes'];

/** Platform ids of every built-in catalog, in the order above: what a selection may name. */
export const SELECTABLE_PLATFORMS: readonly string[] = BUILTIN_CATALOGS.map((catalog) => catalog.platform);
