// The JSON Schema of a cluster description, built from the catalogs so that its enums are the
// names a description may use. catalog/cluster.schema.json is this, written by
// scripts/catalog-docs.mjs and kept equal by a test; editors offer completion from that file, and
// the validator checks descriptions against the same object. Pure.

import type { LoadedCatalog } from '../catalog/types';
import { ALIASES, VERSION_PATTERN, namesFor, versionNames, type ClusterField } from './vocabulary';

export const CLUSTER_FIELDS = ['distribution', 'cni', 'addons', 'versions', 'detect'] as const;

const FIELD_DESCRIPTIONS: Record<(typeof CLUSTER_FIELDS)[number], string> = {
  distribution: "The Kubernetes distribution: its catalog holds the ports its nodes keep (the kubelet, the API server, etcd, the distribution's own services). Without one, upstream Kubernetes as kubeadm sets it up (`kubernetes`).",
  cni: 'The network plugin. Named here, it is the only one: network plugins found in the workspace are not added.',
  addons: 'Add-ons the cluster runs (a service mesh, a load balancer, a node-local DNS cache). Add-ons found in the workspace are added to these.',
  versions: 'The version of a component, where its ports changed between versions (`"kgateway": "2.0.2"`). Without one, a component is taken at its newest versions, or at the version of the image the workspace runs it with.',
  detect: 'Whether the node agents in the workspace (a calico-node DaemonSet, a MetalLB speaker) add their catalogs. Default: true.',
};

/** The schema object; `$schema` and `title` make it a file an editor can use alone. */
export function clusterSchema(catalogs: readonly LoadedCatalog[]): Record<string, unknown> {
  const byId = new Map(catalogs.map((catalog) => [catalog.platform, catalog]));
  const describe = (name: string, field: ClusterField): string => ALIASES[field][name]?.description ?? `${byId.get(name)?.title ?? name}.`;
  const names = (field: ClusterField) => {
    const list = namesFor(field, catalogs);
    return { type: 'string', enum: list, enumDescriptions: list.map((name) => describe(name, field)) };
  };
  const version = { type: 'string', pattern: VERSION_PATTERN, patternErrorMessage: 'A version: 2.0.2, v1.16 or 0.14' };
  const versionKeys = versionNames(catalogs);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Portolan cluster description',
    description: 'The cluster your manifests are deployed to, for Portolan: its distribution, network plugin, add-ons and their versions decide which reserved ports count. Put it in .portolan.json or .portolan.yaml at the root of the workspace, or in the portolan.cluster setting.',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      distribution: { ...names('distribution'), description: FIELD_DESCRIPTIONS.distribution },
      cni: { ...names('cni'), description: FIELD_DESCRIPTIONS.cni },
      addons: { type: 'array', items: names('addons'), uniqueItems: true, description: FIELD_DESCRIPTIONS.addons },
      versions: {
        type: 'object',
        properties: Object.fromEntries(versionKeys.map((name) => [name, { ...version, description: `The version of ${byId.get(name)?.title ?? name} the cluster runs.` }])),
        additionalProperties: false,
        description: FIELD_DESCRIPTIONS.versions,
      },
      detect: { type: 'boolean', default: true, description: FIELD_DESCRIPTIONS.detect },
    },
    additionalProperties: false,
  };
}
