// sprig's encodings and digests (strings.go, crypto.go's sums), paths (Go's path and
// path/filepath on Linux) and URLs (url.go).
//
// Decoding errors are Go's ("illegal base64 data at input byte 4"), which sprig returns as the
// decoded string.

import { createHash } from 'node:crypto';
import { GoError, type GoMap, type Value } from '../gotemplate/index';
import { strval } from './convert';
import { fn, fromUtf8, utf8, type FunctionTable } from './func';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base64Encode(s: string): string {
  return Buffer.from(utf8(s)).toString('base64');
}

/**
 * base64.StdEncoding.DecodeString, quantum by quantum as Go reads it (newlines skipped,
 * padding required), so that an error names the byte Go names.
 */
export function base64Decode(s: string): string {
  return decodeQuanta(s, B64, 4, 6);
}

export function base32Encode(s: string): string {
  const bytes = utf8(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let k = 0; k < 8; k++) out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
  }
  return out;
}

export function base32Decode(s: string): string {
  return decodeQuanta(s, B32, 8, 5);
}

class CorruptInput extends Error {
  constructor(readonly at: number) {
    super();
  }
}

/** Go's decodeQuantum loop for base64 (4 chars of 6 bits) and base32 (8 chars of 5 bits). */
function decodeQuanta(src: string, alphabet: string, size: number, bitsPer: number): string {
  const kind = size === 4 ? 'base64' : 'base32';
  const out: number[] = [];
  let si = 0;
  const skipNewlines = () => {
    while (si < src.length && (src[si] === '\n' || src[si] === '\r')) si++;
  };
  try {
    while (si < src.length) {
      const quantum: number[] = [];
      let done = false;
      for (let j = 0; j < size; j++) {
        skipNewlines();
        if (si === src.length) {
          if (j === 0) {
            done = true;
            break;
          }
          throw new CorruptInput(si - j);
        }
        const c = src[si++]!;
        const v = alphabet.indexOf(c);
        if (v >= 0) {
          quantum.push(v);
          continue;
        }
        if (c !== '=') throw new CorruptInput(si - 1);
        // Padding: how much is allowed depends on the position in the quantum.
        const minData = size === 4 ? 2 : 2;
        if (j < minData || (size === 8 && ![2, 4, 5, 7].includes(j))) throw new CorruptInput(si - 1);
        for (let k = j + 1; k < size; k++) {
          skipNewlines();
          if (si === src.length) throw new CorruptInput(src.length);
          if (src[si] !== '=') throw new CorruptInput(si - 1);
          si++;
        }
        skipNewlines();
        if (si < src.length) throw new CorruptInput(si);
        done = true;
        break;
      }
      let bits = 0n;
      for (let k = 0; k < size; k++) bits = (bits << BigInt(bitsPer)) | BigInt(quantum[k] ?? 0);
      const bytes = Math.floor((quantum.length * bitsPer) / 8);
      const total = (size * bitsPer) / 8;
      for (let k = 0; k < bytes; k++) out.push(Number((bits >> BigInt(8 * (total - 1 - k))) & 255n));
      if (done) break;
    }
  } catch (e) {
    if (e instanceof CorruptInput) return `illegal ${kind} data at input byte ${e.at}`;
    throw e;
  }
  return fromUtf8(Uint8Array.from(out));
}

function digest(algorithm: 'sha1' | 'sha256' | 'sha512', s: string): string {
  return createHash(algorithm).update(utf8(s)).digest('hex');
}

/** adler32.Checksum, printed in decimal as sprig does. */
function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of utf8(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

// ---- paths (Go's path package; filepath is the same on Linux) -------------------------------

/** path.Clean. */
export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** path.Base. */
export function pathBase(p: string): string {
  if (p === '') return '.';
  p = p.replace(/\/+$/, '');
  if (p === '') return '/';
  return p.slice(p.lastIndexOf('/') + 1);
}

/** path.Dir: everything but the last element, cleaned. */
export function pathDir(p: string): string {
  return pathClean(p.slice(0, p.lastIndexOf('/') + 1));
}

/** path.Ext: from the last dot of the last element. */
export function pathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

// ---- URLs ------------------------------------------------------------------------------------

/** url.PathUnescape / QueryUnescape-like %XX decoding; undefined for a bad escape. */
function unescape(s: string): string | undefined {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  const raw = utf8(s);
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25) {
      const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(raw[i]!);
  }
  return fromUtf8(Uint8Array.from(bytes));
}

/**
 * url.Parse, for the absolute and relative URLs charts write (scheme://user@host:port/path?query#fragment,
 * opaque "mailto:x"); the fields sprig's urlParse returns.
 */
function urlParse(raw: string): GoMap {
  let rest = raw;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = unescape(rest.slice(hash + 1)) ?? '';
    rest = rest.slice(0, hash);
  }
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (/^[^/?]*:/.test(rest) && !/^[^/?]*:\/\//.test(rest) && rest.startsWith(':')) {
    throw new GoError(`unable to parse url: parse ${JSON.stringify(raw)}: missing protocol scheme`);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let opaque = '';
  let host = '';
  let userinfo = '';
  if (scheme !== '' && !rest.startsWith('/')) {
    opaque = rest;
    rest = '';
  } else if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash >= 0 ? rest.slice(2, slash) : rest.slice(2);
    rest = slash >= 0 ? rest.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      userinfo = authority.slice(0, at);
      host = authority.slice(at + 1);
    } else host = authority;
  }
  const path = unescape(rest);
  if (path === undefined) throw new GoError(`unable to parse url: parse ${JSON.stringify(raw)}: invalid URL escape`);
  const hostname = host.startsWith('[') ? host.slice(1, host.indexOf(']') >= 0 ? host.indexOf(']') : undefined) : host.replace(/:[0-9]*$/, '');
  return new Map<string, Value>([
    ['fragment', fragment],
    ['host', host],
    ['hostname', hostname],
    ['opaque', opaque],
    ['path', path],
    ['query', query],
    ['scheme', scheme],
    ['userinfo', userinfo],
  ]);
}

/** url.URL.String for the fields urlJoin sets. */
function urlJoin(d: GoMap | null): string {
  const get = (k: string) => (d?.has(k) ? strval(d.get(k)!) : '');
  const [scheme, host, path, query, opaque, fragment, userinfo] = ['scheme', 'host', 'path', 'query', 'opaque', 'fragment', 'userinfo'].map(get) as [string, string, string, string, string, string, string];
  let out = scheme ? `${scheme}:` : '';
  if (opaque) out += opaque;
  else {
    if (scheme || host || userinfo) {
      if (host || path || userinfo) out += '//';
      if (userinfo) out += `${userinfo}@`;
      out += host;
    }
    if (path && !path.startsWith('/') && host) out += '/';
    out += encodeURI(path).replace(/%25/g, '%25');
  }
  if (query) out += `?${query}`;
  if (fragment) out += `#${encodeURIComponent(fragment).replace(/%2F/g, '/').replace(/%3F/g, '?')}`;
  return out;
}

export const ENCODING_FUNCTIONS: FunctionTable = {
  b64enc: fn(['string'], ([s]) => base64Encode(s as string)),
  b64dec: fn(['string'], ([s]) => base64Decode(s as string)),
  b32enc: fn(['string'], ([s]) => base32Encode(s as string)),
  b32dec: fn(['string'], ([s]) => base32Decode(s as string)),
  sha1sum: fn(['string'], ([s]) => digest('sha1', s as string)),
  sha256sum: fn(['string'], ([s]) => digest('sha256', s as string)),
  sha512sum: fn(['string'], ([s]) => digest('sha512', s as string)),
  adler32sum: fn(['string'], ([s]) => adler32(s as string)),

  base: fn(['string'], ([p]) => pathBase(p as string)),
  dir: fn(['string'], ([p]) => pathDir(p as string)),
  clean: fn(['string'], ([p]) => pathClean(p as string)),
  ext: fn(['string'], ([p]) => pathExt(p as string)),
  isAbs: fn(['string'], ([p]) => (p as string).startsWith('/')),
  osBase: fn(['string'], ([p]) => pathBase(p as string)),
  osDir: fn(['string'], ([p]) => pathDir(p as string)),
  osClean: fn(['string'], ([p]) => pathClean(p as string)),
  osExt: fn(['string'], ([p]) => pathExt(p as string)),
  osIsAbs: fn(['string'], ([p]) => (p as string).startsWith('/')),

  urlParse: fn(['string'], ([s]) => urlParse(s as string)),
  urlJoin: fn(['map'], ([d]) => urlJoin(d as GoMap | null)),
};
