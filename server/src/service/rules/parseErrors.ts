// parse-error: YAML that does not parse (in a Helm template, outside its actions).

import type { Finding } from '../types';
import type { RuleContext } from './context';

export function checkParseErrors({ files }: RuleContext): Finding[] {
  return files.flatMap((file) =>
    file.parseErrors.map(
      (error): Finding => ({ rule: 'parse-error', uri: file.uri, span: error.span, message: `YAML does not parse: ${error.message}`, related: [] }),
    ),
  );
}
