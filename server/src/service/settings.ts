// The settings that shape a check, one typed path from the editor's configuration or the command
// line to the rules. Passed into every call; never stored.

import { SEVERITY_SETTINGS, type RuleId, type SeveritySetting } from './types';
import { RULES } from './rules/registry';

/**
 * How kgateway maps a Gateway listener port to the port its proxy binds: `current` binds the
 * listener port itself; `v2.0` (kgateway v2.0.x) added 8000 to listener ports below 1024.
 */
export type KgatewayPortMapping = 'current' | 'v2.0';
export const KGATEWAY_PORT_MAPPINGS: readonly KgatewayPortMapping[] = ['current', 'v2.0'];

export interface PortRange {
  from: number;
  to: number;
}

export interface Settings {
  /** Built-in platform catalogs that apply (user catalogs always apply). */
  platforms: string[];
  nodePortRange: PortRange;
  kgatewayPortMapping: KgatewayPortMapping;
  /** Severity per rule; a rule not named here keeps its default. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
}

export const DEFAULT_NODE_PORT_RANGE: PortRange = { from: 30000, to: 32767 };

export function defaultSettings(platforms: readonly string[]): Settings {
  return { platforms: [...platforms], nodePortRange: { ...DEFAULT_NODE_PORT_RANGE }, kgatewayPortMapping: 'current', rules: {} };
}

/** Parses `30000-32767`; returns a message when the text is not a valid range. */
export function parsePortRange(text: string): PortRange | string {
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (!match) return `"${text}" is not a port range like 30000-32767`;
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from < 1 || to > 65535 || from > to) return `"${text}" is not a port range within 1-65535 with FROM <= TO`;
  return { from, to };
}

/** Parses `rule-id=severity`; returns a message when either part is unknown. */
export function parseRuleSeverity(text: string): [RuleId, SeveritySetting] | string {
  const [id, severity] = text.split('=').map((part) => part.trim());
  if (!id || !(id in RULES)) return `unknown rule "${id ?? ''}" (rules: ${Object.keys(RULES).join(', ')})`;
  if (!severity || !SEVERITY_SETTINGS.includes(severity as SeveritySetting)) {
    return `unknown severity "${severity ?? ''}" for ${id} (one of ${SEVERITY_SETTINGS.join(', ')})`;
  }
  return [id as RuleId, severity as SeveritySetting];
}
