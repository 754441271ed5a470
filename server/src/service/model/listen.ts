// Where a container says it listens: the address arguments of well-known programs, in
// `--flag=HOST:PORT` or `--flag HOST:PORT` form. A host-network pod's containerPort is bound
// where its program listens, which is every address unless an argument says otherwise; a
// daemon on the node's loopback and a pod on the node's own address (or the reverse) do not
// collide (the bind semantics in catalog/schema.json's `interface`).
//
// The flags, each with the programs that read it (their values are HOST:PORT):
//   --web.listen-address              Prometheus and its exporters (node_exporter and the others
//                                     built on exporter-toolkit)
//   --metrics-bind-address,
//   --health-probe-bind-address       controller-runtime managers (kubebuilder's scaffold), kube-proxy
//   --healthz-bind-address            kube-proxy
//   --metrics-addr                    older kubebuilder scaffolds
//   --secure-listen-address           kube-rbac-proxy
// A value's host may be an environment variable the kubelet expands (`$(HOST_IP):9100`, from
// status.hostIP or, on the host network, status.podIP): the node's own address.

import type { BindInterface } from '../catalog/types';

const LISTEN_FLAGS: ReadonlySet<string> = new Set(['web.listen-address', 'metrics-bind-address', 'health-probe-bind-address', 'healthz-bind-address', 'metrics-addr', 'secure-listen-address']);

/** An address a container's program listens on, for one port. */
export interface ListenAddress {
  port: number;
  interface: BindInterface;
  /** A specific address other than loopback (an IP written out), when there is one. */
  address?: string;
}

/** The listen addresses a container's command and args name, port by port. */
export function listenAddresses(words: readonly string[]): ListenAddress[] {
  const found: ListenAddress[] = [];
  for (let i = 0; i < words.length; i++) {
    const match = /^--?([A-Za-z0-9.-]+)(?:=(.*))?$/.exec(words[i]!);
    if (!match || !LISTEN_FLAGS.has(match[1]!)) continue;
    const value = match[2] ?? words[i + 1];
    const listen = value === undefined ? undefined : parseHostPort(value);
    if (listen) found.push(listen);
  }
  return found;
}

/** `127.0.0.1:9100`, `[::1]:9100`, `:9100`, `0.0.0.0:9100`, `$(HOST_IP):9100`, `10.0.0.5:9100`. */
function parseHostPort(value: string): ListenAddress | undefined {
  const match = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(value.trim());
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  const host = match[1]!.replace(/^\[|\]$/g, '');
  if (host === '' || host === '0.0.0.0' || host === '::') return { port, interface: 'all' };
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return { port, interface: 'localhost' };
  // An expanded variable (the node's address on the host network) or an address written out.
  if (/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(host)) return { port, interface: 'default' };
  if (/^[0-9.]+$/.test(host) || host.includes(':')) return { port, interface: 'default', address: host };
  // A host name: where it resolves is not known here.
  return undefined;
}
