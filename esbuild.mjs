// Bundles each entry point into one CommonJS file under dist/. The catalog JSON is bundled in,
// so the checker runs from dist/ alone, and the extension ships no node_modules (it is packaged
// with `vsce package --no-dependencies`). `vscode` is provided by the editor at runtime.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const entries = [
  { in: 'server/src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  // The extension's two bundles are minified: they are what a user downloads. Their source maps
  // stay out of the .vsix (.vscodeignore).
  { in: 'client/src/extension.ts', out: 'dist/extension.js', minify: true, external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'dist/server.js', minify: true },
];

for (const entry of entries) {
  await build({
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Prefer packages' ES module builds: jsonc-parser's UMD build requires its parts at run time,
    // which a bundle cannot follow.
    mainFields: ['module', 'main'],
    sourcemap: true,
    minify: entry.minify ?? false,
    external: entry.external ?? [],
    banner: entry.banner ? { js: entry.banner } : undefined,
    logLevel: 'warning',
  });
  if (entry.banner) chmodSync(entry.out, 0o755);
}
