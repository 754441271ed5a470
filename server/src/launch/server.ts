// The language server's command (dist/server.js, what the VS Code client and other editors
// start): loads the server (dist/languageServer.js) with V8's code cache (codeCache.ts), so that
// an editor's window opens on a server that does not parse and compile its 1 MB again. From the
// process's start to its answer to `initialize`: 149 ms without the cache, 107 ms with it
// (medians of nine starts, one after the other).
//
// The cache is written when the server exits (an editor sends `exit` when it closes) after a
// start that found none V8 would take: by then it holds the code of the server's start, of
// checking and of the requests the editor made. A server that is killed keeps nothing, and the
// next start compiles as before.

import path from 'node:path';
import { defaultCodeCacheFolder, loadWithCodeCache } from './codeCache';

const server = loadWithCodeCache(path.join(__dirname, 'languageServer.js'), { folder: defaultCodeCacheFolder(), require });
if (!server.cacheAccepted) process.on('exit', () => server.keepCompiledCode());
