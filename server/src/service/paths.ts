// How messages name a file. A file's identity is a URI in the editor (`file:///…/templates/a.yaml`)
// and a path relative to the working folder in the checker; people read neither URIs nor absolute
// paths, so messages and hovers name a file by its path inside the workspace folder that holds
// it, else inside its chart, else by its name.

/** Whether the identity is a URI (`file:`, `untitled:`) rather than a path the checker was given. */
function isUri(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri);
}

/** A URI as text to compare: percent-escapes decoded, a Windows drive letter in lower case. */
function comparable(uri: string): string {
  let decoded = uri;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // A stray `%`: compared as written.
  }
  return decoded.replace(/^file:\/\/\/([A-Za-z]):/, (_, drive: string) => `file:///${drive.toLowerCase()}:`).replace(/\/+$/, '');
}

/**
 * The path to show for a file: relative to the innermost workspace folder (folder URIs) that
 * holds it; else relative to the outermost chart folder that holds it (`isChartRoot` says whether
 * a folder URI holds a Chart.yaml); else the file's name. A path that is not a URI is the
 * checker's, already relative to where it ran: shown as it is.
 */
export function displayPath(uri: string, folders: readonly string[], isChartRoot: (folderUri: string) => boolean = () => false): string {
  if (!isUri(uri)) return uri;
  const file = comparable(uri);
  let folder: string | undefined;
  for (const candidate of folders.map(comparable)) {
    if (file.startsWith(`${candidate}/`) && (folder === undefined || candidate.length > folder.length)) folder = candidate;
  }
  if (folder !== undefined) return file.slice(folder.length + 1);
  // The folders that hold the file, outermost first (`file:///a`, `file:///a/b`, …).
  for (let slash = uri.indexOf('/', uri.indexOf(':///') === -1 ? 0 : uri.indexOf(':///') + 4); slash !== -1; slash = uri.indexOf('/', slash + 1)) {
    const candidate = uri.slice(0, slash);
    if (isChartRoot(candidate)) return file.slice(comparable(candidate).length + 1);
  }
  return file.replace(/^[a-z][a-z0-9+.-]+:/i, '').split('/').pop() ?? file;
}
