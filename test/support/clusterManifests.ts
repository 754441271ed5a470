// Manifests the cluster's tests share: a node agent that shows Calico runs, and a host-network
// exporter whose ports meet the ports of the cluster's components.

/** A calico-node DaemonSet: Calico runs on every node. */
export const CALICO_NODE = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: calico-node
  template:
    metadata:
      labels:
        k8s-app: calico-node
    spec:
      hostNetwork: true
      containers:
        - name: calico-node
          image: quay.io/calico/node:v3.28.0
`;

/** A host-network exporter on these ports (BGP's 179 first). */
export function exporterOn(ports: readonly number[]): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: bgp-exporter
spec:
  selector:
    matchLabels:
      app: bgp-exporter
  template:
    metadata:
      labels:
        app: bgp-exporter
    spec:
      hostNetwork: true
      containers:
        - name: exporter
          image: example.com/exporter:1.0
          ports:
${ports.map((port) => `            - containerPort: ${port}\n`).join('')}`;
}
