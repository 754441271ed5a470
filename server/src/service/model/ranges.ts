// A `range` body rendered once per item: what a further item's rendering yields inside the body
// (port declarations, whole containers, Service ports) joins the first rendering's model, at the
// same places in the text.

import type { Span } from '../types';
import type { FileModel } from './types';

function inside(span: Span | undefined, body: Span): boolean {
  return span !== undefined && body.start <= span.start && span.end <= body.end;
}

export function mergeRangeItem(model: FileModel, item: FileModel, body: Span): void {
  item.workloads.forEach((workload, w) => {
    const target = model.workloads[w];
    if (!target) return;
    workload.containers.forEach((container, c) => {
      if (inside(container.nameSpan ?? container.ports[0]?.span, body)) {
        target.containers.push(container);
        return;
      }
      const same = target.containers[c];
      if (!same) return;
      same.ports.push(...container.ports.filter((decl) => inside(decl.span, body)));
      same.probes.push(...container.probes.filter((probe) => inside(probe.port.span, body)));
    });
  });
  item.services.forEach((service, s) => {
    model.services[s]?.ports.push(...service.ports.filter((decl) => inside(decl.span, body)));
  });
  item.gateways.forEach((gateway, g) => {
    model.gateways[g]?.listeners.push(...gateway.listeners.filter((listener) => inside(listener.port?.span, body)));
  });
  model.portFields.push(...item.portFields.filter((field) => inside(field.span, body)));
  model.badProtocols.push(...item.badProtocols.filter((bad) => inside(bad.span, body)));
  model.valueSources.push(...item.valueSources.filter((use) => inside(use.span, body)));
  model.serviceRefs.push(...item.serviceRefs.filter((ref) => inside(ref.port.span, body)));
  model.networkPolicyPorts.push(...item.networkPolicyPorts.filter((port) => inside(port.port?.span, body)));
}
