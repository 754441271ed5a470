// Quick fixes where the fix is clear: move a colliding hostPort or nodePort to the nearest free
// one, use the declared port name that an unresolved name misspells, drop a hostPort that a
// host-network pod does not need. Each is a set of text edits the user applies.

import { knownProtocol, hostBindings, portName, portNumber, reservationsMet, rolesOverlap } from '../model/ports';
import { selectedWorkloads, servicesNamed } from '../model/links';
import type { ContainerPortSite, PortSite, ServicePortSite } from '../model/sites';
import type { Container } from '../model/types';
import type { Diagnostic, RuleId, Span } from '../types';
import type { WorkspaceView } from '../workspace';

export interface TextEdit {
  uri: string;
  span: Span;
  newText: string;
}

export interface CodeAction {
  title: string;
  kind: 'quickfix';
  edits: TextEdit[];
  /** The finding it fixes, if it fixes one. */
  diagnostic?: Diagnostic;
  preferred?: boolean;
}

const HOST_PORT_RULES: readonly RuleId[] = ['host-port-reserved', 'host-port-conflict', 'host-port-in-node-port-range'];
const NODE_PORT_RULES: readonly RuleId[] = ['node-port-conflict', 'node-port-out-of-range'];

export function codeActionsAt(view: WorkspaceView, uri: string, span: Span): CodeAction[] {
  const sites = view.sites(uri);
  const siteOf = (s: Span) => sites.find((site) => site.field.span.start === s.start && site.field.span.end === s.end);
  const actions: CodeAction[] = [];
  for (const diagnostic of view.diagnostics(uri)) {
    if (!overlaps(diagnostic.span, span)) continue;
    const site = siteOf(diagnostic.span);
    if (!site) continue;
    const action = fixFor(view, site, diagnostic);
    if (action) actions.push(action);
  }
  for (const site of sites) {
    if (site.kind === 'host-port' && site.workload.hostNetwork === true && overlaps(site.field.keySpan ?? site.field.span, span)) {
      const removal = removeHostPort(view, site);
      if (removal) actions.push(removal);
    }
  }
  return actions;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function fixFor(view: WorkspaceView, site: PortSite, diagnostic: Diagnostic): CodeAction | undefined {
  if (site.kind === 'host-port' && HOST_PORT_RULES.includes(diagnostic.rule)) {
    const port = nearestFreeHostPort(view, site);
    return port === undefined ? undefined : replaceValue(site, String(port), `Change hostPort to ${port}, the nearest free port`, diagnostic);
  }
  if (site.kind === 'node-port' && NODE_PORT_RULES.includes(diagnostic.rule)) {
    const port = nearestFreeNodePort(view, site);
    return port === undefined ? undefined : replaceValue(site, String(port), `Change nodePort to ${port}, the nearest free one`, diagnostic);
  }
  if (diagnostic.rule === 'target-port-unresolved') {
    const typed = portName(site.field);
    if (typed === undefined) return undefined;
    const name = closestName(typed, declaredNames(view, site));
    return name === undefined ? undefined : replaceValue(site, name, `Change to "${name}", the declared port name`, diagnostic);
  }
  return undefined;
}

function replaceValue(site: PortSite, newText: string, title: string, diagnostic: Diagnostic): CodeAction {
  return { title, kind: 'quickfix', edits: [{ uri: site.field.uri, span: site.field.span, newText }], diagnostic, preferred: true };
}

/** The names an unresolved name could have meant. */
function declaredNames(view: WorkspaceView, site: PortSite): string[] {
  const models = view.models();
  const containerNames = (containers: Container[]) =>
    containers.flatMap((c) => c.ports.map((p) => portName(p.name)).filter((n) => n !== undefined));
  switch (site.kind) {
    case 'target-port': {
      const { selected } = selectedWorkloads(site.service, models.flatMap((m) => m.workloads));
      return selected.flatMap((w) => containerNames(w.containers.filter((c) => c.kind !== 'init')));
    }
    case 'probe-port':
      return containerNames([site.container]);
    case 'backend-port':
      return servicesNamed(site.ref, models.flatMap((m) => m.services)).flatMap((s) => s.ports.map((p) => portName(p.name)).filter((n) => n !== undefined));
    default:
      return [];
  }
}

/** The declared name within two edits of the typed one, if exactly one is closest. */
export function closestName(typed: string, names: readonly string[]): string | undefined {
  const scored = [...new Set(names)].map((name) => ({ name, distance: editDistance(typed, name) })).filter((s) => s.distance <= 2);
  scored.sort((a, b) => a.distance - b.distance);
  if (scored.length === 0 || (scored.length > 1 && scored[1]!.distance === scored[0]!.distance)) return undefined;
  return scored[0]!.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Nearest port to the current hostPort that nothing reserves or binds where the pod lands, outside the NodePort range. */
function nearestFreeHostPort(view: WorkspaceView, site: ContainerPortSite): number | undefined {
  const current = portNumber(site.field);
  const protocol = knownProtocol(site.decl.protocol);
  if (current === undefined || !protocol) return undefined;
  const roles = site.workload.placement.roles;
  const taken = new Set<number>();
  for (const workload of view.models().flatMap((m) => m.workloads)) {
    const sameNodes = workload === site.workload || rolesOverlap(workload.placement.roles, roles);
    if (!sameNodes) continue;
    for (const binding of hostBindings(workload)) if (binding.protocol === protocol && binding.field !== site.field) taken.add(binding.port);
  }
  const { from, to } = view.settings.nodePortRange;
  const free = (port: number) =>
    port >= 1 && port <= 65535 && !taken.has(port) && !(from <= port && port <= to) && reservationsMet(view.catalog, port, protocol, roles, 'all').length === 0;
  return nearest(current, free, 1, 65535);
}

function nearestFreeNodePort(view: WorkspaceView, site: ServicePortSite): number | undefined {
  const current = portNumber(site.field);
  const { from, to } = view.settings.nodePortRange;
  const used = new Set(
    view
      .models()
      .flatMap((m) => m.services)
      .flatMap((s) => s.ports.filter((p) => p.nodePort !== site.field).map((p) => portNumber(p.nodePort))),
  );
  const start = current === undefined ? from : Math.min(Math.max(current, from), to);
  return nearest(start, (port) => !used.has(port), from, to, current !== undefined && start === current);
}

/** Searches outward from `start`, upward first; `skipStart` when the start itself is the problem. */
function nearest(start: number, free: (port: number) => boolean, low: number, high: number, skipStart = true): number | undefined {
  if (!skipStart && free(start)) return start;
  for (let distance = 1; start + distance <= high || start - distance >= low; distance++) {
    if (start + distance <= high && free(start + distance)) return start + distance;
    if (start - distance >= low && free(start - distance)) return start - distance;
  }
  return undefined;
}

/** A host-network pod binds its containerPort on the node anyway; the hostPort line only adds a way to get it wrong. */
function removeHostPort(view: WorkspaceView, site: ContainerPortSite): CodeAction | undefined {
  const text = view.file(site.field.uri)?.text;
  const keySpan = site.field.keySpan;
  if (text === undefined || !keySpan) return undefined;
  const lineStart = text.lastIndexOf('\n', keySpan.start - 1) + 1;
  // Only when the key starts its own line: `- hostPort: 80` heads a list item and must stay.
  if (text.slice(lineStart, keySpan.start).trim() !== '') return undefined;
  const lineEnd = text.indexOf('\n', site.field.span.end);
  const end = lineEnd === -1 ? text.length : lineEnd + 1;
  return {
    title: 'Remove hostPort: a host-network pod binds its containerPort on the node anyway',
    kind: 'quickfix',
    edits: [{ uri: site.field.uri, span: { start: lineStart, end }, newText: '' }],
  };
}
