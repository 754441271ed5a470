// The rules that relate files to each other, kept up to date edit by edit: indexes of host
// ports, nodePorts, workloads by label, Services by selector and name, and backend references
// are updated with what a file adds and removes, and only the groups, Services and references
// an edit touches are checked again. The findings of everything else are kept.

import { hostBindings, type HostBinding } from './model/ports';
import { labelKeys, selectorKey, servicesNamed, WorkloadIndex } from './model/links';
import type { FileModel, Service, ServicePortRef, Workload } from './model/types';
import { conflictsInGroup, hostPortKey } from './rules/hostPorts';
import { conflictsInNodePortGroup, nodePortKey, nodePortUses, type NodePortUse } from './rules/services';
import { backendPort, serviceTargets } from './rules/targetPorts';
import type { Diagnostic, Finding } from './types';

interface FileShare {
  workloads: readonly Workload[];
  services: readonly Service[];
  refs: readonly ServicePortRef[];
}

function add<K, V>(map: Map<K, Set<V>>, key: K | undefined, value: V): void {
  if (key === undefined) return;
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

export class CrossFileFindings {
  private readonly files = new Map<string, FileShare>();
  private readonly bindings = new WeakMap<Workload, HostBinding[]>();
  private readonly nodePorts = new WeakMap<Service, NodePortUse[]>();
  private readonly hostByKey = new Map<string, Set<HostBinding>>();
  private readonly nodeByKey = new Map<string, Set<NodePortUse>>();
  private readonly workloads = new WorkloadIndex();
  private readonly servicesBySelector = new Map<string, Set<Service>>();
  private readonly servicesByName = new Map<string, Set<Service>>();
  private readonly allServices = new Set<Service>();
  private readonly refsByName = new Map<string, Set<ServicePortRef>>();
  private readonly allRefs = new Set<ServicePortRef>();

  private readonly hostFindings = new Map<string, Diagnostic[]>();
  private readonly nodeFindings = new Map<string, Diagnostic[]>();
  private readonly serviceFindings = new Map<Service, Diagnostic[]>();
  private readonly refFindings = new Map<ServicePortRef, Diagnostic[]>();

  private readonly dirtyHost = new Set<string>();
  private readonly dirtyNode = new Set<string>();
  private readonly dirtyServices = new Set<Service>();
  private readonly dirtyRefs = new Set<ServicePortRef>();
  private everythingDirty = false;
  /** The groups checked again or gone since changedGroups() or groups() was last called (see keep). */
  private readonly regrouped = new Map<unknown, readonly Diagnostic[]>();

  /** `severity` turns a finding into a diagnostic (or drops it): the settings' job. */
  constructor(private severity: (findings: readonly Finding[]) => Diagnostic[]) {}

  /** New severities: every kept finding is turned into a diagnostic again. */
  resetSeverities(severity: (findings: readonly Finding[]) => Diagnostic[]): void {
    this.severity = severity;
    this.everythingDirty = true;
  }

  /** A file's new model (undefined: the file is gone). */
  update(uri: string, model: FileModel | undefined): void {
    const old = this.files.get(uri);
    const dirtyLabels = new Set<string>();
    const dirtyNames = new Set<string>();
    // What the file's new model still holds (a document an edit did not touch keeps its objects)
    // stays where it is: only what came or went makes its groups be checked again.
    const gone = <T>(before: readonly T[] | undefined, after: readonly T[] | undefined) => {
      const kept = new Set(after);
      return (before ?? []).filter((item) => !kept.has(item));
    };
    for (const workload of gone(old?.workloads, model?.workloads)) {
      for (const binding of this.bindingsOf(workload)) {
        this.hostByKey.get(hostPortKey(binding))?.delete(binding);
        this.dirtyHost.add(hostPortKey(binding));
      }
      this.forgetWorkload(workload, dirtyLabels);
    }
    for (const service of gone(old?.services, model?.services)) {
      for (const use of this.nodePortsOf(service)) {
        this.nodeByKey.get(nodePortKey(use))?.delete(use);
        this.dirtyNode.add(nodePortKey(use));
      }
      this.forgetService(service, dirtyNames);
    }
    for (const ref of gone(old?.refs, model?.serviceRefs)) {
      this.refsByName.get(ref.serviceName)?.delete(ref);
      this.allRefs.delete(ref);
      this.drop(this.refFindings, ref);
      this.dirtyRefs.delete(ref);
    }
    if (!model) {
      this.files.delete(uri);
    } else {
      for (const workload of gone(model.workloads, old?.workloads)) {
        for (const binding of this.bindingsOf(workload)) {
          add(this.hostByKey, hostPortKey(binding), binding);
          this.dirtyHost.add(hostPortKey(binding));
        }
        this.workloads.add(workload);
        for (const key of labelKeys(workload)) dirtyLabels.add(key);
      }
      for (const service of gone(model.services, old?.services)) {
        for (const use of this.nodePortsOf(service)) {
          add(this.nodeByKey, nodePortKey(use), use);
          this.dirtyNode.add(nodePortKey(use));
        }
        add(this.servicesBySelector, selectorKey(service), service);
        add(this.servicesByName, service.name, service);
        this.allServices.add(service);
        this.dirtyServices.add(service);
        if (service.name !== undefined) dirtyNames.add(service.name);
      }
      for (const ref of gone(model.serviceRefs, old?.refs)) {
        add(this.refsByName, ref.serviceName, ref);
        this.allRefs.add(ref);
        this.dirtyRefs.add(ref);
      }
      this.files.set(uri, { workloads: model.workloads, services: model.services, refs: model.serviceRefs });
    }
    // Services that may select a workload that came or went, references to Services that did.
    for (const label of dirtyLabels) for (const service of this.servicesBySelector.get(label) ?? []) this.dirtyServices.add(service);
    for (const name of dirtyNames) for (const ref of this.refsByName.get(name) ?? []) this.dirtyRefs.add(ref);
  }

  /** A workload's host bindings, the same objects for as long as the workload stands. */
  private bindingsOf(workload: Workload): HostBinding[] {
    let bindings = this.bindings.get(workload);
    if (!bindings) this.bindings.set(workload, (bindings = hostBindings(workload)));
    return bindings;
  }

  /** A Service's nodePorts, the same objects for as long as the Service stands. */
  private nodePortsOf(service: Service): NodePortUse[] {
    let uses = this.nodePorts.get(service);
    if (!uses) this.nodePorts.set(service, (uses = nodePortUses(service)));
    return uses;
  }


  /** Every cross-file diagnostic, with only what the updates touched checked again. */
  diagnostics(): Diagnostic[] {
    const all: Diagnostic[] = [];
    for (const [, list] of this.groups()) for (const diagnostic of list) all.push(diagnostic);
    return all;
  }

  /**
   * Every group's findings (a hostPort's binders, a nodePort's users, a Service's targets, a
   * reference's backend), by a key that names the group for as long as it stands.
   */
  groups(): [unknown, readonly Diagnostic[]][] {
    this.recheck();
    this.regrouped.clear();
    const groups: [unknown, readonly Diagnostic[]][] = [];
    for (const [key, list] of this.hostFindings) groups.push([`host\0${key}`, list]);
    for (const [key, list] of this.nodeFindings) groups.push([`node\0${key}`, list]);
    for (const [service, list] of this.serviceFindings) groups.push([service, list]);
    for (const [ref, list] of this.refFindings) groups.push([ref, list]);
    return groups;
  }

  /** The groups checked again since the last call (or groups()), with their findings now: none for a group gone. */
  changedGroups(): [unknown, readonly Diagnostic[]][] {
    this.recheck();
    const changed = [...this.regrouped];
    this.regrouped.clear();
    return changed;
  }

  /** Checks again what the updates touched. */
  private recheck(): void {
    if (this.everythingDirty) {
      for (const key of this.hostByKey.keys()) this.dirtyHost.add(key);
      for (const key of this.nodeByKey.keys()) this.dirtyNode.add(key);
      for (const service of this.allServices) this.dirtyServices.add(service);
      for (const ref of this.allRefs) this.dirtyRefs.add(ref);
      this.everythingDirty = false;
    }
    for (const key of this.dirtyHost) {
      const group = [...(this.hostByKey.get(key) ?? [])];
      if (group.length === 0) this.hostByKey.delete(key);
      this.keep(this.hostFindings, key, `host\0${key}`, group.length < 2 ? [] : conflictsInGroup(group));
    }
    for (const key of this.dirtyNode) {
      const group = [...(this.nodeByKey.get(key) ?? [])];
      if (group.length === 0) this.nodeByKey.delete(key);
      this.keep(this.nodeFindings, key, `node\0${key}`, group.length < 2 ? [] : conflictsInNodePortGroup(group));
    }
    for (const service of this.dirtyServices) this.keep(this.serviceFindings, service, service, serviceTargets(service, this.workloads));
    for (const ref of this.dirtyRefs) {
      const named = [...(this.servicesByName.get(ref.serviceName) ?? [])];
      this.keep(this.refFindings, ref, ref, backendPort(ref, servicesNamed(ref, named)));
    }
    this.dirtyHost.clear();
    this.dirtyNode.clear();
    this.dirtyServices.clear();
    this.dirtyRefs.clear();
  }

  /** `group`: the key groups() names the group by. */
  private keep<K>(cache: Map<K, Diagnostic[]>, key: K, group: unknown, findings: Finding[]): void {
    const before = cache.get(key);
    if (findings.length === 0) {
      cache.delete(key);
      if (before) this.regrouped.set(group, []);
      return;
    }
    const list = this.severity(findings);
    cache.set(key, list);
    this.regrouped.set(group, list);
  }

  /** A group that is gone without being checked again (its Service or reference left). */
  private drop<K>(cache: Map<K, Diagnostic[]>, key: K & object): void {
    if (cache.delete(key)) this.regrouped.set(key, []);
  }

  private forgetWorkload(workload: Workload, dirtyLabels: Set<string>): void {
    this.workloads.remove(workload);
    for (const key of labelKeys(workload)) dirtyLabels.add(key);
  }

  private forgetService(service: Service, dirtyNames: Set<string>): void {
    const selector = selectorKey(service);
    if (selector !== undefined) this.servicesBySelector.get(selector)?.delete(service);
    if (service.name !== undefined) {
      this.servicesByName.get(service.name)?.delete(service);
      dirtyNames.add(service.name);
    }
    this.allServices.delete(service);
    this.drop(this.serviceFindings, service);
    this.dirtyServices.delete(service);
  }
}
