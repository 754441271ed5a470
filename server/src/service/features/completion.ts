// Completion at a port value: what fits the field under the cursor. Catalog and well-known
// ports for container ports; for ports bound on the node, those reserved where the pod lands
// (for the port's protocol) are marked and sorted last, and so are the ports a gateway proxy keeps
// for itself under a listener; declared names and numbers for targetPorts and probes; free
// nodePorts; a Service's ports for backends. Accepting an item never leaves `key:80`, which YAML
// reads as one string.

import { describeReservation, type Reservation } from '../catalog/catalog';
import type { Protocol } from '../catalog/types';
import { selectedWorkloads, servicesNamed } from '../model/links';
import { describeRoles, hostBindings, knownProtocol, portName, portNumber, rolesOverlap, reservationsMet } from '../model/ports';
import type { PortSite } from '../model/sites';
import type { Container, ContainerPortDecl, Gateway, Listener, Workload } from '../model/types';
import { listenerProtocol, proxyLandings, proxyPort } from '../rules/componentPods';
import type { Span } from '../types';
import type { WorkspaceView } from '../workspace';
import { siteOfUse, usesOfKeyAt } from './values';
import { WELL_KNOWN_PORTS, wellKnownName } from './wellKnownPorts';

export interface CompletionItem {
  label: string;
  /** `value`: a port number; `reference`: a declared name. */
  kind: 'value' | 'reference';
  /** A few words in the list itself, after the label: what the port is (`kubelet`, `DNS (UDP)`, `free`) or a ⚠ mark. */
  description?: string;
  /** One line beside the label: the component and platform, or where the port is declared. */
  detail: string;
  /** Markdown. */
  documentation?: string;
  sortText: string;
  insertText: string;
  /** The range the item replaces: the partial value before the cursor. */
  replace: Span;
}

export interface CompletionList {
  items: CompletionItem[];
}

const PORT_KEYS = new Set(['containerPort', 'hostPort', 'port', 'targetPort', 'nodePort', 'number', 'name']);
/** Indent and dash, key, the space after the colon, an opening quote, the value typed so far. */
const VALUE_BEFORE_CURSOR = /^(\s*(?:-\s+)?)([\w.-]+)\s*:(\s*)(["']?)([A-Za-z0-9-]*)$/;

export function completeAt(view: WorkspaceView, uri: string, offset: number): CompletionList | undefined {
  const text = view.file(uri)?.text;
  if (text === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const match = VALUE_BEFORE_CURSOR.exec(text.slice(lineStart, offset));
  if (!match) return undefined;
  const replace = { start: offset - match[5]!.length, end: offset };
  const list = listAt(view, uri, offset, lineStart, match, replace);
  // The list pops up as `:` is typed; `containerPort:80` would be one string to YAML, so an item
  // accepted with no space after the colon brings its own.
  if (!list || match[3] !== '' || match[4] !== '') return list;
  return { items: list.items.map((item) => ({ ...item, insertText: ` ${item.insertText}` })) };
}

function listAt(view: WorkspaceView, uri: string, offset: number, lineStart: number, match: RegExpExecArray, replace: Span): CompletionList | undefined {
  if (!PORT_KEYS.has(match[2]!)) return valuesKeyCompletion(view, uri, offset, replace);
  const keyStart = lineStart + match[1]!.length;
  const site = view.sites(uri).find((s) => s.field.keySpan?.start === keyStart && s.field.key === match[2]);
  if (!site) {
    // A values key named like a port field feeds one; else half-typed YAML may not parse around
    // the cursor, and the key alone says what fits.
    const fromValues = valuesKeyCompletion(view, uri, offset, replace);
    if (fromValues) return fromValues;
  }
  const items = site ? itemsFor(view, site, replace) : itemsForKey(view, match[2]!, replace);
  return items.length > 0 ? { items } : undefined;
}

function itemsFor(view: WorkspaceView, site: PortSite, replace: Span): CompletionItem[] {
  switch (site.kind) {
    case 'container-port':
      return site.workload.hostNetwork ? markNodePorts(view, site.workload, site.decl, podPortChoices(view, replace)) : podPortChoices(view, replace);
    case 'host-port': {
      const own = portNumber(site.decl.containerPort);
      const same: CompletionItem[] =
        own === undefined ? [] : [{ label: String(own), kind: 'value', description: 'the containerPort', detail: 'the containerPort', sortText: '0', insertText: String(own), replace }];
      return markNodePorts(view, site.workload, site.decl, dedupe([...same, ...podPortChoices(view, replace)]));
    }
    case 'target-port': {
      const workloads = selectedWorkloads(site.service, allWorkloads(view));
      return declaredChoices(workloads.flatMap((w) => w.containers.map((c) => [w, c] as const)), replace);
    }
    case 'probe-port':
      return declaredChoices([[site.workload, site.container]], replace, site.probe.handler === 'grpc');
    case 'service-port-name': {
      const workloads = selectedWorkloads(site.service, allWorkloads(view));
      return declaredChoices(workloads.flatMap((w) => w.containers.map((c) => [w, c] as const)), replace).filter((item) => item.kind === 'reference');
    }
    case 'container-port-name':
      return containerPortNames(portNumber(site.decl.containerPort), replace);
    case 'node-port':
      return freeNodePorts(view, portNumber(site.field), replace);
    case 'backend-port':
      return servicesNamed(site.ref, allServices(view)).flatMap((service) =>
        service.ports.flatMap((decl): CompletionItem[] => {
          const value = site.field.key === 'name' ? portName(decl.name) : portNumber(decl.port);
          if (value === undefined) return [];
          const name = `Service ${service.name ?? '?'}`;
          return [{ label: String(value), kind: site.field.key === 'name' ? 'reference' : 'value', description: name, detail: `port of ${name}`, sortText: `0${value}`, insertText: String(value), replace }];
        }),
      );
    case 'listener-port':
      return markProxyPorts(view, site.gateway, site.listener, podPortChoices(view, replace));
    case 'service-port':
    case 'network-policy-port':
      return podPortChoices(view, replace);
  }
}

/** In a values file, a key that feeds port fields completes as those fields do. */
function valuesKeyCompletion(view: WorkspaceView, uri: string, offset: number, replace: Span): CompletionList | undefined {
  for (const { uri: template, use } of usesOfKeyAt(view, uri, offset)) {
    const site = siteOfUse(view, template, use);
    const items = site ? itemsFor(view, site, replace) : [];
    if (items.length > 0) return { items };
  }
  return undefined;
}

function itemsForKey(view: WorkspaceView, key: string, replace: Span): CompletionItem[] {
  if (key === 'containerPort' || key === 'hostPort') return podPortChoices(view, replace);
  if (key === 'nodePort') return freeNodePorts(view, undefined, replace);
  return [];
}

function allWorkloads(view: WorkspaceView): Workload[] {
  return view.models().flatMap((m) => m.workloads);
}

function allServices(view: WorkspaceView) {
  return view.models().flatMap((m) => m.services);
}

function pad(port: number): string {
  return String(port).padStart(5, '0');
}

/** ` (UDP)` after what is not TCP. */
function notTcp(protocols: Iterable<Protocol>, before = ' (', after = ')'): string {
  const others = [...new Set(protocols)];
  return others.length === 0 || (others.length === 1 && others[0] === 'TCP') ? '' : `${before}${others.join(' and ')}${after}`;
}

/** Well-known ports first, then the catalog's, each labelled with what it is. */
function podPortChoices(view: WorkspaceView, replace: Span): CompletionItem[] {
  const wellKnown = WELL_KNOWN_PORTS.map(
    (p): CompletionItem => ({
      label: String(p.port),
      kind: 'value',
      description: `${p.short ?? p.description}${notTcp([p.protocol])}`,
      detail: `${p.description} (${p.name}, ${p.protocol})`,
      sortText: `1${pad(p.port)}`,
      insertText: String(p.port),
      replace,
    }),
  );
  const catalog = view.catalog.portEntries().map((reservation): CompletionItem => {
    const { entry, catalog: platform } = reservation;
    return {
      label: String(entry.port),
      kind: 'value',
      description: `${entry.component}${notTcp([entry.protocol])}`,
      detail: `${entry.component} (${platform.title})`,
      documentation: `**${entry.port}/${entry.protocol}**: ${entry.usage}\n\n${entry.component} on ${platform.title}, from \`${entry.source}\`.`,
      sortText: `2${pad(entry.port!)}`,
      insertText: String(entry.port),
      replace,
    };
  });
  return dedupe([...wellKnown, ...catalog]);
}

/** What the well-known list and the catalogs say each port number is used with. */
function offeredProtocols(view: WorkspaceView): Map<number, Set<Protocol>> {
  const offered = new Map<number, Set<Protocol>>();
  const add = (port: number, protocol: Protocol) => offered.set(port, (offered.get(port) ?? new Set()).add(protocol));
  for (const p of WELL_KNOWN_PORTS) add(p.port, p.protocol);
  for (const { entry } of view.catalog.portEntries()) add(entry.port!, entry.protocol);
  return offered;
}

/**
 * For a port bound on the node by this declaration: what is reserved where the pod lands, or bound
 * there by another pod, is marked and sorted last. A declaration that names its protocol binds
 * that one; one that names none is checked for what each port is used with (DNS 53 for UDP, as
 * the user will add `protocol: UDP`), and its own containerPort for the TCP it declares.
 */
function markNodePorts(view: WorkspaceView, workload: Workload, decl: ContainerPortDecl, items: CompletionItem[]): CompletionItem[] {
  const declared = decl.protocolSpan !== undefined ? knownProtocol(decl.protocol) : undefined;
  const own = portNumber(decl.containerPort);
  const offered = offeredProtocols(view);
  const protocolsOf = (port: number): Protocol[] => {
    if (declared) return [declared];
    const protocols = new Set(offered.get(port));
    const effective = knownProtocol(decl.protocol);
    if (port === own && effective) protocols.add(effective);
    return protocols.size > 0 ? [...protocols] : ['TCP'];
  };
  const bound = new Map<string, string>();
  for (const other of allWorkloads(view)) {
    if (other === workload || !rolesOverlap(other.placement.roles, workload.placement.roles)) continue;
    for (const binding of hostBindings(other)) bound.set(`${binding.port}/${binding.protocol}`, `${other.kind} ${other.name ?? '?'}`);
  }
  const roles = describeRoles(workload.placement.roles);
  return items.map((item) => {
    const port = Number(item.label);
    const protocols = protocolsOf(port);
    const reserved = protocols.flatMap((protocol) => reservationsMet(view.catalog, port, protocol, workload.placement.roles, 'all'));
    if (reserved.length > 0) {
      const met = reserved.map(({ entry }) => entry.protocol);
      const components = [...new Set(reserved.map(({ entry }) => entry.component))].join(', ');
      // A platform may list one daemon once per node role; both lines read alike here.
      const why = [...new Set(reserved.map((r) => describeReservation(r, roles)))].join('; ');
      return mark(item, `reserved${notTcp(met)}: ${components}`, `reserved${notTcp(met, ' for ', '')} on ${roles}`, `**Taken where this pod lands**${notTcp(met, ' for ', '')}: ${why}`);
    }
    const taken = protocols.flatMap((protocol) => {
      const by = bound.get(`${port}/${protocol}`);
      return by === undefined ? [] : [{ by, protocol }];
    })[0];
    if (taken) {
      const how = notTcp([taken.protocol], ' for ', '');
      return mark(item, `taken: ${taken.by}`, `bound${how} by ${taken.by}`, `**Taken where this pod lands**: ${taken.by} binds it${how} on the same nodes`);
    }
    return item;
  });
}

/**
 * For a Gateway listener: the ports the proxy serving the Gateway keeps for itself (where the
 * listener lands, under kgateway's port mapping), and a proxy port another listener already lands
 * on, are marked and sorted last; accepting one would make a pod-port-reserved finding.
 */
function markProxyPorts(view: WorkspaceView, gateway: Gateway, listener: Listener, items: CompletionItem[]): CompletionItem[] {
  const mapping = view.settings.kgatewayPortMapping;
  const protocol = listenerProtocol(listener.protocol);
  const others = gateway.listeners.flatMap((other) => {
    const port = portNumber(other.port);
    return other === listener || port === undefined || listenerProtocol(other.protocol) !== protocol ? [] : [port];
  });
  return items.map((item) => {
    const port = Number(item.label);
    const landings = proxyLandings(view.catalog, gateway, port, protocol, mapping);
    if (landings.length === 0) return item;
    const lands = proxyPort(port, mapping);
    const kept = landings.filter((l): l is typeof l & { reservation: Reservation } => l.reservation !== undefined);
    if (kept.length > 0) {
      const where = lands === port ? '' : ` (kgateway v2.0.x binds listener port ${port} there)`;
      const components = [...new Set(kept.map((l) => l.reservation.entry.component))].join(', ');
      const why = kept.map((l) => `${l.component} keeps ${lands}/${protocol}${where}: ${l.reservation.entry.usage} [${l.reservation.entry.source}]`).join('; ');
      return mark(item, `reserved: ${components}`, `kept by the ${kept.map((l) => l.component).join(', ')}`, `**Kept by the proxy that serves this Gateway**: ${why}`);
    }
    const shared = others.find((other) => other !== port && proxyPort(other, mapping) === lands);
    if (shared !== undefined) {
      return mark(item, `taken: listener port ${shared}`, `lands on the proxy port ${lands} of listener port ${shared}`, `**Taken in the proxy**: kgateway v2.0.x binds listener port ${shared} on ${lands} too`);
    }
    return item;
  });
}

/** A ⚠ in the list and the detail, why in the documentation, and last in the list. */
function mark(item: CompletionItem, description: string, detail: string, documentation: string): CompletionItem {
  return {
    ...item,
    description: `⚠ ${description}`,
    detail: `⚠ ${detail}: ${item.detail}`,
    documentation: `${documentation}${item.documentation ? `\n\n${item.documentation}` : ''}`,
    sortText: `9${item.sortText}`,
  };
}

/** Names and numbers that these containers declare. */
function declaredChoices(containers: readonly (readonly [Workload, Container])[], replace: Span, numbersOnly = false): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [workload, container] of containers) {
    if (container.kind === 'init' || container.kind === 'ephemeral') continue;
    for (const decl of container.ports) {
      const number = portNumber(decl.containerPort);
      const name = portName(decl.name);
      const where = `container ${container.name ?? '?'} of ${workload.kind} ${workload.name ?? '?'}`;
      const known = knownProtocol(decl.protocol);
      const protocol = known ?? '?';
      if (name !== undefined && !numbersOnly) {
        const description = number === undefined ? undefined : `${number}${notTcp(known ? [known] : [], '/', '')}`;
        items.push({ label: name, kind: 'reference', description, detail: `${number ?? '?'}/${protocol}, ${where}`, sortText: `0${name}`, insertText: name, replace });
      }
      if (number !== undefined) {
        const description = name !== undefined ? `${name}${notTcp(known ? [known] : [])}` : notTcp(known ? [known] : [], '', '') || undefined;
        items.push({ label: String(number), kind: 'value', description, detail: `${name ? `${name}, ` : ''}${protocol}, ${where}`, sortText: `1${pad(number)}`, insertText: String(number), replace });
      }
    }
  }
  return dedupe(items);
}

function containerPortNames(number: number | undefined, replace: Span): CompletionItem[] {
  const conventional = wellKnownName(number);
  const names = [...new Set([conventional, 'http', 'https', 'grpc', 'metrics', 'health', 'admin'].filter((n) => n !== undefined))];
  return names.map((name, i) => ({
    label: name,
    kind: 'reference',
    ...(name === conventional ? { description: `usual for ${number}` } : {}),
    detail: name === conventional ? `the usual name of ${number}` : 'a common port name',
    sortText: `${i}`.padStart(2, '0'),
    insertText: name,
    replace,
  }));
}

/** The first free nodePorts of the range, and the ones nearest the current value, none in use. */
function freeNodePorts(view: WorkspaceView, current: number | undefined, replace: Span): CompletionItem[] {
  const { from, to } = view.settings.nodePortRange;
  const used = new Set(allServices(view).flatMap((s) => s.ports.map((p) => portNumber(p.nodePort)).filter((p) => p !== undefined && p !== current)));
  const free: number[] = [];
  const start = current !== undefined && current >= from && current <= to ? current : from;
  for (let port = start; port <= to && free.length < 5; port++) if (!used.has(port)) free.push(port);
  for (let port = from; port <= to && free.length < 8; port++) if (!used.has(port) && !free.includes(port)) free.push(port);
  return free.map((port) => ({ label: String(port), kind: 'value', description: 'free', detail: `free in the NodePort range ${from}-${to}`, sortText: pad(port), insertText: String(port), replace }));
}

/** One item per label: the first (best sorted) wins, its siblings' details joined in. */
function dedupe(items: CompletionItem[]): CompletionItem[] {
  const byLabel = new Map<string, CompletionItem>();
  for (const item of items) {
    const seen = byLabel.get(item.label);
    if (!seen) byLabel.set(item.label, item);
    else if (!seen.detail.includes(item.detail)) {
      const documentation = [seen.documentation, item.documentation].filter(Boolean).join('\n\n---\n\n') || undefined;
      const descriptions = [...new Set([seen.description, item.description].flatMap((d) => d?.split(', ') ?? []))];
      const description = descriptions.length > 0 ? descriptions.join(', ') : undefined;
      byLabel.set(item.label, { ...seen, description, detail: `${seen.detail}; ${item.detail}`, documentation });
    }
  }
  return [...byLabel.values()];
}
