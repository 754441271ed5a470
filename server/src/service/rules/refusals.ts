// file-too-large, yaml-too-complex and template-not-analysed: what was refused rather than
// analysed, said out loud so that silence never hides an unread file.

import type { Finding } from '../types';
import type { RuleContext } from './context';

export function checkRefusals({ files }: RuleContext): Finding[] {
  return files.flatMap((file) => file.refusals.map((refusal): Finding => ({ rule: refusal.rule, uri: file.uri, span: refusal.span, message: refusal.message, related: [] })));
}
