// Hover on a port field: what the port is, where it is bound, what points at it and what it
// points at, and what the catalogs know about its number. Markdown. The findings on it are not
// repeated: the editor shows them in the same popup.

import type { Reservation } from '../catalog/catalog';
import { workloadIsOwner } from '../catalog/owners';
import { isNodePlace } from '../catalog/types';
import { declaredPorts, effectiveTarget, selectedWorkloads, servicePortFor, servicesNamed, type ContainerPortMatch } from '../model/links';
import { describeRoles, describeWorkload, knownProtocol, portNumber } from '../model/ports';
import { siteAt, type PortSite } from '../model/sites';
import type { PortField, ProtocolValue, Service, Workload } from '../model/types';
import { proxyPort } from '../rules/componentPods';
import type { Span } from '../types';
import type { WorkspaceView } from '../workspace';
import { actionHover, useAt, valuesKeyHover } from './values';
import { link } from './markdown';

export interface Hover {
  /** The port field hovered. */
  span: Span;
  markdown: string;
}

export function hoverAt(view: WorkspaceView, uri: string, offset: number): Hover | undefined {
  const site = siteAt(view.sites(uri), offset);
  const use = useAt(view, uri, offset);
  if (!site) {
    if (use) return { span: use.span, markdown: actionHover(view, use) };
    const key = valuesKeyHover(view, uri, offset);
    if (!key) return undefined;
    return { span: key.span, markdown: [key.markdown, key.port === undefined ? undefined : catalogTable(view, key.port)].filter(Boolean).join('\n\n') };
  }
  const fromValues = view.model(uri)?.valueSources.find((u) => u.span.start < site.field.span.end && site.field.span.start < u.span.end);
  const sections = [
    headline(site),
    fromValues && actionHover(view, fromValues),
    whereBound(view, site),
    ...links(view, site),
    catalogKnowledge(view, site),
  ];
  return { span: site.field.span, markdown: sections.filter((s) => s !== undefined && s !== '').join('\n\n') };
}

function valueText(field: PortField | undefined): string {
  if (!field) return '?';
  const raw = field.raw;
  if (raw.kind === 'unknown') return 'a template value';
  if (raw.kind === 'number') return String(raw.value);
  if (raw.kind === 'string') return `\`${raw.value}\``;
  return `\`${raw.text.trim()}\``;
}

function protocolText(protocol: ProtocolValue): string {
  return knownProtocol(protocol) ?? (protocol === 'unknown' ? 'protocol from a template' : `invalid protocol ${JSON.stringify((protocol as { invalid: string }).invalid)}`);
}


function describeService(service: Service): string {
  return `Service ${service.namespace ? `${service.namespace}/` : ''}${service.name ?? '(unnamed)'}`;
}

function headline(site: PortSite): string {
  const field = site.field;
  switch (site.kind) {
    case 'container-port':
    case 'host-port':
    case 'container-port-name': {
      const { decl, container } = site;
      const number = valueText(decl.containerPort);
      const name = decl.name ? ` named ${valueText(decl.name)}` : '';
      const host = decl.hostPort ? `, hostPort ${valueText(decl.hostPort)}` : '';
      return `**containerPort ${number}/${protocolText(decl.protocol)}**${name}${host} of container \`${container.name ?? '?'}\``;
    }
    case 'probe-port':
      return `**${site.probe.probe} ${site.probe.handler} port ${valueText(field)}** of container \`${site.container.name ?? '?'}\``;
    case 'service-port':
    case 'target-port':
    case 'node-port':
    case 'service-port-name': {
      const { decl, service } = site;
      const name = decl.name ? ` named ${valueText(decl.name)}` : '';
      const what = site.kind === 'target-port' ? `targetPort ${valueText(field)}` : site.kind === 'node-port' ? `nodePort ${valueText(field)}` : `port ${valueText(decl.port)}`;
      return `**${what}/${protocolText(decl.protocol)}**${name} of ${describeService(service)} (${service.type === 'unknown' ? 'type from a template' : service.type})`;
    }
    case 'listener-port':
      return `**listener port ${valueText(field)}** (${site.listener.protocol ?? '?'}) of Gateway ${site.gateway.name ?? '(unnamed)'}, class \`${site.gateway.className ?? '?'}\``;
    case 'backend-port':
      return `**${site.ref.from} backend port ${valueText(field)}** of Service \`${site.ref.serviceName}\``;
    case 'network-policy-port':
      return `**NetworkPolicy port ${valueText(field)}/${protocolText(site.policyPort.protocol)}**: traffic to it is allowed`;
  }
}

function whereBound(view: WorkspaceView, site: PortSite): string | undefined {
  switch (site.kind) {
    case 'container-port':
    case 'host-port':
    case 'container-port-name': {
      const { workload, decl } = site;
      const lands = `${describeRoles(workload.placement.roles)} (${workload.placement.reason})`;
      if (workload.hostNetwork === true) {
        return `Bound on the **node's host network**: ${describeWorkload(workload)} uses \`hostNetwork: true\`, so the container port is taken on every node it lands on: ${lands}.`;
      }
      if (decl.hostPort) return `Published on the **node** as hostPort ${valueText(decl.hostPort)}${decl.hostIP ? ` on ${decl.hostIP}` : ''}, on ${lands}.`;
      const maybe = workload.hostNetwork === 'unknown' ? ' (unless the templated `hostNetwork` is true)' : '';
      return `In the **pod network** of ${describeWorkload(workload)}${maybe}: reached through the pod's IP, it takes nothing on the node.`;
    }
    case 'node-port': {
      const { from, to } = view.settings.nodePortRange;
      const number = portNumber(site.field);
      const others = number === undefined ? [] : otherNodePortUsers(view, site.service, number);
      const shared = others.length > 0 ? ` Also used by ${others.map((o) => link(view, o.uri, o.span, describeService(o))).join(', ')}.` : '';
      return `Opened by kube-proxy on **every node** of the cluster, inside the NodePort range ${from}-${to}.${shared}`;
    }
    case 'listener-port': {
      const number = portNumber(site.field);
      if (number === undefined) return undefined;
      const mapping = view.settings.kgatewayPortMapping;
      const lands = proxyPort(number, mapping);
      const isKgateway = view.catalog.podEntries.some(({ entry }) => entry.owners?.gatewayClasses?.includes(site.gateway.className ?? ''));
      if (!isKgateway) return `Bound by the proxy of the Gateway's class, \`${site.gateway.className ?? '?'}\`.`;
      return lands === number
        ? `The kgateway **gateway proxy** binds it on port ${lands}.`
        : `The kgateway **gateway proxy** binds it on port ${lands} (kgateway v2.0.x adds 8000 to listener ports below 1024; setting \`kgatewayPortMapping\`).`;
    }
    default:
      return undefined;
  }
}

function otherNodePortUsers(view: WorkspaceView, service: Service, nodePort: number): Service[] {
  return view
    .models()
    .flatMap((m) => m.services)
    .filter((s) => s !== service && s.ports.some((p) => portNumber(p.nodePort) === nodePort));
}

/** What points at this port, and what it points at. */
function links(view: WorkspaceView, site: PortSite): string[] {
  const workloads = view.models().flatMap((m) => m.workloads);
  const services = view.models().flatMap((m) => m.services);
  switch (site.kind) {
    case 'container-port':
    case 'host-port':
    case 'container-port-name': {
      const lines: string[] = [];
      for (const service of services) {
        if (!selectedWorkloads(service, workloads).selected.includes(site.workload)) continue;
        for (const decl of service.ports) {
          const target = effectiveTarget(decl);
          if (target && declaredPorts(target, [site.workload]).some((m) => m.decl === site.decl)) {
            lines.push(`- ${link(view, service.uri, target.span, describeService(service))} port ${valueText(decl.port)} → targetPort ${valueText(target)}`);
          }
        }
      }
      for (const probe of site.container.probes) {
        if (declaredPorts(probe.port, [site.workload]).some((m) => m.decl === site.decl)) {
          lines.push(`- ${link(view, probe.port.uri, probe.port.span, `${probe.probe} ${probe.handler}`)} (port ${valueText(probe.port)})`);
        }
      }
      return lines.length > 0 ? [`**Points here**\n${lines.join('\n')}`] : [];
    }
    case 'target-port':
      return [targetsOf(view, site.field, selectedWorkloads(site.service, workloads))];
    case 'probe-port':
      return [targetsOf(view, site.field, { selected: [site.workload], certain: !site.container.portsOpen })];
    case 'service-port':
    case 'service-port-name': {
      const target = effectiveTarget(site.decl);
      const out = target ? [targetsOf(view, target, selectedWorkloads(site.service, workloads))] : [];
      const refs = view
        .models()
        .flatMap((m) => m.serviceRefs)
        .filter((ref) => servicesNamed(ref, [site.service]).length > 0 && servicePortFor(ref, site.service) === site.decl);
      if (refs.length > 0) out.push(`**Points here**\n${refs.map((ref) => `- ${link(view, ref.uri, ref.port.span, ref.from)} backend`).join('\n')}`);
      return out;
    }
    case 'backend-port': {
      const lines = servicesNamed(site.ref, services).map((service) => {
        const decl = servicePortFor(site.ref, service);
        return decl
          ? `- ${link(view, service.uri, (decl.port ?? decl.name)!.span, describeService(service))} port ${valueText(decl.port)}${decl.name ? ` (${valueText(decl.name)})` : ''}`
          : `- ${link(view, service.uri, service.span, describeService(service))} has no such port`;
      });
      return lines.length > 0 ? [`**Points at**\n${lines.join('\n')}`] : [];
    }
    default:
      return [];
  }
}

function targetsOf(view: WorkspaceView, target: PortField, selection: { selected: Workload[]; certain: boolean }): string {
  if (target.raw.kind === 'unknown') return '**Points at** a port a template decides.';
  if (selection.selected.length === 0) return selection.certain ? '**Points at** no workload in the workspace (its selector matches none).' : '**Points at** workloads a template decides.';
  const matches: ContainerPortMatch[] = declaredPorts(target, selection.selected);
  if (matches.length === 0) return `**Points at** no declared container port of ${selection.selected.map(describeWorkload).join(', ')}.`;
  const lines = matches.map(({ workload, container, decl }) => {
    const port = `containerPort ${valueText(decl.containerPort)}/${protocolText(decl.protocol)}`;
    // A name is shown with its number, a number with its name.
    const what = portNumber(target) !== undefined ? `${port}${decl.name ? `, named ${valueText(decl.name)}` : ''}` : `${valueText(decl.name)} = ${port}`;
    return `- ${link(view, workload.uri, (decl.containerPort ?? decl.name)!.span, describeWorkload(workload))}, container \`${container.name ?? '?'}\`: ${what}`;
  });
  return `**Points at**\n${lines.join('\n')}`;
}

/** The number this site is about, for the catalog: a name resolves through its declaration. */
function numberOf(site: PortSite): number | undefined {
  if (site.kind === 'container-port-name') return portNumber(site.decl.containerPort);
  if (site.kind === 'service-port-name') return portNumber(site.decl.port);
  return portNumber(site.field);
}

function catalogKnowledge(view: WorkspaceView, site: PortSite): string | undefined {
  const number = numberOf(site);
  if (number === undefined) return undefined;
  return `${catalogTable(view, number)}${verdict(site, view.catalog.entriesFor(number))}`;
}

function catalogTable(view: WorkspaceView, number: number): string {
  const entries = view.catalog.entriesFor(number);
  if (entries.length === 0) return `No platform catalog reserves ${number}.`;
  const rows = entries.map(describeEntry);
  const table = ['| platform | component | usage | where | source |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
  return `**What the catalogs know about ${number}**\n\n${table}`;
}

function describeEntry({ entry, catalog }: Reservation): string {
  const port = entry.port !== undefined ? `${entry.port}` : entry.range ? `${entry.range.from}-${entry.range.to}` : (entry.socket ?? '');
  const where = isNodePlace(entry.where)
    ? `${describeRoles(entry.where.node.roles)}, ${entry.where.node.interface === 'all' ? 'all addresses' : entry.where.node.interface === 'localhost' ? 'localhost' : 'node address'}`
    : `inside ${entry.component} pods${entry.where.pod.interface === 'localhost' ? ', localhost' : ''}`;
  const flags = [entry.listenerPort ? 'where listeners land' : '', entry.nodePortRange ? 'NodePort range' : '', entry.condition ? `only when ${entry.condition}` : '']
    .filter(Boolean)
    .join('; ');
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return `| ${cell(catalog.title)} | ${cell(entry.component)} | ${cell(entry.usage)} (${port}/${entry.protocol}) | ${cell(where)}${flags ? ` (${cell(flags)})` : ''} | ${cell(entry.source)} |`;
}

/** What the catalog rows mean for this port: a collision, ownership, or a shared number only. */
function verdict(site: PortSite, entries: Reservation[]): string {
  if (site.kind !== 'container-port' && site.kind !== 'host-port' && site.kind !== 'container-port-name') return '';
  const { workload, decl } = site;
  const onNode = workload.hostNetwork === true || decl.hostPort !== undefined;
  const nodeEntries = entries.filter(({ entry }) => isNodePlace(entry.where) && !entry.nodePortRange);
  if (!onNode) {
    return nodeEntries.length > 0 ? '\n\nThis port is in the pod network: it only shares its number with these node daemons and does not collide with them.' : '';
  }
  if (nodeEntries.some(({ entry }) => workloadIsOwner(entry.owners, workload))) {
    return `\n\n${describeWorkload(workload)} is recognised as the component itself: its own port, no collision.`;
  }
  return '';
}
