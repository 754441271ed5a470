// Builds a file's port model: one pass over its documents, dispatching on kind. A document that
// is not a Kubernetes object (no apiVersion or kind) is skipped quietly.

import { parseFile, type ParsedFile } from '../parse/documents';
import { documentStarts, modelByDocuments, shiftedBy, type DocumentCache } from './documents';
import type { YNode } from '../parse/node';
import type { SourceFile } from '../types';
import { FieldCollector, labelsOf, stringOf } from './fields';
import { judgeFile } from './notManifests';
import { podSpecOf, readWorkload } from './pod';
import type { FileModel, Gateway, NetworkPolicyPort, Service, ServicePortRef } from './types';

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** Files with at least this many documents keep their documents' models between edits. */
const MIN_DOCUMENTS_KEPT = 8;

/** A document whose kind, at the top level, is CustomResourceDefinition. */
const CRD = /^kind:[ \t]*["']?CustomResourceDefinition["']?[ \t]*(?:#.*)?$/m;

/** The model of a plain YAML file (a chart's templates are rendered first: ../charts). */
export function buildFileModel(file: SourceFile): FileModel {
  try {
    return judgeFile(file, modelOf(file, parseFile(file)));
  } catch (error) {
    return failedModel(file, error);
  }
}

/**
 * A file the engine failed on (a bug, which the fuzz tests hunt): one finding says so, and every
 * other file is checked as usual.
 */
function failedModel(file: SourceFile, error: unknown): FileModel {
  const model = modelOf(file, parseFile({ uri: file.uri, text: '' }));
  const reason = error instanceof Error ? error.message : String(error);
  model.refusals.push({ rule: 'yaml-too-complex', span: firstLineSpan(file.text), message: `Portolan could not analyse this file (${reason}); please report it` });
  return model;
}

/**
 * For a plain YAML file edited again and again: re-models only the documents whose text changed
 * since `previous`, and returns the cache to pass next time.
 */
export function buildFileModelIncrementally(file: SourceFile, previous: DocumentCache | undefined): { model: FileModel; cache: DocumentCache | undefined } {
  try {
    return modelIncrementally(file, previous);
  } catch (error) {
    return { model: failedModel(file, error), cache: undefined };
  }
}

function modelIncrementally(file: SourceFile, previous: DocumentCache | undefined): { model: FileModel; cache: DocumentCache | undefined } {
  const starts = documentStarts(file.text);
  const definitions = CRD.test(file.text);
  // A file of a few documents parses in no time; keeping its documents would only cost memory.
  if (!starts || (starts.length < MIN_DOCUMENTS_KEPT && !definitions)) return { model: buildFileModel(file), cache: undefined };
  const { model, cache } = modelByDocuments(file.uri, file.text, starts, previous, (text, offset) =>
    // A CustomResourceDefinition declares a type, never a port: its (often huge) schema is not parsed.
    CRD.test(text) ? modelOf(file, parseFile({ uri: file.uri, text: '' })) : shiftedBy(modelOf(file, parseFile({ uri: file.uri, text })), offset),
  );
  return { model: judgeFile(file, model), cache };
}

/** The model of a file too large to analyse: nothing but the refusal. */
export function tooLargeModel(file: SourceFile, limitBytes: number): FileModel {
  const model = modelOf(file, parseFile({ uri: file.uri, text: '' }));
  const megabytes = (n: number) => (n / 1024 / 1024).toFixed(1);
  model.refusals.push({
    rule: 'file-too-large',
    span: firstLineSpan(file.text),
    message: `this file is ${megabytes(file.text.length)} MB, over the ${megabytes(limitBytes)} MB limit (maxFileSize): it is not analysed`,
  });
  return model;
}

/** The text of the first line, without its indentation (at most 200 characters). */
function firstLineSpan(text: string): { start: number; end: number } {
  const eol = text.indexOf('\n') === -1 ? text.length : text.indexOf('\n');
  const start = Math.min(/^[ \t]*/.exec(text)![0].length, eol);
  return { start, end: Math.min(eol, start + 200) };
}

/**
 * The model of a chart's rendered manifest: YAML as Helm reads it (a key given twice takes its
 * last value, as `helm template` and `helm install` accept it), no judgement of what kind of
 * file it is.
 */
export function modelOfYaml(uri: string, text: string): FileModel {
  const file = { uri, text };
  // A CustomResourceDefinition declares a type, never a port: its (often huge) schema is not parsed.
  return modelOf(file, parseFile(CRD.test(text) ? { uri, text: '' } : file, false));
}

function modelOf(file: SourceFile, parsed: ParsedFile): FileModel {
  const fields = new FieldCollector(file.uri);
  const model: FileModel = {
    uri: file.uri,
    helm: false,
    parseErrors: parsed.errors,
    workloads: [],
    services: [],
    gateways: [],
    serviceRefs: [],
    networkPolicyPorts: [],
    portFields: fields.fields,
    badProtocols: fields.badProtocols,
    refusals: parsed.refused.map((refusal) => ({ rule: 'yaml-too-complex' as const, ...refusal })),
    valueSources: [],
  };
  for (const { root, broken } of parsed.documents) {
    const kind = stringOf(root.get('kind'));
    if (kind === undefined || root.get('apiVersion') === undefined) continue;
    const before = { workloads: model.workloads.length, services: model.services.length };
    readObject(fields, model, kind, root);
    // A List (kubectl get -o yaml) holds objects in `items`.
    if (kind.endsWith('List')) {
      for (const item of root.get('items')?.items() ?? []) {
        const itemKind = stringOf(item.get('kind'));
        if (itemKind) readObject(fields, model, itemKind, item);
      }
    }
    // What a broken document declares was read only in part: its workloads may declare more
    // ports and its Services more ports than were read, so nothing is concluded from absence.
    if (broken) {
      for (const workload of model.workloads.slice(before.workloads)) workload.containersOpen = true;
      for (const service of model.services.slice(before.services)) service.portsOpen = true;
    }
  }
  return model;
}

function readObject(fields: FieldCollector, model: FileModel, kind: string, root: YNode): void {
  if (kind === 'Service') model.services.push(readService(fields, root));
  else if (kind === 'Gateway') model.gateways.push(readGateway(fields, root));
  else if (kind === 'Ingress') model.serviceRefs.push(...readIngress(fields, root));
  else if (ROUTE_KINDS.has(kind)) model.serviceRefs.push(...readRoute(fields, kind, root));
  else if (kind === 'NetworkPolicy') model.networkPolicyPorts.push(...readNetworkPolicy(fields, root));
  else {
    const pod = podSpecOf(kind, root);
    if (pod) model.workloads.push(readWorkload(fields, kind, root, pod));
  }
}

function objectSpan(root: YNode) {
  const name = root.get('metadata')?.get('name');
  return name && name.span.end > name.span.start ? name.span : root.keySpan('kind') ?? root.span;
}

function readService(fields: FieldCollector, root: YNode): Service {
  const metadata = root.get('metadata');
  const spec = root.get('spec');
  const typeNode = spec?.get('type');
  const selectorNode = spec?.get('selector');
  const portsNode = spec?.get('ports');
  return {
    uri: fields.uri,
    name: stringOf(metadata?.get('name')),
    namespace: stringOf(metadata?.get('namespace')),
    span: objectSpan(root),
    type: (typeNode && stringOf(typeNode)) ?? 'ClusterIP',
    selector: selectorNode ? labelsOf(selectorNode) : undefined,
    ports: (portsNode?.items() ?? []).filter((item) => item.isMap).map((item) => ({
      span: item.span,
      port: fields.port(item, 'port', 'number'),
      targetPort: fields.port(item, 'targetPort', 'number-or-name'),
      nodePort: fields.port(item, 'nodePort', 'number'),
      protocol: fields.protocol(item),
      name: fields.port(item, 'name', 'service-port-name'),
    })),
    portsOpen: false,
  };
}

function readGateway(fields: FieldCollector, root: YNode): Gateway {
  const metadata = root.get('metadata');
  const spec = root.get('spec');
  const classNode = spec?.get('gatewayClassName');
  return {
    uri: fields.uri,
    name: stringOf(metadata?.get('name')),
    namespace: stringOf(metadata?.get('namespace')),
    span: objectSpan(root),
    className: stringOf(classNode),
    listeners: (spec?.get('listeners')?.items() ?? []).map((listener) => ({
      name: stringOf(listener.get('name')),
      protocol: stringOf(listener.get('protocol')),
      port: fields.port(listener, 'port', 'number'),
    })),
  };
}

function readIngress(fields: FieldCollector, root: YNode): ServicePortRef[] {
  const namespace = stringOf(root.get('metadata')?.get('namespace'));
  const spec = root.get('spec');
  const backends: YNode[] = [];
  const defaultBackend = spec?.get('defaultBackend');
  if (defaultBackend) backends.push(defaultBackend);
  for (const rule of spec?.get('rules')?.items() ?? []) {
    for (const path of rule.get('http')?.get('paths')?.items() ?? []) {
      const backend = path.get('backend');
      if (backend) backends.push(backend);
    }
  }
  const refs: ServicePortRef[] = [];
  for (const backend of backends) {
    const service = backend.get('service');
    const serviceName = stringOf(service?.get('name'));
    const port = service?.get('port');
    const numbered = fields.port(port, 'number', 'number');
    const named = fields.port(port, 'name', 'service-port-name');
    const field = numbered ?? named;
    if (serviceName && field) refs.push({ uri: fields.uri, from: 'Ingress', namespace, serviceName, port: field });
  }
  return refs;
}

function readRoute(fields: FieldCollector, kind: string, root: YNode): ServicePortRef[] {
  const namespace = stringOf(root.get('metadata')?.get('namespace'));
  const refs: ServicePortRef[] = [];
  for (const rule of root.get('spec')?.get('rules')?.items() ?? []) {
    for (const ref of rule.get('backendRefs')?.items() ?? []) {
      const refKind = stringOf(ref.get('kind')) ?? 'Service';
      const group = stringOf(ref.get('group')) ?? '';
      const port = fields.port(ref, 'port', 'number');
      const serviceName = stringOf(ref.get('name'));
      if (refKind !== 'Service' || group !== '' || !port || !serviceName) continue;
      refs.push({ uri: fields.uri, from: kind, namespace: stringOf(ref.get('namespace')) ?? namespace, serviceName, port });
    }
  }
  return refs;
}

function readNetworkPolicy(fields: FieldCollector, root: YNode): NetworkPolicyPort[] {
  const ports: NetworkPolicyPort[] = [];
  const spec = root.get('spec');
  for (const direction of ['ingress', 'egress']) {
    for (const rule of spec?.get(direction)?.items() ?? []) {
      for (const item of rule.get('ports')?.items() ?? []) {
        ports.push({
          uri: fields.uri,
          port: fields.port(item, 'port', 'number-or-name', true),
          endPort: fields.port(item, 'endPort', 'number', true),
          protocol: fields.protocol(item),
        });
      }
    }
  }
  return ports;
}
