// Bundles each entry point into one CommonJS file under dist/. The catalog JSON is bundled in,
// so the checker runs from dist/ alone, and the extension ships no node_modules (it is packaged
// with `vsce package --no-dependencies`). `vscode` is provided by the editor at runtime.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

// The yaml package asks the environment for its debug switches (LOG_TOKENS, LOG_STREAM) at every
// token and document it parses: a getenv each time, 0.65 s of a 17 s check of the real corpus on
// one thread. Bundled, the switches are off. A yaml release that no longer reads them there fails the build,
// so that this is removed rather than left doing nothing.
const yamlDebugSwitchesOff = {
  name: 'yaml-debug-switches-off',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const switchedOff = text.replace(/node_process\.env\.LOG_(TOKENS|STREAM)/g, 'false');
      if (switchedOff === text) throw new Error(`${args.path} no longer reads LOG_TOKENS or LOG_STREAM: remove yamlDebugSwitchesOff from esbuild.mjs`);
      return { contents: switchedOff, loader: 'js' };
    });
  },
};

// js-yaml (5.5) builds its parser's state as `{ ...DEFAULT_PARSER_OPTIONS, ...options, input, … }`.
// An object literal that starts with a spread and goes on with new fields gets, from V8 (11, in
// Node 20) once the literal has feedback, a hidden class of its own at every call, outside any
// transition tree (`%DebugPrint` shows it without a back pointer). Every field of the state is
// then generalised anew at each parse (node --trace-generalization), and none of the parser's
// property accesses stays monomorphic: 6% of a check of the real corpus on one thread, and
// js-yaml's share of it about three times what it is without. Bundled, the state starts from the
// two options js-yaml knows (ParserOptions: filename, maxDepth), named one by one, so that every
// parse shares one class. A js-yaml release without that literal fails the build, so that this is
// looked at again rather than left doing nothing.
const jsYamlParserStateOneShape = {
  name: 'js-yaml-parser-state-one-shape',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]js-yaml[\\/]dist[\\/]js-yaml\.(mjs|cjs\.js)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const spread = /\.\.\.DEFAULT_PARSER_OPTIONS,(\s*)\.\.\.options,(\s*)input:/;
      if (!spread.test(text)) throw new Error(`${args.path} no longer spreads its parser options into the parser's state: remove jsYamlParserStateOneShape from esbuild.mjs`);
      const named = text.replace(spread, 'filename: options?.filename ?? DEFAULT_PARSER_OPTIONS.filename,$1maxDepth: options?.maxDepth ?? DEFAULT_PARSER_OPTIONS.maxDepth,$2input:');
      return { contents: named, loader: 'js' };
    });
  },
};

const entries = [
  // The checker's command is a launcher (dist/cli.js) that loads the checker (dist/checker.js) with
  // V8's code cache: server/src/launch/cli.ts.
  { in: 'server/src/launch/cli.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'server/src/cli/main.ts', out: 'dist/checker.js' },
  // The extension's bundles are minified: they are what a user downloads. Their source maps stay
  // out of the .vsix (.vscodeignore). The server's command too is a launcher (dist/server.js) that
  // loads the server (dist/languageServer.js) with V8's code cache: server/src/launch/server.ts.
  { in: 'client/src/extension.ts', out: 'dist/extension.js', minify: true, external: ['vscode'] },
  { in: 'server/src/launch/server.ts', out: 'dist/server.js', minify: true },
  { in: 'server/src/server.ts', out: 'dist/languageServer.js', minify: true },
];
// `npm run bench` measures the engine in its own process too: bundled the same way, so that it
// measures what ships.
if (process.argv.includes('--bench')) entries.push({ in: 'bench/bench.ts', out: 'dist/bench.js' });

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
    plugins: [yamlDebugSwitchesOff, jsYamlParserStateOneShape],
  });
  if (entry.banner) chmodSync(entry.out, 0o755);
}
