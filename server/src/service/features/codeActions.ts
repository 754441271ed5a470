// Quick fixes where the fix is clear: move a colliding hostPort or nodePort to the nearest free
// one, use the declared port name that an unresolved name misspells, drop a hostPort that a
// host-network pod does not need. Each is a set of text edits the user applies, possibly in
// several files:
// - a value a chart's values set is changed where it was set (values.yaml, or the values file
//   the settings add), never in the template action that prints it, whether the fix is asked
//   for on the template or on the values key the finding is repeated on;
// - a host-network pod's containerPort and hostPort move together (the API server rejects a
//   host-network pod whose hostPort is not its containerPort), and what points at the old number
//   follows: probes, and the numeric targetPorts of the Services that select the pod;
// - every other field a changed values key feeds moves with it, so the new number is chosen
//   free for all of them, and a fix whose move would break one of them is not offered.

import { describeWorkload, hostBindings, interfacesCollide, knownProtocol, portName, portNumber, rolesOverlap, reservationsMet, sameObject } from '../model/ports';
import { selectedWorkloads, servicesNamed } from '../model/links';
import type { ContainerPortSite, PortSite, ServicePortSite } from '../model/sites';
import type { Container, PortField, Service, ServicePortDecl, Workload } from '../model/types';
import type { ValueSource } from '../model/types';
import type { Diagnostic, RuleId, Span } from '../types';
import type { WorkspaceView } from '../workspace';

export interface TextEdit {
  /** The file to edit: not always the one the fix was asked in (a values file, a Service). */
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
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const add = (action: CodeAction) => {
    const key = `${action.title}\0${JSON.stringify(action.edits)}`;
    if (seen.has(key)) return;
    seen.add(key);
    actions.push(action);
  };
  for (const diagnostic of view.diagnostics(uri)) {
    if (!overlaps(diagnostic.span, span)) continue;
    for (const origin of originsOf(view, diagnostic)) {
      const site = siteOf(view, origin);
      const action = site && fixFor(view, site, origin);
      if (action) add({ ...action, diagnostic });
    }
  }
  for (const site of view.sites(uri)) {
    if (site.kind === 'host-port' && site.workload.hostNetwork && overlaps(site.field.keySpan ?? site.field.span, span)) {
      const removal = removeHostPort(view, site);
      if (removal) add(removal);
    }
  }
  return actions;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/**
 * The findings on port fields that a finding stands for: itself, or for a finding repeated on a
 * values key, the template findings it repeats.
 */
function originsOf(view: WorkspaceView, diagnostic: Diagnostic): Diagnostic[] {
  if (view.sites(diagnostic.uri).some((s) => sameSpan(s.field.span, diagnostic.span))) return [diagnostic];
  const origins: Diagnostic[] = [];
  for (const model of view.models()) {
    for (const use of model.valueSources) {
      if (use.source.uri !== diagnostic.uri || !sameSpan(use.source.span, diagnostic.span)) continue;
      for (const original of view.diagnostics(model.uri)) {
        const repeated = original.rule === diagnostic.rule && original.port === diagnostic.port && diagnostic.message.endsWith(`: ${original.message}`);
        if (repeated && overlaps(original.span, use.span) && !origins.includes(original)) origins.push(original);
      }
    }
  }
  return origins;
}

/** The port field a finding is on; of the fields a `range` renders at one place, the one with the finding's port. */
function siteOf(view: WorkspaceView, diagnostic: Diagnostic): PortSite | undefined {
  const candidates = view.sites(diagnostic.uri).filter((s) => sameSpan(s.field.span, diagnostic.span));
  const byPort = diagnostic.port === undefined ? candidates : candidates.filter((s) => portNumber(s.field) === diagnostic.port);
  const byName = byPort.length > 1 ? byPort.filter((s) => portName(s.field) !== undefined && diagnostic.message.includes(`"${portName(s.field)}"`)) : byPort;
  return byName[0] ?? byPort[0];
}

function fixFor(view: WorkspaceView, site: PortSite, diagnostic: Diagnostic): CodeAction | undefined {
  if (HOST_PORT_RULES.includes(diagnostic.rule) && (site.kind === 'host-port' || site.kind === 'container-port')) return moveHostPort(view, site);
  if (site.kind === 'node-port' && NODE_PORT_RULES.includes(diagnostic.rule)) return moveNodePort(view, site);
  if (diagnostic.rule === 'target-port-unresolved') return renameTarget(view, site);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Where a value is written

/** Where a field's value is written: the field itself, or the values key a template printed it from. */
interface Target {
  uri: string;
  span: Span;
  /** The quote around the value as written, which the new value keeps. */
  quote: '' | '"' | "'";
  /** The values key, when the value is set in a values file. */
  key?: ValueSource;
}

function quoteOf(written: string): Target['quote'] {
  const first = written[0];
  return (first === '"' || first === "'") && written.length > 1 && written.endsWith(first) ? first : '';
}

/** What a field's value reads as, to match it with what a template action printed. */
function printedText(field: PortField): string | undefined {
  return field.raw.kind === 'number' ? String(field.raw.value) : field.raw.kind === 'string' ? field.raw.value : undefined;
}

/**
 * Where to write a new value for the field. In a template, a value the chart's values set is
 * written in the values file it was read from; a value made in any other way (several actions, a
 * function of values, `--set`) has no one place to write, and gets no fix.
 */
function targetOf(view: WorkspaceView, field: PortField): Target | undefined {
  const text = view.file(field.uri)?.text;
  const model = view.model(field.uri);
  if (text === undefined || !model || field.span.end <= field.span.start) return undefined;
  if (field.keySpan && sameSpan(field.keySpan, field.span)) return undefined;
  const written = text.slice(field.span.start, field.span.end);
  const literal: Target = { uri: field.uri, span: field.span, quote: quoteOf(written) };
  if (!model.helm) return literal;
  const uses = model.valueSources.filter((use) => use.span.start < field.span.end && field.span.start < use.span.end);
  if (uses.length === 0) return written.includes('{{') ? undefined : literal;
  const printed = printedText(field);
  const whole = uses.filter(
    (use) =>
      use.text === printed &&
      field.span.start <= use.span.start &&
      use.span.end <= field.span.end &&
      /^["']?$/.test(text.slice(field.span.start, use.span.start)) &&
      /^["']?$/.test(text.slice(use.span.end, field.span.end)),
  );
  const sources = whole.map((use) => use.source).filter((source, i, all) => all.findIndex((s) => s.uri === source.uri && sameSpan(s.span, source.span)) === i);
  const source = sources[0];
  if (sources.length !== 1 || !source || source.uri === '--set' || source.span.end <= source.span.start) return undefined;
  const valuesText = view.file(source.uri)?.text;
  if (valuesText === undefined) return undefined;
  return { uri: source.uri, span: source.span, quote: quoteOf(valuesText.slice(source.span.start, source.span.end)), key: source };
}

/** The new value as YAML: in the quotes it was written in, or plain when plain reads as the same. */
function scalar(value: number | string, quote: Target['quote']): string {
  const text = String(value);
  if (quote === "'") return `'${text.replace(/'/g, "''")}'`;
  if (quote === '"') return JSON.stringify(text);
  if (typeof value === 'number') return text;
  const plain = /^[a-z][a-z0-9-]*$/i.test(text) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(text);
  return plain ? text : JSON.stringify(text);
}

function sameTarget(a: Target, b: Target): boolean {
  return a.uri === b.uri && sameSpan(a.span, b.span);
}

/**
 * Every port field a new value written at the target changes: each a values key is printed into,
 * or for text in a template, each rendering of it (a `range` body renders once per item).
 */
function fieldsWrittenAt(view: WorkspaceView, target: Target): PortSite[] {
  if (target.key) return fieldsFedBy(view, target.key);
  return view.sites(target.uri).filter((s) => sameSpan(s.field.span, target.span));
}

/** The port fields the template actions that print a values key print into. */
function fieldsFedBy(view: WorkspaceView, key: ValueSource): PortSite[] {
  const fed: PortSite[] = [];
  for (const model of view.models()) {
    for (const use of model.valueSources) {
      if (use.source.uri !== key.uri || !sameSpan(use.source.span, key.span)) continue;
      for (const site of view.sites(model.uri)) {
        const inside = site.field.span.start <= use.span.start && use.span.end <= site.field.span.end;
        if (inside && printedText(site.field) === use.text && !fed.includes(site)) fed.push(site);
      }
    }
  }
  return fed;
}

// ---------------------------------------------------------------------------------------------
// Moving port numbers

/** A port field the fix gives a new number, and where that number is written. */
interface Move {
  site: PortSite;
  target: Target;
  /** The number it has now. */
  from: number;
}

/**
 * The moves for the planned fields: each where it is written, and every other field a values
 * key among them feeds (those move too). Undefined when one of them cannot be written.
 */
function movesFor(view: WorkspaceView, planned: readonly PortSite[], known: readonly Move[] = []): Move[] | undefined {
  const moves = [...known];
  const has = (site: PortSite) => moves.some((m) => m.site.field === site.field);
  for (const site of planned) {
    if (has(site)) continue;
    const target = targetOf(view, site.field);
    const from = portNumber(site.field);
    if (!target || from === undefined) return undefined;
    moves.push({ site, target, from });
    for (const fed of fieldsWrittenAt(view, target)) {
      const fedFrom = portNumber(fed.field);
      if (has(fed)) continue;
      if (fedFrom === undefined) return undefined;
      moves.push({ site: fed, target, from: fedFrom });
    }
  }
  return moves;
}

function siteOfField(view: WorkspaceView, field: PortField | undefined): PortSite | undefined {
  return field && view.sites(field.uri).find((s) => s.field === field);
}

/**
 * Whether a new number is free for every moved field: no new collision on the node, in the pod,
 * in a Service or across Services; a reference (targetPort, probe, backend port) moves only with
 * what it refers to. Undefined when no number can be: the moves collide with each other, or a
 * reference would be left behind.
 */
function freeFor(view: WorkspaceView, moves: readonly Move[], inserted: ReadonlySet<ServicePortDecl> = new Set()): ((port: number) => boolean) | undefined {
  const moved = new Set(moves.map((m) => m.site.field));
  const movedFrom = (field: PortField | undefined) => field !== undefined && moved.has(field);
  const checks: ((port: number) => boolean)[] = [];
  const allWorkloads = view.models().flatMap((m) => m.workloads);
  const allServices = view.models().flatMap((m) => m.services);
  const { from: rangeFrom, to: rangeTo } = view.settings.nodePortRange;

  // Ports bound on the node.
  const bindings = [...new Set(moves.flatMap((m) => ('workload' in m.site ? [m.site.workload] : [])))].flatMap(hostBindings).filter((b) => moved.has(b.field));
  for (const [i, binding] of bindings.entries()) {
    const roles = binding.workload.placement.roles;
    for (const other of bindings.slice(i + 1)) {
      // The same object seen twice (a base and its patch) does not collide with itself.
      const seenTwice = other.workload !== binding.workload && sameObject(other.workload, binding.workload);
      if (!seenTwice && other.protocol === binding.protocol && (other.workload === binding.workload || rolesOverlap(other.workload.placement.roles, roles)) && interfacesCollide(other.interface, binding.interface)) return undefined;
    }
    const taken = new Set<number>();
    for (const workload of allWorkloads) {
      if (workload !== binding.workload && !rolesOverlap(workload.placement.roles, roles)) continue;
      for (const other of hostBindings(workload)) if (other.protocol === binding.protocol && !moved.has(other.field)) taken.add(other.port);
    }
    checks.push((port) => !taken.has(port) && !(rangeFrom <= port && port <= rangeTo) && reservationsMet(view.catalog, port, binding.protocol, roles, 'all').length === 0);
  }

  for (const move of moves) {
    const site = move.site;
    switch (site.kind) {
      case 'container-port':
      case 'host-port': {
        // Two ports of one pod: container ports, and host ports by protocol and number.
        const protocol = knownProtocol(site.decl.protocol);
        const others = site.workload.containers
          .filter((c) => c.kind !== 'ephemeral')
          .flatMap((c) => c.ports)
          .filter((d) => knownProtocol(d.protocol) === protocol)
          .map((d) => (site.kind === 'container-port' ? d.containerPort : d.hostPort))
          .filter((f): f is PortField => f !== undefined && f !== site.field);
        // Two ports of the pod moved to one number would be declared twice.
        if (others.some((f) => moved.has(f))) return undefined;
        // A host-network pod's hostPort must stay its containerPort.
        const partner = site.kind === 'container-port' ? site.decl.hostPort : site.decl.containerPort;
        if (site.workload.hostNetwork && partner && !moved.has(partner) && portNumber(partner) === move.from) return undefined;
        const used = new Set(others.filter((f) => !moved.has(f)).map(portNumber));
        checks.push((port) => !used.has(port));
        if (site.kind === 'container-port' && !referencesFollow(view, site, move.from, moved, inserted)) return undefined;
        break;
      }
      case 'node-port': {
        if (moves.some((m) => m !== move && m.site.kind === 'node-port')) return undefined;
        const used = new Set(allServices.flatMap((s) => s.ports.filter((p) => p.nodePort && !moved.has(p.nodePort)).map((p) => portNumber(p.nodePort))));
        checks.push((port) => rangeFrom <= port && port <= rangeTo && !used.has(port));
        break;
      }
      case 'service-port': {
        const protocol = knownProtocol(site.decl.protocol);
        const others = site.service.ports.filter((p) => p !== site.decl && knownProtocol(p.protocol) === protocol).map((p) => p.port);
        if (others.some((f) => movedFrom(f))) return undefined;
        const used = new Set(others.map(portNumber));
        checks.push((port) => !used.has(port));
        // One nodePort may serve one port's TCP and UDP, not two ports: the other protocol's port stays.
        const sharing = site.service.ports.filter((p) => p !== site.decl && p.nodePort && portNumber(p.nodePort) === portNumber(site.decl.nodePort) && !movedFrom(p.port));
        if (portNumber(site.decl.nodePort) !== undefined && sharing.length > 0) return undefined;
        // A Service port without a targetPort is also the port its traffic goes to: it moves only with that containerPort.
        if (!site.decl.targetPort) {
          const selected = selectedWorkloads(site.service, allWorkloads);
          const reached = selected.flatMap((w) => w.containers).filter((c) => c.kind !== 'init' && c.kind !== 'ephemeral').flatMap((c) => c.ports);
          if (reached.some((d) => portNumber(d.containerPort) === move.from && knownProtocol(d.protocol) === protocol && !movedFrom(d.containerPort))) return undefined;
        }
        const backends = view.models().flatMap((m) => m.serviceRefs).filter((ref) => portNumber(ref.port) === move.from && servicesNamed(ref, [site.service]).length > 0);
        if (backends.some((ref) => !moved.has(ref.port))) return undefined;
        break;
      }
      case 'target-port': {
        // Only with a containerPort it points at, in a pod the Service selects.
        const selected = selectedWorkloads(site.service, allWorkloads);
        const follows = moves.some((m) => m.site.kind === 'container-port' && m.from === move.from && selected.includes(m.site.workload));
        if (!follows) return undefined;
        break;
      }
      case 'probe-port': {
        const workload = site.workload;
        if (!moves.some((m) => m.site.kind === 'container-port' && m.from === move.from && m.site.workload === workload)) return undefined;
        break;
      }
      case 'backend-port': {
        const ref = site.ref;
        if (!moves.some((m) => m.site.kind === 'service-port' && m.from === move.from && servicesNamed(ref, [m.site.service]).length > 0)) return undefined;
        break;
      }
      case 'network-policy-port':
        // Allows traffic to a port number: following the move is what it meant.
        break;
      default:
        // A listener port lands on a proxy port; a name is no number.
        return undefined;
    }
  }
  return (port) => port >= 1 && port <= 65535 && checks.every((check) => check(port));
}

/**
 * Whether what refers to a moved containerPort by number moves with it: its pod's probes, and
 * the targetPorts of the Services that reach it (unless another pod they select serves the old
 * number too). The host-port fix plans these; a containerPort moved only because a values key
 * feeds it must not leave them behind.
 */
function referencesFollow(view: WorkspaceView, site: ContainerPortSite, from: number, moved: ReadonlySet<PortField>, inserted: ReadonlySet<ServicePortDecl>): boolean {
  if (knownProtocol(site.decl.protocol) === 'TCP') {
    for (const container of site.workload.containers) for (const probe of container.probes) if (portNumber(probe.port) === from && !moved.has(probe.port)) return false;
  }
  for (const { decl, alsoServed } of serviceReferences(view, site, from, moved)) {
    if (alsoServed.length > 0) continue;
    const followed = decl.targetPort ? moved.has(decl.targetPort) : (decl.port !== undefined && moved.has(decl.port)) || inserted.has(decl);
    if (!followed) return false;
  }
  return true;
}

interface ServiceReference {
  service: Service;
  decl: ServicePortDecl;
  /** The pods the Service selects that still declare the old number: it still reaches them there. */
  alsoServed: Workload[];
}

/**
 * The Service ports whose traffic goes to a containerPort by number: a numeric targetPort, or a
 * port without a targetPort. By number whatever the protocol, as target-port-unresolved matches
 * them; `moved`: the containerPorts that leave the old number.
 */
function serviceReferences(view: WorkspaceView, site: ContainerPortSite, from: number, moved: ReadonlySet<PortField>): ServiceReference[] {
  const workloads = view.models().flatMap((m) => m.workloads);
  const references: ServiceReference[] = [];
  for (const service of view.models().flatMap((m) => m.services)) {
    const selected = selectedWorkloads(service, workloads);
    if (!selected.includes(site.workload)) continue;
    for (const decl of service.ports) {
      if (portNumber(decl.targetPort ?? decl.port) !== from) continue;
      const alsoServed = selected.filter((w) => stillDeclares(w.containers, from, moved));
      references.push({ service, decl, alsoServed });
    }
  }
  return references;
}

function stillDeclares(containers: readonly Container[], port: number, moved: ReadonlySet<PortField>): boolean {
  return containers.some(
    (c) => c.kind !== 'init' && c.kind !== 'ephemeral' && c.ports.some((d) => d.containerPort !== undefined && !moved.has(d.containerPort) && portNumber(d.containerPort) === port),
  );
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

/** The edits that write a number into every move's target (a values key fed to several fields, once). */
function editsFor(moves: readonly Move[], port: number): TextEdit[] {
  const edits: TextEdit[] = [];
  const targets: Target[] = [];
  for (const { target } of moves) {
    if (targets.some((t) => sameTarget(t, target))) continue;
    targets.push(target);
    edits.push({ uri: target.uri, span: target.span, newText: scalar(port, target.quote) });
  }
  return edits;
}

/** `in values.yaml: hostPort, service.port` for the values keys the edits write, files named as messages name them. */
function whereWritten(view: WorkspaceView, moves: readonly Move[]): string | undefined {
  const byFile = new Map<string, string[]>();
  for (const { target } of moves) {
    if (!target.key) continue;
    const keys = byFile.get(target.uri) ?? [];
    if (!keys.includes(target.key.path)) keys.push(target.key.path);
    byFile.set(target.uri, keys);
  }
  if (byFile.size === 0) return undefined;
  return `in ${[...byFile].map(([uri, keys]) => `${view.displayPath(uri)}: ${keys.join(', ')}`).join('; ')}`;
}

function describeSite(site: PortSite): string {
  switch (site.kind) {
    case 'container-port':
    case 'host-port':
      return `${site.field.key} of ${describeWorkload(site.workload)}`;
    case 'probe-port':
      return `the ${site.probe.probe} port`;
    case 'service-port':
    case 'target-port':
    case 'node-port':
      return `the ${site.field.key} of ${serviceName(site.service)}`;
    case 'backend-port':
      return `the ${site.ref.from} backend port`;
    case 'network-policy-port':
      return 'a NetworkPolicy port';
    default:
      return site.field.key;
  }
}

function serviceName(service: Service): string {
  return service.name === undefined ? 'the Service with a templated name' : `Service ${service.name}`;
}

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The title's parenthesis: where the values are written, what else moves or stays. */
function remarks(parts: (string | undefined)[]): string {
  const said = parts.filter((p): p is string => p !== undefined && p !== '');
  return said.length === 0 ? '' : ` (${said.join('; ')})`;
}

/** Fields a values key moves that the fix did not plan, for the title. */
function alsoMoved(moves: readonly Move[], planned: readonly PortSite[]): string | undefined {
  const others = moves.filter((m) => !planned.includes(m.site) && m.site.kind !== 'probe-port' && m.site.kind !== 'target-port');
  if (others.length === 0) return undefined;
  return `which also sets ${listed(others.slice(0, 3).map((m) => describeSite(m.site)))}${others.length > 3 ? ` and ${others.length - 3} more` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// The fixes

/**
 * A port bound on the node moves to the nearest number free there. For a host-network pod that
 * is its containerPort (and hostPort, which must equal it), and what refers to the old number in
 * the pod's probes and its Services' targetPorts follows.
 */
function moveHostPort(view: WorkspaceView, site: ContainerPortSite): CodeAction | undefined {
  const { workload, decl } = site;
  const protocol = knownProtocol(decl.protocol);
  const current = portNumber(site.field);
  if (!protocol || current === undefined) return undefined;
  const together = workload.hostNetwork;
  if (!together && site.kind !== 'host-port') return undefined;
  const fields = together ? [decl.containerPort, decl.hostPort].filter((f) => f !== undefined) : [site.field];
  const planned = fields.map((f) => siteOfField(view, f)).filter((s) => s !== undefined);
  let moves = movesFor(view, planned);
  if (!moves) return undefined;

  const notes: string[] = [];
  const followers: PortSite[] = [];
  const insertions: { service: Service; decl: ServicePortDecl; field: PortField }[] = [];
  const containerPort = together ? portNumber(decl.containerPort) : undefined;
  const containerSite = together ? siteOfField(view, decl.containerPort) : undefined;
  if (containerPort !== undefined && containerSite?.kind === 'container-port') {
    if (protocol === 'TCP') {
      for (const container of workload.containers) {
        for (const probe of container.probes) {
          const follower = portNumber(probe.port) === containerPort ? siteOfField(view, probe.port) : undefined;
          if (follower) followers.push(follower);
        }
      }
    }
    for (const reference of serviceReferences(view, containerSite, containerPort, new Set(moves.map((m) => m.site.field)))) {
      const name = serviceName(reference.service);
      if (reference.alsoServed.length > 0) {
        notes.push(`${name} still targets ${containerPort}, which ${listed(reference.alsoServed.map(describeWorkload))} also declares`);
        continue;
      }
      const targetPort = reference.decl.targetPort;
      if (targetPort) {
        const follower = siteOfField(view, targetPort);
        if (follower) followers.push(follower);
      } else if (reference.decl.port && !moves.some((m) => m.site.field === reference.decl.port)) {
        insertions.push({ service: reference.service, decl: reference.decl, field: reference.decl.port });
      }
    }
    const withFollowers = movesFor(view, followers, moves);
    if (!withFollowers) return undefined;
    moves = withFollowers;
  }

  // A Service port without a targetPort went to the old number by default: it gets a targetPort.
  const inserting = insertions.map((i) => ({ ...i, at: targetPortInsertion(view, i.field) }));
  if (inserting.some((i) => i.at === undefined)) return undefined;
  const free = freeFor(view, moves, new Set(inserting.map((i) => i.decl)));
  const port = free && nearest(current, free, 1, 65535);
  if (port === undefined) return undefined;

  const edits = editsFor(moves, port);
  for (const { at } of inserting) edits.push({ uri: at!.uri, span: { start: at!.offset, end: at!.offset }, newText: at!.text(port) });
  const what = together ? listed(fields.map((f) => f.key)) : 'hostPort';
  const moved = moves.filter((m) => followers.includes(m.site)).map((m) => m.site);
  // What follows, for the title: the probes, and per Service the targetPorts changed or added.
  const targetPorts = new Map<Service, number>();
  for (const follower of moved) if (follower.kind === 'target-port') targetPorts.set(follower.service, (targetPorts.get(follower.service) ?? 0) + 1);
  for (const { service } of inserting) targetPorts.set(service, (targetPorts.get(service) ?? 0) + 1);
  const followerText = [
    ...new Set(moved.filter((s) => s.kind === 'probe-port').map(describeSite)),
    ...[...targetPorts].map(([service, n]) => `the ${n === 1 ? 'targetPort' : 'targetPorts'} of ${serviceName(service)}`),
  ];
  const title =
    `Change ${what} to ${port}, the nearest free port` +
    (followerText.length > 0 ? `, with ${listed(followerText)}` : '') +
    remarks([whereWritten(view, moves), alsoMoved(moves, [...planned, ...followers]), ...notes, together ? `the container must listen on ${port} too` : undefined]);
  return { title, kind: 'quickfix', edits, preferred: true };
}

/**
 * Where a `targetPort:` line goes for a Service port that has none: under its `port:` key, at
 * the key's column. Only when the key starts its line (or a list item) and nothing but a
 * comment follows the value.
 */
function targetPortInsertion(view: WorkspaceView, port: PortField): { uri: string; offset: number; text: (n: number) => string } | undefined {
  const text = view.file(port.uri)?.text;
  const keySpan = port.keySpan;
  if (text === undefined || !keySpan) return undefined;
  const lineStart = text.lastIndexOf('\n', keySpan.start - 1) + 1;
  const before = text.slice(lineStart, keySpan.start);
  if (!/^ *(- +)?$/.test(before)) return undefined;
  const newline = text.indexOf('\n', port.span.end);
  const lineEnd = newline === -1 ? text.length : newline;
  const crlf = newline > 0 && text[newline - 1] === '\r';
  const offset = crlf ? lineEnd - 1 : lineEnd;
  if (!/^[ \t]*(#.*)?$/.test(text.slice(port.span.end, offset))) return undefined;
  const indent = ' '.repeat(before.length);
  return { uri: port.uri, offset, text: (n) => `${crlf ? '\r\n' : '\n'}${indent}targetPort: ${n}` };
}

/** A nodePort moves to the nearest one in the range that no other Service uses. */
function moveNodePort(view: WorkspaceView, site: ServicePortSite): CodeAction | undefined {
  const moves = movesFor(view, [site]);
  const current = portNumber(site.field);
  if (!moves || current === undefined) return undefined;
  const free = freeFor(view, moves);
  if (!free) return undefined;
  const { from, to } = view.settings.nodePortRange;
  const start = Math.min(Math.max(current, from), to);
  const port = nearest(start, free, from, to, start === current);
  if (port === undefined) return undefined;
  const title = `Change nodePort to ${port}, the nearest free one` + remarks([whereWritten(view, moves), alsoMoved(moves, [site])]);
  return { title, kind: 'quickfix', edits: editsFor(moves, port), preferred: true };
}

/** An unresolved port name becomes the declared name it misspells. */
function renameTarget(view: WorkspaceView, site: PortSite): CodeAction | undefined {
  const typed = portName(site.field);
  if (typed === undefined) return undefined;
  const name = closestName(typed, declaredNames(view, site));
  const target = name === undefined ? undefined : targetOf(view, site.field);
  if (name === undefined || !target) return undefined;
  // A value that also names something else (another field the key feeds, another rendering) would rename that too.
  if (fieldsWrittenAt(view, target).some((s) => s !== site)) return undefined;
  const title = `Change to "${name}", the declared port name` + remarks([target.key ? `in ${view.displayPath(target.uri)}: ${target.key.path}` : undefined]);
  return { title, kind: 'quickfix', edits: [{ uri: target.uri, span: target.span, newText: scalar(name, target.quote) }], preferred: true };
}

/** The names an unresolved name could have meant. */
function declaredNames(view: WorkspaceView, site: PortSite): string[] {
  const models = view.models();
  const containerNames = (containers: Container[]) =>
    containers.flatMap((c) => c.ports.map((p) => portName(p.name)).filter((n) => n !== undefined));
  switch (site.kind) {
    case 'target-port': {
      const selected = selectedWorkloads(site.service, models.flatMap((m) => m.workloads));
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

/**
 * A host-network pod binds its containerPort on the node anyway; the hostPort line only adds a
 * way to get it wrong. Only when it says the same as the containerPort: a different hostPort is
 * what the pod binds now, and removing it would move the pod to another port.
 */
function removeHostPort(view: WorkspaceView, site: ContainerPortSite): CodeAction | undefined {
  const text = view.file(site.field.uri)?.text;
  const keySpan = site.field.keySpan;
  if (text === undefined || !keySpan) return undefined;
  const host = portNumber(site.field);
  if (host === undefined || host !== portNumber(site.decl.containerPort)) return undefined;
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
