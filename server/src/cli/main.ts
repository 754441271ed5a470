// `portolan check`: argv in, exit code out. 0 when nothing has severity error, 1 when something
// does, 2 when the check could not run. Any surprise ends as a one-line message, never a stack.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import packageJson from '../../../package.json';
import { BUILTIN_CATALOGS, CatalogValidator, checkFiles, duplicatePlatforms, formatCatalogProblem, parseCatalogText, type LoadedCatalog } from '../service/index';
import { parseCommandLine, USAGE, type CheckCommand } from './args';
import { collectFiles, FileError } from './files';
import { formatJson } from './format/json';
import { rangeResolver } from './format/positions';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';

interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

function main(argv: readonly string[], io: Io): number {
  try {
    const command = parseCommandLine(argv);
    switch (command.kind) {
      case 'help':
        io.stdout(USAGE);
        return 0;
      case 'version':
        io.stdout(`${packageJson.version}\n`);
        return 0;
      case 'usage-error':
        io.stderr(`portolan: ${command.message}\n`);
        return 2;
      case 'check':
        return check(command, io);
    }
  } catch (error) {
    io.stderr(`portolan: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function check(command: CheckCommand, io: Io): number {
  const userCatalogs = loadCatalogs(command.catalogs, io);
  if (userCatalogs === undefined) return 2;
  let collected;
  let valueFiles;
  try {
    collected = collectFiles(command.paths, io.cwd, command.exclude);
    valueFiles = collectFiles(command.valueFiles, io.cwd).files;
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    io.stderr(`portolan: ${error.message}\n`);
    return 2;
  }
  for (const warning of collected.warnings) io.stderr(`portolan: ${warning}\n`);
  if (collected.files.length === 0) io.stderr(`portolan: warning: no *.yaml or *.yml files under ${command.paths.join(', ')}\n`);

  // Values files are read with the manifests (a finding they cause lands on them too).
  const files = [...collected.files, ...valueFiles.filter((v) => !collected.files.some((f) => f.uri === v.uri))];
  const settings = { ...command.settings, helm: { ...command.settings.helm, valueFiles: valueFiles.map((v) => v.uri) } };
  const diagnostics = checkFiles(files, { settings, userCatalogs });
  const resolve = rangeResolver(files);
  switch (command.format) {
    case 'text':
      io.stdout(formatText(diagnostics, files.length, resolve));
      break;
    case 'json':
      io.stdout(formatJson(diagnostics, files.length, resolve));
      break;
    case 'sarif':
      io.stdout(formatSarif(diagnostics, packageJson.version, resolve));
      break;
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** Reads and validates every user catalog; reports each problem and returns undefined when any is bad. */
function loadCatalogs(fileNames: readonly string[], io: Io): LoadedCatalog[] | undefined {
  if (fileNames.length === 0) return [];
  const validator = new CatalogValidator();
  const catalogs: LoadedCatalog[] = [];
  let ok = true;
  for (const fileName of fileNames) {
    let text: string;
    try {
      text = readFileSync(path.resolve(io.cwd, fileName), 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
      io.stderr(`portolan: cannot read catalog ${fileName}: ${reason}\n`);
      ok = false;
      continue;
    }
    const result = parseCatalogText(text, fileName, validator);
    for (const problem of result.problems) io.stderr(`portolan: ${formatCatalogProblem(problem)}\n`);
    if (result.catalog) catalogs.push(result.catalog);
    else ok = false;
  }
  for (const { message } of duplicatePlatforms(BUILTIN_CATALOGS, catalogs)) {
    io.stderr(`portolan: ${message}\n`);
    ok = false;
  }
  return ok ? catalogs : undefined;
}

// A reader that stops early (`| head`) closes the pipe: end quietly, never with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode);
  process.stderr.write(`portolan: cannot write the output: ${error.message}\n`);
  process.exit(2);
});

// exitCode, not exit(): a piped stdout gets all of its output before the process ends.
process.exitCode = main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
