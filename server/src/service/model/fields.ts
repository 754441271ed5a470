// Reading single fields into the port model: port values, protocols, labels, names.

import { PROTOCOLS, type Protocol } from '../catalog/types';
import type { YNode } from '../parse/node';
import type { Span } from '../types';
import type { Labels, PortField, PortFieldKind, ProtocolValue, Raw } from './types';

/** Collects every port field of one file as it is read. */
export class FieldCollector {
  readonly fields: PortField[] = [];
  /** Protocol values that are not TCP, UDP or SCTP, for port-invalid. */
  readonly badProtocols: { span: Span; text: string }[] = [];

  constructor(readonly uri: string) {}

  /** The port field under `key` of `parent`, or undefined when the key is absent. */
  /** `optional`: a field Kubernetes reads as absent when it is null (a NetworkPolicy's port: every port). */
  port(parent: YNode | undefined, key: string, accepts: PortFieldKind, optional = false): PortField | undefined {
    const node = parent?.get(key);
    if (!node || (optional && node.scalar() === null)) return undefined;
    const keySpan = parent!.keySpan(key);
    // An empty value has an empty span: point at its key instead, so the finding can be seen.
    const span = node.span.end > node.span.start ? node.span : keySpan ?? node.span;
    const field: PortField = { uri: this.uri, key, accepts, span, keySpan, raw: rawOf(node) };
    this.fields.push(field);
    return field;
  }

  /** The protocol under `protocol` of `parent`: TCP when absent. */
  protocol(parent: YNode | undefined): ProtocolValue {
    const node = parent?.get('protocol');
    // Null (`protocol:` rendered from an unset value) is absent: the API server defaults it to TCP.
    if (!node || node.scalar() === null) return 'TCP';
    const text = node.string() ?? node.sourceText();
    if (PROTOCOLS.includes(text as Protocol)) return text as Protocol;
    this.badProtocols.push({ span: node.span, text });
    return { invalid: text };
  }
}

export function rawOf(node: YNode): Raw {
  const value = node.scalar();
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string') return { kind: 'string', value, quoted: node.quoted };
  return { kind: 'other', text: node.sourceText() };
}

/** A string value; undefined when absent, null or not a scalar. */
export function stringOf(node: YNode | undefined): string | undefined {
  if (!node) return undefined;
  return node.string();
}

export function labelsOf(node: YNode | undefined): Labels {
  if (!node) return { known: {} };
  const known: Record<string, string> = {};
  for (const [key, value] of node.entries()) {
    const text = stringOf(value);
    if (text !== undefined) known[key] = text;
  }
  return { known };
}
