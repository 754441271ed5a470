// The catalogs that ship with Portolan, bundled from catalog/*.json. They are not validated here:
// test/catalog/schema.test.ts validates every file, so a cast is all the typing they need.

import kgateway from '../../../../catalog/kgateway.json';
import konvoy from '../../../../catalog/konvoy.json';
import canonicalKubernetes from '../../../../catalog/canonical-kubernetes.json';
import type { CatalogFile, LoadedCatalog } from './types';

function builtin(json: unknown, fileName: string): LoadedCatalog {
  const { platform, title, description, entries } = json as CatalogFile;
  return description === undefined ? { platform, title, entries, fileName } : { platform, title, description, entries, fileName };
}

export const BUILTIN_CATALOGS: readonly LoadedCatalog[] = [
  builtin(kgateway, 'catalog/kgateway.json'),
  builtin(konvoy, 'catalog/konvoy.json'),
  builtin(canonicalKubernetes, 'catalog/canonical-kubernetes.json'),
];

/** Platform ids of the built-in catalogs, in the order above. */
export const BUILTIN_PLATFORMS: readonly string[] = BUILTIN_CATALOGS.map((catalog) => catalog.platform);
