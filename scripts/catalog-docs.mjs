// Writes docs/catalog.md from the built-in catalogs (catalog/*.json), through the same renderer
// test/catalog/docs.test.ts checks the file against, and catalog/cluster.schema.json, the schema
// of a cluster description, whose enums are the catalogs' ids (test/cluster/schema.test.ts checks
// it). `--check` only compares, and exits 1 when a file is out of date.
//
//   node scripts/catalog-docs.mjs [--check]
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'catalog.md');

// The renderer is TypeScript: bundle it (with the catalog JSON) in memory and load the result.
const entry = `
  export { catalogDocs } from './server/src/service/catalog/docs';
  export { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from './server/src/service/catalog/builtin';
  export { clusterSchema } from './server/src/service/cluster/schema';
`;
const result = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'warning',
});
const module = { exports: {} };
new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
const { catalogDocs, clusterSchema, BUILTIN_CATALOGS, BUILTIN_PLATFORMS } = module.exports;
const outputs = [
  [out, catalogDocs(BUILTIN_CATALOGS, BUILTIN_PLATFORMS)],
  [path.join(root, 'catalog', 'cluster.schema.json'), `${JSON.stringify(clusterSchema(BUILTIN_CATALOGS), null, 2)}\n`],
];

for (const [file, text] of outputs) {
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // A missing file is out of date.
    }
    if (current !== text) {
      console.error(`${path.relative(root, file)} is out of date: run node scripts/catalog-docs.mjs`);
      process.exitCode = 1;
    }
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}
