// Hover on a port field: first the verdict in one sentence, then what the port is, where it is
// bound, what points at it and what it points at, and what the catalogs know about its number.
// Markdown. The findings on it are not repeated: the editor shows them in the same popup.

import { renderedActionHover } from './rendered';
import { catalogRowMarkdown } from '../catalog/catalog';
import type { Reservation } from '../catalog/catalog';
import { workloadIsOwner } from '../catalog/owners';
import { isNodePlace } from '../catalog/types';
import { declaredPorts, effectiveTarget, selectedWorkloads, servicePortFor, servicesNamed, type ContainerPortMatch } from '../model/links';
import { describeRoles, describeWorkload, hostBindings, portNumber, reservationsMet } from '../model/ports';
import { siteAt, type ContainerPortSite, type PortSite } from '../model/sites';
import type { NodeRoleName, PortField, ProtocolValue, Service, Workload } from '../model/types';
import { proxyPort } from '../rules/componentPods';
import type { Diagnostic, RuleId, Severity, Span } from '../types';
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
    const action = renderedActionHover(view, uri, offset);
    if (action) return action;
    const key = valuesKeyHover(view, uri, offset, (template, site) => verdict(view, template, site));
    if (!key) return undefined;
    return { span: key.span, markdown: [key.markdown, key.port === undefined ? undefined : catalogTable(view, key.port)].filter(Boolean).join('\n\n') };
  }
  // An action that printed whole lines (toYaml of a list of ports) is more than the one port under it.
  const action = renderedActionHover(view, uri, offset);
  if (action?.lines) return action;
  const fromValues = view.model(uri)?.valueSources.find((u) => u.span.start < site.field.span.end && site.field.span.start < u.span.end);
  const sections = [
    verdict(view, uri, site),
    headline(site),
    fromValues && actionHover(view, fromValues),
    whereBound(view, site),
    ...links(view, site),
    catalogKnowledge(view, site),
    // A port an action prints once per item of a range: every run, not only the first.
    action?.runs && action.runs > 1 ? action.markdown : undefined,
  ];
  return { span: site.field.span, markdown: sections.filter((s) => s !== undefined && s !== '').join('\n\n') };
}

function valueText(field: PortField | undefined): string {
  if (!field) return '?';
  const raw = field.raw;
  if (raw.kind === 'number') return String(raw.value);
  if (raw.kind === 'string') return `\`${raw.value}\``;
  return `\`${raw.text.trim()}\``;
}

function protocolText(protocol: ProtocolValue): string {
  return typeof protocol === 'string' ? protocol : `invalid protocol ${JSON.stringify(protocol.invalid)}`;
}


function describeService(service: Service): string {
  return `Service ${service.namespace ? `${service.namespace}/` : ''}${service.name ?? '(unnamed)'}`;
}

/** The hover's first line: the port and what it comes to, in one sentence. */
function verdict(view: WorkspaceView, uri: string, site: PortSite): string {
  const field = site.field;
  const problem = (...fields: (PortField | undefined)[]) => worstFinding(view, uri, fields);
  const inShort = (found: Diagnostic) => IN_SHORT[found.rule](view);
  switch (site.kind) {
    case 'container-port':
    case 'host-port':
    case 'container-port-name':
      return containerPortVerdict(view, uri, site);
    case 'probe-port': {
      const found = problem(field);
      const subject = `**${site.probe.probe} ${site.probe.handler} port ${valueText(field)}**`;
      if (found && found.rule !== 'target-port-unresolved') return `${subject} — ${inShort(found)}.`;
      return `${subject} checks ${resolution(field, [site.workload])}.`;
    }
    case 'service-port':
    case 'service-port-name': {
      const { decl, service } = site;
      const found = problem(field, decl.port, decl.name);
      const subject = `**Service port ${valueText(decl.port)}/${protocolText(decl.protocol)}**`;
      if (found && found.rule !== 'target-port-unresolved') return `${subject} — ${inShort(found)}.`;
      const target = effectiveTarget(decl);
      return target ? `${subject} forwards to ${resolution(target, selectedWorkloads(service, view.models().flatMap((m) => m.workloads)))}.` : `${subject}.`;
    }
    case 'target-port': {
      const found = problem(field);
      const subject = `**targetPort ${valueText(field)}**`;
      if (found && found.rule !== 'target-port-unresolved') return `${subject} — ${inShort(found)}.`;
      return `${subject} points at ${resolution(field, selectedWorkloads(site.service, view.models().flatMap((m) => m.workloads)))}.`;
    }
    case 'node-port': {
      const found = problem(field);
      const subject = `**nodePort ${valueText(field)}/${protocolText(site.decl.protocol)}**`;
      if (found) return `${subject} — ${inShort(found)}.`;
      const { from, to } = view.settings.nodePortRange;
      return `${subject}, opened on every node — free in the NodePort range ${from}-${to}.`;
    }
    case 'listener-port': {
      const found = problem(field);
      const subject = `**Listener port ${valueText(field)}** of Gateway ${site.gateway.name ?? '(unnamed)'}`;
      if (found) return `${subject} — ${inShort(found)}.`;
      const number = portNumber(field);
      const isKgateway = view.catalog.podEntries.some(({ entry }) => entry.owners?.gatewayClasses?.includes(site.gateway.className ?? ''));
      if (number === undefined || !isKgateway) return `${subject}, bound by the proxy of class \`${site.gateway.className ?? '?'}\`.`;
      return `${subject}, bound by the kgateway proxy on port ${proxyPort(number, view.settings.kgatewayPortMapping)}.`;
    }
    case 'backend-port': {
      const found = problem(field);
      const subject = `**${site.ref.from} backend port ${valueText(field)}**`;
      if (found && found.rule !== 'target-port-unresolved') return `${subject} — ${inShort(found)}.`;
      const services = servicesNamed(site.ref, view.models().flatMap((m) => m.services));
      if (services.length === 0) return `${subject} points at Service \`${site.ref.serviceName}\`, which is not in the workspace.`;
      const ports = services.map((service) => servicePortFor(site.ref, service));
      const decl = ports.find((p) => p !== undefined);
      return decl
        ? `${subject} points at port ${valueText(decl.port)} of Service \`${site.ref.serviceName}\`.`
        : `${subject} points at no port of Service \`${site.ref.serviceName}\`.`;
    }
    case 'network-policy-port': {
      const found = problem(field);
      const subject = `**NetworkPolicy port ${valueText(field)}/${protocolText(site.policyPort.protocol)}**`;
      return found ? `${subject} — ${inShort(found)}.` : `${subject}: traffic to it is allowed.`;
    }
  }
}

function containerPortVerdict(view: WorkspaceView, uri: string, site: ContainerPortSite): string {
  const { workload, decl } = site;
  const protocol = protocolText(decl.protocol);
  const binding = hostBindings(workload).find((b) => b.decl === decl);
  const found = worstFinding(view, uri, [site.field, decl.containerPort, decl.hostPort, decl.name]);
  const inShort = (d: Diagnostic) => IN_SHORT[d.rule](view);
  const onNode = workload.hostNetwork || decl.hostPort !== undefined;
  if (onNode) {
    // On the hostPort, or on a host-network pod's port: that is the port bound on the node. On the
    // containerPort of a port published as a hostPort, the pod's port is published on the node.
    const subject =
      site.kind === 'host-port' || workload.hostNetwork || !decl.hostPort
        ? `**Port ${valueText(decl.hostPort ?? decl.containerPort)}/${protocol} bound on the node**`
        : `**Port ${valueText(decl.containerPort)}/${protocol}**, published on the node as hostPort ${valueText(decl.hostPort)}`;
    const reservations = binding ? reservationsMet(view.catalog, binding.port, binding.protocol, workload.placement.roles, binding.interface, binding.address) : [];
    const owned = reservations.filter(({ entry }) => workloadIsOwner(entry.owners, workload));
    if (owned.length > 0) return `${subject} — ${components(owned)}'s own port: ${describeWorkload(workload)} is recognised as the component.`;
    if (reservations.length > 0) return `${subject} — reserved by ${components(reservations)} on ${describeRoles(rolesMet(reservations, workload.placement.roles))}.`;
    if (found) return `${subject} — ${inShort(found)}.`;
    if (!binding) return `${subject}; a template decides the port.`;
    return `${subject}, free where this pod lands.`;
  }
  const subject = `**Port ${valueText(decl.containerPort)}/${protocol} in the pod network** of ${describeWorkload(workload)}`;
  if (found) return `${subject} — ${inShort(found)}.`;
  const number = portNumber(decl.containerPort);
  const daemons = number === undefined ? [] : view.catalog.entriesFor(number).filter(({ entry }) => isNodePlace(entry.where) && !entry.nodePortRange);
  if (daemons.length > 0) return `${subject} — it only shares its number with ${components(daemons)} on the nodes, no collision.`;
  return `${subject} — it takes nothing on the node.`;
}

/** The components of catalog rows, each once: `kubelet`, `etcd and kube-apiserver`. */
function components(reservations: readonly Reservation[]): string {
  const names = [...new Set(reservations.map(({ entry }) => entry.component))];
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The roles where reservations meet a pod that lands on `lands`. */
function rolesMet(reservations: readonly Reservation[], lands: readonly NodeRoleName[]): string[] {
  const reserved = new Set(reservations.flatMap(({ entry }) => (isNodePlace(entry.where) ? entry.where.node.roles : [])));
  if (reserved.has('all')) return [...lands];
  return lands.filter((role) => reserved.has(role));
}

/** What a field's target comes to: `containerPort 8080/TCP of Deployment web`, or why nothing. */
function resolution(target: PortField, selected: readonly Workload[]): string {
  if (selected.length === 0) return 'no workload in the workspace (its selector matches none)';
  const matches = declaredPorts(target, selected);
  const first = matches[0];
  if (!first) return `no declared container port of ${selected.map(describeWorkload).join(', ')}`;
  const more = matches.length > 1 ? ` and ${matches.length - 1} more` : '';
  return `containerPort ${valueText(first.decl.containerPort)}/${protocolText(first.decl.protocol)} of ${describeWorkload(first.workload)}${more}`;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** The most severe finding on any of the fields, for the verdict; hints leave the verdict to the hover itself. */
function worstFinding(view: WorkspaceView, uri: string, fields: readonly (PortField | undefined)[]): Diagnostic | undefined {
  const spans = fields.filter((f): f is PortField => f !== undefined && f.uri === uri).map((f) => f.span);
  const on = (d: Diagnostic) => spans.some((span) => d.span.start < Math.max(span.end, span.start + 1) && span.start < Math.max(d.span.end, d.span.start + 1));
  return view
    .diagnostics(uri)
    .filter((d) => d.severity !== 'hint' && on(d))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])[0];
}

/** What a finding comes to in a few words, for a verdict; the finding itself is the editor's to show. */
const IN_SHORT: Record<RuleId, (view: WorkspaceView) => string> = {
  'parse-error': () => 'in YAML that does not parse',
  'file-too-large': () => 'in a file too large to analyse',
  'yaml-too-complex': () => 'in a document that is not analysed',
  'template-not-analysed': () => 'in a template that is not analysed',
  'template-error': () => 'in a template that does not render',
  'template-value-required': () => 'in a template that needs a value to render',
  'chart-dependency-missing': () => 'in a chart with a missing dependency',
  'port-invalid': () => 'not a valid port',
  'container-port-duplicate': () => 'declared twice in this pod, which the API server rejects',
  'container-port-overlap': () => 'declared twice in this pod',
  'host-port-reserved': () => 'reserved by the platform on the nodes where this pod lands',
  'host-port-conflict': () => 'also bound by another workload that can land on the same nodes',
  'host-port-in-node-port-range': ({ settings: { nodePortRange: r } }) => `inside the NodePort range ${r.from}-${r.to}, where kube-proxy may hold it`,
  'node-port-out-of-range': ({ settings: { nodePortRange: r } }) => `outside the NodePort range ${r.from}-${r.to}: the API server rejects the Service`,
  'node-port-conflict': () => 'also used by another Service',
  'service-port-duplicate': () => 'listed twice in this Service',
  'target-port-unresolved': () => 'declared by nothing it refers to',
  'target-port-undeclared': () => 'declared by no container it selects (traffic still flows if something listens there)',
  'pod-port-reserved': () => 'a port the platform component keeps for itself',
  'cluster-file-invalid': () => 'in a cluster file with a mistake',
};

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
      return `**${what}/${protocolText(decl.protocol)}**${name} of ${describeService(service)} (${service.type})`;
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
      if (workload.hostNetwork) {
        return `Bound on the **node's host network**: ${describeWorkload(workload)} uses \`hostNetwork: true\`, so the container port is taken on every node it lands on: ${lands}.`;
      }
      if (decl.hostPort) return `Published on the **node** as hostPort ${valueText(decl.hostPort)}${decl.hostIP ? ` on ${decl.hostIP}` : ''}, on ${lands}.`;
      return `In the **pod network** of ${describeWorkload(workload)}: reached through the pod's IP, it takes nothing on the node.`;
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
        if (!selectedWorkloads(service, workloads).includes(site.workload)) continue;
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
      return [targetsOf(view, site.field, [site.workload])];
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

function targetsOf(view: WorkspaceView, target: PortField, selected: readonly Workload[]): string {
  if (selected.length === 0) return '**Points at** no workload in the workspace (its selector matches none).';
  const matches: ContainerPortMatch[] = declaredPorts(target, selected);
  if (matches.length === 0) return `**Points at** no declared container port of ${selected.map(describeWorkload).join(', ')}.`;
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
  return number === undefined ? undefined : catalogTable(view, number);
}

function catalogTable(view: WorkspaceView, number: number): string {
  const entries = view.catalog.entriesFor(number);
  if (entries.length === 0) return `No platform catalog reserves ${number}.`;
  return `**What the catalogs know about ${number}**\n\n${entries.map((reservation) => describeEntry(reservation)).join('\n')}`;
}

/** The longest usage a catalog row shows; longer ones are cut, so that a row stays one line. */
const USAGE_CHARS = 40;

/** One line: `- **kubelet** 10250/TCP on all nodes (Canonical Kubernetes): Kubelet API`. */
/** One catalog row, with a link to the public page or file it comes from. */
function describeEntry(reservation: Reservation): string {
  return catalogRowMarkdown(reservation, USAGE_CHARS);
}

