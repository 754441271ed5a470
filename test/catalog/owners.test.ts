// A component is recognised by its image whatever registry, tag or organisation publishes it.

import { describe, expect, it } from 'vitest';
import { containerIsOwner, imageMatches, workloadIsOwner } from '../../server/src/service/catalog/owners';
import type { Container, Workload } from '../../server/src/service/model/types';

describe('imageMatches', () => {
  it.each([
    ['docker.io/calico/node:v3.28.0', 'calico/node'],
    ['quay.io/cilium/cilium:v1.16.1@sha256:0123', 'cilium/cilium'],
    ['ghcr.io/kgateway-dev/envoy-wrapper:2.1', 'envoy-wrapper'],
    ['docker.io/bitnami/cilium:1.16.1-debian-12-r0', 'cilium/cilium'],
    ['docker.io/bitnami/cilium-operator:1.16.1', 'cilium/operator'],
    ['rancher/mirrored-calico-node:v3.28.0', 'calico/node'],
    ['registry.example.com:5000/mirror/cilium/cilium:v1.16', 'cilium/cilium'],
  ])('%s is %s', (image, repository) => {
    expect(imageMatches(image, repository)).toBe(true);
  });

  it.each([
    ['docker.io/bitnami/node:22', 'calico/node'],
    ['example.com/typha-exporter:1.0', 'calico/typha'],
    ['docker.io/library/etcd-backup:1.0', 'etcd'],
    ['registry.example.com:5000/etcd', 'kube-apiserver'],
  ])('%s is not %s', (image, repository) => {
    expect(imageMatches(image, repository)).toBe(false);
  });
});

describe('owners of the new catalogs', () => {
  it.each([
    ['quay.io/metallb/speaker:v0.16.1', 'metallb/speaker'],
    ['registry.k8s.io/dns/k8s-dns-node-cache:1.26.4', 'dns/k8s-dns-node-cache'],
    ['602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.23.0', 'amazon-k8s-cni'],
    ['docker.io/istio/proxyv2:1.30.3', 'istio/proxyv2'],
    ['cr.l5d.io/linkerd/proxy:edge-26.8.1', 'linkerd/proxy'],
    ['rancher/mirrored-flannel-flannel:v0.28.9', 'flannel/flannel'],
    ['ghcr.io/kube-vip/kube-vip:v1.2.0', 'kube-vip/kube-vip'],
  ])('%s is %s', (image, repository) => {
    expect(imageMatches(image, repository)).toBe(true);
  });
});

describe('container names that tell a component\'s containers only inside its own workloads', () => {
  const owners = { names: ['linkerd-destination'], containers: ['destination', 'policy'], labels: [{ 'linkerd.io/control-plane-component': 'destination' }] };
  const container = (name: string, image = 'example.com/app:1'): Container => ({ name, image, kind: 'regular', ports: [] }) as unknown as Container;
  const workload = (name: string, containers: Container[], labels: Record<string, string> = {}): Workload =>
    ({ name, containers, podLabels: { known: labels }, labels: { known: {} } }) as unknown as Workload;

  it('a container named in `containers` is the component\'s own', () => {
    expect(containerIsOwner(owners, container('destination'))).toBe(true);
    expect(containerIsOwner(owners, container('debug'))).toBe(false);
  });

  it('but does not make any workload with such a container the component\'s', () => {
    expect(workloadIsOwner(owners, workload('policy', [container('policy')]))).toBe(false);
    expect(workloadIsOwner(owners, workload('linkerd-destination', [container('policy')]))).toBe(true);
    expect(workloadIsOwner(owners, workload('x', [container('debug')], { 'linkerd.io/control-plane-component': 'destination' }))).toBe(true);
  });
});
