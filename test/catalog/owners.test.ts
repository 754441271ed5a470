// A component is recognised by its image whatever registry, tag or organisation publishes it.

import { describe, expect, it } from 'vitest';
import { imageMatches } from '../../server/src/service/catalog/owners';

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
