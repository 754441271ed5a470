// How messages name a file: by its path in the workspace folder, in its chart, or by its name;
// never by a URI.

import { describe, expect, it } from 'vitest';
import { displayPath } from '../server/src/service/paths';

describe('display paths', () => {
  const folders = ['file:///home/me/work', 'file:///home/me/work/nested/'];

  it.each([
    ['file:///home/me/work/apps/web.yaml', 'apps/web.yaml'],
    ['file:///home/me/work/nested/web.yaml', 'web.yaml'],
    ['file:///home/me/work%20two/web.yaml', 'web.yaml'],
    ['untitled:Untitled-1', 'Untitled-1'],
    // The checker's files are paths already, relative to where it runs.
    ['charts/metrics/values.yaml', 'charts/metrics/values.yaml'],
  ])('%s reads %s', (uri, shown) => {
    expect(displayPath(uri, folders)).toBe(shown);
  });

  it('decodes escapes and matches drive letters however the editor spells them', () => {
    expect(displayPath('file:///home/me/my%20charts/a/values.yaml', ['file:///home/me/my charts'])).toBe('a/values.yaml');
    expect(displayPath('file:///c%3A/work/a.yaml', ['file:///C:/work'])).toBe('a.yaml');
  });

  it('outside the folders, names a file by its path in the outermost chart that holds it', () => {
    const charts = new Set(['file:///tmp/app', 'file:///tmp/app/charts/sub']);
    expect(displayPath('file:///tmp/app/charts/sub/templates/pod.yaml', folders, (f) => charts.has(f))).toBe('charts/sub/templates/pod.yaml');
  });
});
