// port-invalid: a port number that is not an integer in 1-65535, a port name that is not a valid
// IANA service name, a name where only a number is allowed, a protocol Kubernetes does not know.

import type { PortField } from '../model/types';
import type { Finding } from '../types';
import type { RuleContext } from './context';

export function checkPortValues({ files }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    for (const field of file.portFields) {
      const problem = problemOf(field);
      if (problem) findings.push({ rule: 'port-invalid', uri: field.uri, span: field.span, message: problem, related: [] });
    }
    for (const { span, text } of file.badProtocols) {
      findings.push({ rule: 'port-invalid', uri: file.uri, span, message: `protocol "${text}" is not one of TCP, UDP, SCTP (Kubernetes spells them in capitals)`, related: [] });
    }
  }
  return findings;
}

function problemOf(field: PortField): string | undefined {
  const { raw, key, accepts } = field;
  if (raw.kind === 'unknown') return undefined;
  if (raw.kind === 'other') return `${key} needs a ${accepts === 'name' ? 'port name' : 'port number'}, not ${raw.text.trim() === '' ? 'an empty value' : `"${raw.text.trim()}"`}`;
  if (accepts === 'name') {
    if (raw.kind === 'number') return `port name ${raw.value} must contain at least one letter (IANA service names are like "http" or "metrics")`;
    return nameProblem(key, raw.value);
  }
  if (raw.kind === 'number') return numberProblem(key, raw.value);
  // A string where a number belongs.
  if (/^\s*\d+\s*$/.test(raw.value)) {
    return accepts === 'number'
      ? `${key} must be a number, not the string "${raw.value}": remove the quotes`
      : `${key} "${raw.value}" is a string, so Kubernetes reads it as a port name, and a port name needs a letter: remove the quotes`;
  }
  if (accepts === 'number') return `${key} takes a port number; "${raw.value}" is a name, which only targetPort and probe ports accept`;
  return nameProblem(key, raw.value);
}

function numberProblem(key: string, value: number): string | undefined {
  if (!Number.isInteger(value)) return `${key} ${value} is not a whole number`;
  if (value < 1 || value > 65535) return `${key} ${value} is not a port number: ports run from 1 to 65535`;
  return undefined;
}

/** IANA service names (RFC 6335): at most 15 characters of a-z, 0-9 and '-', a letter, no '-' at either end or twice in a row. */
export function nameProblem(key: string, name: string): string | undefined {
  const what = key === 'name' ? `port name "${name}"` : `${key} "${name}"`;
  if (name.length === 0) return `${what} is empty`;
  if (name.length > 15) return `${what} is ${name.length} characters long; a port name has at most 15`;
  if (!/^[a-z0-9-]+$/.test(name)) return `${what} may hold only lowercase letters, digits and '-'`;
  if (!/[a-z]/.test(name)) return `${what} must contain at least one letter`;
  if (name.startsWith('-') || name.endsWith('-')) return `${what} may not begin or end with '-'`;
  if (name.includes('--')) return `${what} may not contain '--'`;
  return undefined;
}
