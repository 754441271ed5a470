// The cluster file's schema: generated from the catalogs (its enums are the names a description
// may use, kept equal to the built-in catalogs), contributed to the editor, and in agreement with
// the validator the checker and the server use.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS } from '../../server/src/service/catalog/builtin';
import { ClusterValidator } from '../../server/src/service/cluster/description';
import { clusterSchema } from '../../server/src/service/cluster/schema';
import { ALIASES, FIELD_KINDS, type ClusterField } from '../../server/src/service/cluster/vocabulary';

const root = path.resolve(__dirname, '../..');
const file = JSON.parse(readFileSync(path.join(root, 'catalog/cluster.schema.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const validator = new ClusterValidator(BUILTIN_CATALOGS);
const ajv = new Ajv({ allErrors: true, strict: false });
const editorCheck = ajv.compile(file);

const VALID: unknown[] = [
  {},
  { distribution: 'rke2', cni: 'canal', addons: ['metallb', 'istio-ambient'] },
  { distribution: 'eks', addons: ['eks-pod-identity-agent'], versions: { 'aws-vpc-cni': '1.19.2' } },
  { distribution: 'konvoy' },
  { distribution: 'canonical-kubernetes', addons: ['kgateway'], versions: { kgateway: 'v2.0.2' } },
  { $schema: './cluster.schema.json', cni: 'cilium', versions: { cilium: '1.16', 'istio-sidecar': '1.24.1' }, detect: false },
];

const INVALID: [unknown, string][] = [
  [{ cni: 'calcio' }, 'cni "calcio" is not a known network plugin; did you mean "calico"?'],
  [{ distribution: 'calico' }, 'distribution "calico" is not a known distribution'],
  [{ addons: ['metallb', 'metalb'] }, 'addons "metalb" is not a known add-on; did you mean "metallb"?'],
  [{ addons: ['metallb', 'metallb'] }, 'addons lists "metallb" twice'],
  [{ addons: 'metallb' }, 'addons must be a list, not the string "metallb"'],
  [{ versions: { kgateway: 'latest' } }, 'versions.kgateway "latest" is not a version like 2.0.2 or 1.16'],
  [{ versions: { 'calico-node': '3.28' } }, 'versions: "calico-node" is not a component'],
  [{ distrib: 'rke2' }, '"distrib" is not a field of a cluster description'],
  [{ detect: 'no' }, 'detect must be true or false, not the string "no"'],
  [['rke2'], 'must be an object with the fields distribution, cni, addons, versions, detect, not a list'],
];

describe('catalog/cluster.schema.json', () => {
  it('is what the catalogs generate (run node scripts/catalog-docs.mjs)', () => {
    expect(file).toEqual(clusterSchema(BUILTIN_CATALOGS));
  });

  it('lists every built-in catalog under the field of its kind, and nothing that is not a catalog or an alias of catalogs', () => {
    const fields: Record<ClusterField, string[]> = { distribution: file.properties.distribution.enum, cni: file.properties.cni.enum, addons: file.properties.addons.items.enum };
    for (const catalog of BUILTIN_CATALOGS) {
      const field = (Object.keys(FIELD_KINDS) as ClusterField[]).find((f) => FIELD_KINDS[f] === catalog.kind)!;
      expect(fields[field], catalog.platform).toContain(catalog.platform);
    }
    const ids = BUILTIN_CATALOGS.map((c) => c.platform);
    for (const [field, names] of Object.entries(fields) as [ClusterField, string[]][]) {
      for (const name of names) {
        const catalogs = ALIASES[field][name]?.catalogs ?? [name];
        for (const id of catalogs) expect(ids, `${field}: ${name}`).toContain(id);
        if (!ALIASES[field][name]) expect(BUILTIN_CATALOGS.find((c) => c.platform === name)?.kind, name).toBe(FIELD_KINDS[field]);
      }
    }
    // The three platforms Portolan started with stay selectable.
    expect(fields.distribution).toEqual(expect.arrayContaining(['konvoy', 'canonical-kubernetes']));
    expect(fields.addons).toContain('kgateway');
    expect(Object.keys(file.properties.versions.properties).sort()).toEqual([...ids, ...Object.values(ALIASES).flatMap((a) => Object.keys(a))].sort());
  });

  it.each(VALID.map((json) => [JSON.stringify(json), json]))('accepts %s, as the editor and the checker both read it', (_, json) => {
    expect(editorCheck(json), JSON.stringify(editorCheck.errors)).toBe(true);
    expect(validator.validate(json).problems).toEqual([]);
  });

  it.each(INVALID.map(([json, message]) => [JSON.stringify(json), json, message]))('refuses %s, naming the field', (_, json, message) => {
    expect(editorCheck(json)).toBe(false);
    expect(validator.validate(json).problems.map((p) => p.message).join('\n')).toContain(message);
  });

  it('keeps every right field of a description with a wrong one', () => {
    expect(validator.validate({ distribution: 'rke2', cni: 'calcio', addons: ['metallb', 'nope'], versions: { metallb: '0.14.8', kgateway: 'x' } }).description).toEqual({ distribution: 'rke2', addons: ['metallb'], versions: { metallb: '0.14.8' } });
  });

  it('is contributed to the editor for the cluster file, and its fields are the portolan.cluster setting', () => {
    expect(manifest.contributes.jsonValidation).toEqual([{ fileMatch: '.portolan.json', url: './catalog/cluster.schema.json' }]);
    expect(manifest.contributes.yamlValidation).toEqual([{ fileMatch: ['.portolan.yaml', '.portolan.yml'], url: './catalog/cluster.schema.json' }]);
    const { $schema: _, ...fields } = file.properties;
    expect(manifest.contributes.configuration.properties['portolan.cluster'].properties).toEqual(fields);
  });
});
