// Every shipped catalog passes the schema, and a broken user catalog is rejected with a message
// that names the file, the entry and the field.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from '../../server/src/service/catalog/builtin';
import { CatalogValidator, formatCatalogProblem, parseCatalogText, validateCatalog } from '../../server/src/service/catalog/load';

const catalogDir = path.resolve(__dirname, '../../catalog');
const catalogFiles = readdirSync(catalogDir).filter((name) => name.endsWith('.json') && name !== 'schema.json');

const goodEntry = {
  port: 7000,
  protocol: 'TCP',
  component: 'my-daemon',
  usage: 'metrics',
  source: 'our runbook',
  where: { node: { roles: ['worker'], interface: 'all' } },
};

/** A user catalog whose single entry is `goodEntry` changed by `change`. */
function userCatalog(change: (entry: Record<string, unknown>) => void): string {
  const entry: Record<string, unknown> = structuredClone(goodEntry);
  change(entry);
  return JSON.stringify({ platform: 'my-platform', title: 'My platform', entries: [entry] });
}

describe('shipped catalogs', () => {
  it('finds the three catalog files', () => {
    expect(catalogFiles.sort()).toEqual(['canonical-kubernetes.json', 'kgateway.json', 'konvoy.json']);
  });

  it.each(catalogFiles)('%s validates with no problems', (name) => {
    const result = parseCatalogText(readFileSync(path.join(catalogDir, name), 'utf8'), `catalog/${name}`);
    expect(result.problems.map(formatCatalogProblem)).toEqual([]);
    expect(result.catalog?.platform).toBe(name.replace(/\.json$/, ''));
  });

  it('bundles the same files as the built-in catalogs', () => {
    expect(BUILTIN_PLATFORMS).toEqual(['kgateway', 'konvoy', 'canonical-kubernetes']);
    const validator = new CatalogValidator();
    for (const catalog of BUILTIN_CATALOGS) {
      const onDisk = JSON.parse(readFileSync(path.resolve(__dirname, '../..', catalog.fileName), 'utf8'));
      expect(catalog.entries).toEqual(onDisk.entries);
      const { fileName, ...file } = catalog;
      expect(validator.validate(file, fileName).problems).toEqual([]);
    }
  });

  it('gives every entry of one component the same owners', () => {
    for (const catalog of BUILTIN_CATALOGS) {
      const byComponent = new Map<string, string>();
      for (const entry of catalog.entries) {
        const owners = JSON.stringify(entry.owners ?? null);
        expect(byComponent.get(entry.component) ?? owners, `${catalog.fileName} ${entry.component}`).toBe(owners);
        byComponent.set(entry.component, owners);
      }
    }
  });
});

describe('user catalogs', () => {
  it('accepts a good catalog with a new platform id', () => {
    const result = parseCatalogText(userCatalog(() => {}), 'my-ports.json');
    expect(result.problems).toEqual([]);
    expect(result.catalog).toMatchObject({ platform: 'my-platform', fileName: 'my-ports.json', entries: [goodEntry] });
  });

  // Each broken catalog, and what its one message must say besides the file name.
  const broken: { name: string; text: string; says: (string | RegExp)[] }[] = [
    {
      name: 'wrong protocol',
      text: userCatalog((e) => (e.protocol = 'tcp')),
      says: ['entry 0 (component "my-daemon")', 'field "protocol"', 'must be one of TCP, UDP, SCTP'],
    },
    {
      name: 'port above 65535',
      text: userCatalog((e) => (e.port = 70000)),
      says: ['entry 0 (component "my-daemon")', 'field "port"', 'from 1 to 65535', '70000'],
    },
    {
      name: 'port as a string',
      text: userCatalog((e) => (e.port = '80')),
      says: ['entry 0', 'field "port"', 'must be an integer', '"80"'],
    },
    {
      name: 'both port and range',
      text: userCatalog((e) => (e.range = { from: 8000, to: 8100 })),
      says: ['entry 0 (component "my-daemon")', /has port and range: needs exactly one of port, range or socket/],
    },
    {
      name: 'neither port, range nor socket',
      text: userCatalog((e) => delete e.port),
      says: ['entry 0 (component "my-daemon")', 'needs exactly one of port, range or socket'],
    },
    {
      name: 'unknown field',
      text: userCatalog((e) => (e.prot = 'UDP')),
      says: ['entry 0 (component "my-daemon")', 'field "prot"', 'is not a known field'],
    },
    {
      name: 'range from above to',
      text: userCatalog((e) => {
        delete e.port;
        e.range = { from: 9000, to: 8000 };
      }),
      says: ['entry 0 (component "my-daemon")', 'field "range.from"', /at most range\.to \(8000\), not 9000/],
    },
    {
      name: 'missing component',
      text: userCatalog((e) => delete e.component),
      says: [/: entry 0, field "component": is required/],
    },
    {
      name: 'unknown node role',
      text: userCatalog((e) => (e.where = { node: { roles: ['master'], interface: 'all' } })),
      says: ['entry 0 (component "my-daemon")', 'field "where.node.roles[0]"', 'control-plane, worker, all', '"master"'],
    },
    {
      name: 'no node roles',
      text: userCatalog((e) => (e.where = { node: { roles: [], interface: 'all' } })),
      says: ['entry 0 (component "my-daemon")', 'field "where.node.roles"', 'at least 1 item'],
    },
    {
      name: 'both node and pod',
      text: userCatalog((e) => (e.where = { node: { roles: ['all'], interface: 'all' }, pod: { interface: 'all' } })),
      says: ['field "where"', 'needs exactly one of node or pod'],
    },
    {
      name: 'invalid JSON text',
      text: '{ "platform": "x", ',
      says: [/^my-ports\.json: the catalog is not valid JSON: .+/],
    },
    {
      name: 'not an object',
      text: '[1, 2]',
      says: [/^my-ports\.json: the catalog must be an object, not an array$/],
    },
    {
      name: 'bad platform id',
      text: JSON.stringify({ platform: 'My Platform', title: 'x', entries: [] }),
      says: ['field "platform"', 'must match the pattern', '"My Platform"'],
    },
  ];

  it.each(broken)('rejects $name', ({ text, says }) => {
    const result = parseCatalogText(text, 'my-ports.json');
    expect(result.catalog).toBeUndefined();
    const messages = result.problems.map(formatCatalogProblem);
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    expect(message).toMatch(/^my-ports\.json: /);
    for (const part of says) {
      if (typeof part === 'string') expect(message).toContain(part);
      else expect(message).toMatch(part);
    }
  });

  it('reports every problem of a catalog, each in its own entry', () => {
    const catalog = {
      platform: 'p',
      title: 'P',
      entries: [goodEntry, { ...goodEntry, component: 'foo', protocol: 'ICMP' }, { ...goodEntry, port: 0 }],
    };
    const result = validateCatalog(catalog, 'p.json');
    expect(result.problems.map(formatCatalogProblem)).toEqual([
      'p.json: entry 1 (component "foo"), field "protocol": must be one of TCP, UDP, SCTP, not the string "ICMP"',
      'p.json: entry 2 (component "my-daemon"), field "port": must be from 1 to 65535, not 0',
    ]);
    expect(result.problems[0]).toMatchObject({ entryIndex: 1, component: 'foo', field: 'entries/1/protocol' });
  });

  it('names a label key with a slash whole', () => {
    const text = userCatalog((e) => (e.owners = { labels: [{ 'app.kubernetes.io/name': 7 }] }));
    const [problem] = parseCatalogText(text, 'my-ports.json').problems;
    expect(problem?.field).toBe('entries/0/owners/labels/0/app.kubernetes.io~1name');
    expect(formatCatalogProblem(problem!)).toContain('field "owners.labels[0].app.kubernetes.io/name": must be a string, not 7');
  });
});
