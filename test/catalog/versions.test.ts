// Entries that hold for a version range: the range grammar, and which entries a check's catalog
// keeps for the version it assumes (kgateway v2.0.x against v2.1 and later).

import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS } from '../../server/src/service/catalog/builtin';
import { Catalog, parsePlatformSelection, selectCatalogs, versionsFromSettings } from '../../server/src/service/catalog/catalog';
import { parseVersion, parseVersionRange, rangeIncludes, rangeIsCurrent } from '../../server/src/service/catalog/versions';

describe('version ranges', () => {
  it.each([
    ['<2.1', '2.0.9', true],
    ['<2.1', '2.1.0', false],
    ['>=2.1', '2.1.0', true],
    ['>=2.1', 'v2.4.4', true],
    ['>=2.1', '2.0.2', false],
    ['2.0.x', '2.0.2', true],
    ['2.0.x', '2.1.0', false],
    ['2.0', '2.0.7', true],
    ['=2.0.2', '2.0.2', true],
    ['=2.0.2', '2.0.3', false],
    ['<=1.22', '1.22.9', true],
    ['<=1.22', '1.23.0', false],
    ['>1.2', '1.2.9', false],
    ['>1.2', '1.3.0', true],
    ['>=1.16 <1.20', '1.19.4', true],
    ['>=1.16 <1.20', '1.20.0', false],
    ['<2.3.8 || >=2.4.0 <2.4.4', '2.3.7', true],
    ['<2.3.8 || >=2.4.0 <2.4.4', '2.3.8', false],
    ['<2.3.8 || >=2.4.0 <2.4.4', '2.4.3', true],
    ['<2.3.8 || >=2.4.0 <2.4.4', '2.4.4', false],
    ['>=1.36', 'v1.36.0+rke2r1', true],
    ['<1.36', 'v1.35.4+rke2r1', true],
    ['*', '0.0.1', true],
  ])('%s holds for %s: %s', (range, version, holds) => {
    expect(rangeIncludes(range, version)).toBe(holds);
  });

  it('tells a range open above from one that ended', () => {
    expect(rangeIsCurrent('>=2.1')).toBe(true);
    expect(rangeIsCurrent('*')).toBe(true);
    expect(rangeIsCurrent('<2.1')).toBe(false);
    expect(rangeIsCurrent('2.0.x')).toBe(false);
    expect(rangeIsCurrent('<2.3.8 || >=2.4.0 <2.4.4')).toBe(false);
    expect(rangeIsCurrent('>=2.3.8 <2.4.0 || >=2.4.4')).toBe(true);
  });

  it('names what is wrong with a range, and never throws', () => {
    expect(parseVersionRange('from 2.1')).toMatch(/is not a version range/);
    expect(parseVersionRange('>=2.1 <2.0')).toMatch(/holds for no version/);
    expect(parseVersionRange('')).toMatch(/is not a version range/);
    expect(rangeIncludes('nonsense', '1.0.0')).toBe(false);
    expect(rangeIncludes('>=1', 'not a version')).toBe(false);
    expect(parseVersion('v1.2')).toEqual([1, 2, 0]);
    expect(parseVersion('1.2.3-rc.1')).toEqual([1, 2, 3]);
  });
});

describe('a check keeps the entries that hold for the version it assumes', () => {
  const ports = (catalog: Catalog, component: string) =>
    catalog.podEntries.filter(({ entry }) => entry.component === component).map(({ entry }) => entry.port).sort((a, b) => a! - b!);

  it('assumes the newest kgateway when no version is named: no 9976, no 9097, listeners land where they are written', () => {
    const catalog = selectCatalogs(BUILTIN_CATALOGS, ['kgateway'], []);
    expect(ports(catalog, 'kgateway')).toEqual([9092, 9093, 9095, 9099, 9977]);
    expect(ports(catalog, 'gateway proxy')).toEqual([8082, 9091, 19000]);
  });

  it('keeps the v2.0.x entries for kgateway@2.0.2', () => {
    const catalog = selectCatalogs(BUILTIN_CATALOGS, ['kgateway@2.0.2'], []);
    expect(ports(catalog, 'kgateway')).toEqual([9092, 9093, 9097, 9099, 9976, 9977]);
    expect(ports(catalog, 'gateway proxy')).toEqual([8080, 8082, 8443, 9091, 19000]);
  });

  it('takes a version from the caller too; the selection\'s own wins', () => {
    expect(ports(selectCatalogs(BUILTIN_CATALOGS, ['kgateway'], [], { kgateway: '2.0.1' }), 'kgateway')).toContain(9976);
    expect(ports(selectCatalogs(BUILTIN_CATALOGS, ['kgateway@2.4.4'], [], { kgateway: '2.0.1' }), 'kgateway')).not.toContain(9976);
  });

  it('shows every version\'s entries to the hover, whatever the version', () => {
    const catalog = selectCatalogs(BUILTIN_CATALOGS, ['kgateway'], []);
    expect(catalog.entriesFor(9976).map(({ entry }) => entry.versions)).toEqual(['<2.1']);
  });

  it('reads kgatewayPortMapping v2.0 as kgateway v2.0.x', () => {
    expect(versionsFromSettings({ kgatewayPortMapping: 'v2.0' })).toEqual({ kgateway: '2.0.0' });
    expect(versionsFromSettings({ kgatewayPortMapping: 'current' })).toEqual({});
    expect(ports(selectCatalogs(BUILTIN_CATALOGS, ['kgateway'], [], versionsFromSettings({ kgatewayPortMapping: 'v2.0' })), 'kgateway')).toContain(9976);
  });

  it('splits a selection into its platform and version', () => {
    expect(parsePlatformSelection('kgateway')).toEqual({ platform: 'kgateway' });
    expect(parsePlatformSelection('kgateway@2.0.2')).toEqual({ platform: 'kgateway', version: '2.0.2' });
    expect(parsePlatformSelection('kgateway@')).toEqual({ platform: 'kgateway' });
  });

  it('picks the versioned rows of the other catalogs the same way', () => {
    const metallb = (selection: string) =>
      selectCatalogs(BUILTIN_CATALOGS, [selection], [])
        .nodeReservations(7472, 'TCP')
        .map(({ entry }) => entry.component);
    expect(metallb('metallb')).toEqual([]);
    expect(metallb('metallb@0.15.3')).toEqual(['speaker']);
    const rke2 = (selection: string) =>
      selectCatalogs(BUILTIN_CATALOGS, [selection], [])
        .nodeReservations(443, 'TCP')
        .map(({ entry }) => entry.component);
    expect(rke2('rke2')).toEqual(['rke2-traefik']);
    expect(rke2('rke2@v1.35.4+rke2r1')).toEqual(['rke2-ingress-nginx']);
  });
});
