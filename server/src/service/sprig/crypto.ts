// sprig's crypto and random functions (crypto.go, strings.go's rand*, uuid).
//
// Most of them are random in Go (keys, certificates, salts, IVs, random strings): a render
// would never repeat. Here they give FIXED stand-ins of the right shape instead: a PEM block of
// the usual size and type, a bcrypt-shaped hash ($2a$10$, 60 characters), a version-4 UUID, a
// string of the asked length over the asked alphabet. They are derived from the arguments (so
// two certificates for two names differ) but are not real keys or certificates: nothing can
// verify them. Checking a chart needs their shape, never their secrecy.
//
// derivePassword is deterministic in Go (Master Password's algorithm over scrypt), and
// decryptAES is too: both are computed for real. encryptAES uses a fixed zero IV, so that
// decryptAES reads back what it wrote.

import { createCipheriv, createDecipheriv, createHash, createHmac, scryptSync } from 'node:crypto';
import { GoError, GoStruct, type Value } from '../gotemplate/index';
import { base64Decode } from './encoding';
import { fn, fromUtf8, utf8, type FunctionTable } from './func';

/** `length` bytes derived from a seed by chained SHA-256: repeatable, and different for different seeds. */
function pseudoBytes(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < length; i += 32) {
    out.set(block.subarray(0, Math.min(32, length - i)), i);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** A PEM block as pem.EncodeToMemory writes it: base64 lines of 64 characters, a final newline. */
function pem(type: string, body: Uint8Array): string {
  const b64 = Buffer.from(body).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

/** DER sizes of what Go generates: a 2048-bit RSA key in PKCS#1, a P-256 EC key, an ed25519 PKCS#8 key, a DSA key, and a certificate. */
const KEY_SIZES: Record<string, [string, number]> = {
  rsa: ['RSA PRIVATE KEY', 1192],
  ecdsa: ['EC PRIVATE KEY', 121],
  ed25519: ['PRIVATE KEY', 48],
  dsa: ['DSA PRIVATE KEY', 447],
};
const CERT_SIZE = 790;

/** sprig's genPrivateKey: a key PEM of the type asked ("Unknown type x" otherwise). */
function privateKey(type: string, seed: string): string {
  const spec = KEY_SIZES[type];
  if (!spec) return `Unknown type ${type}`;
  return pem(spec[0], pseudoBytes(`key:${type}:${seed}`, spec[1]));
}

/** sprig's certificate struct: Cert and Key, both PEM. */
function certificate(kind: string, cn: string, ...more: Value[]): GoStruct {
  const seed = `${kind}:${cn}:${JSON.stringify(more, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Map ? [...v] : v instanceof GoStruct ? v.fields.get('Cert') : v))}`;
  return certificateOf(pem('CERTIFICATE', pseudoBytes(`cert:${seed}`, CERT_SIZE)), privateKey('rsa', seed));
}

function certificateOf(cert: string, key: string): GoStruct {
  return new GoStruct(
    'sprig.certificate',
    new Map<string, Value>([
      ['Cert', cert],
      ['Key', key],
    ]),
  );
}

function caArg(v: Value): GoStruct {
  if (v instanceof GoStruct && v.typeName === 'sprig.certificate') return v;
  throw new GoError(`wrong type for value; expected sprig.certificate; got ${v === null ? 'interface {}' : v instanceof Map ? 'map[string]interface {}' : typeof v}`);
}

/** A key given as PEM must at least look like one (sprig parses it: "error parsing key ..."). */
function checkKeyPem(key: string): void {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new GoError('unable to decode key');
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A bcrypt-shaped hash ($2a$10$ + 53 characters of bcrypt's base64), derived from the input. */
function bcryptStandIn(input: string): string {
  const bytes = pseudoBytes(`bcrypt:${input}`, 53);
  return `$2a$10$${[...bytes].map((b) => BCRYPT_ALPHABET[b % 64]).join('')}`;
}

const ALPHABETS = {
  alphaNum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  numeric: '0123456789',
  // goutils' CryptoRandomAscii: printable ASCII from space to '~'.
  ascii: Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(''),
};

/** A string of `count` characters of the alphabet, the same for the same arguments. */
function randomString(alphabet: keyof typeof ALPHABETS, count: bigint): string {
  if (count < 0n) throw new GoError(`runtime error: makeslice: len out of range`);
  if (count > 10_000_000n) throw new GoError('runtime error: makeslice: len out of range');
  const chars = ALPHABETS[alphabet];
  return [...pseudoBytes(`rand:${alphabet}:${count}`, Number(count))].map((b) => chars[b % chars.length]).join('');
}

// ---- derivePassword (Master Password) ----------------------------------------------------------

const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno', 'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv',
    'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const TEMPLATE_CHARS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

const SEED = 'com.lyndir.masterpassword';

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** sprig's derivePassword: Master Password's site password. */
function derivePassword(counter: bigint, type: string, password: string, user: string, site: string): string {
  const templates = TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const salt = Buffer.concat([Buffer.from(SEED), uint32(utf8(user).length), Buffer.from(utf8(user))]);
  const key = scryptSync(Buffer.from(utf8(password)), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 256 * 1024 * 1024 });
  const message = Buffer.concat([Buffer.from(SEED), uint32(utf8(site).length), Buffer.from(utf8(site)), uint32(Number(BigInt.asUintN(32, counter)))]);
  const seed = createHmac('sha256', key).update(message).digest();
  const template = templates[seed[0]! % templates.length]!;
  return [...template].map((c, i) => TEMPLATE_CHARS[c]![seed[i + 1]! % TEMPLATE_CHARS[c]!.length]).join('');
}

// ---- AES ---------------------------------------------------------------------------------------

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(utf8(password)).copy(key, 0, 0, 32);
  return key;
}

/** sprig's encryptAES: AES-256-CBC, PKCS#7 padding, IV first, base64 (with a zero IV: see the header). */
function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const iv = Buffer.alloc(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv);
  return Buffer.concat([iv, cipher.update(Buffer.from(utf8(plaintext))), cipher.final()]).toString('base64');
}

/** sprig's decryptAES. */
function decryptAES(password: string, crypt64: string): string {
  const data = Buffer.from(crypt64, 'base64');
  if (base64Decode(crypt64).startsWith('illegal base64')) throw new GoError(base64Decode(crypt64));
  if (data.length < 16) throw new GoError('ciphertext too short');
  const body = data.subarray(16);
  if (body.length % 16 !== 0) throw new GoError('crypto/cipher: input not full blocks');
  if (body.length === 0) throw new GoError('runtime error: index out of range [-1]');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(password), data.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  // sprig trims the last byte's count without checking the padding.
  const pad = plain[plain.length - 1]!;
  if (pad > plain.length) throw new GoError(`runtime error: slice bounds out of range [:${plain.length - pad}]`);
  return fromUtf8(plain.subarray(0, plain.length - pad));
}

export const CRYPTO_FUNCTIONS: FunctionTable = {
  bcrypt: fn(['string'], ([s]) => bcryptStandIn(s as string)),
  htpasswd: fn(['string', 'string'], ([user, password]) => ((user as string).includes(':') ? `invalid username: ${user as string}` : `${user as string}:${bcryptStandIn(password as string)}`)),
  derivePassword: fn(['int', 'string', 'string', 'string', 'string'], ([counter, type, password, user, site]) => derivePassword(counter as bigint, type as string, password as string, user as string, site as string)),
  genPrivateKey: fn(['string'], ([type]) => privateKey(type as string, 'genPrivateKey')),
  genCA: fn(['string', 'int'], ([cn, days]) => certificate('ca', cn as string, days!)),
  genCAWithKey: fn(['string', 'int', 'string'], ([cn, days, key]) => {
    checkKeyPem(key as string);
    return certificateOf(certificate('ca', cn as string, days!).fields.get('Cert') as string, key as string);
  }),
  genSelfSignedCert: fn(['string', 'list', 'list', 'int'], ([cn, ips, dns, days]) => certificate('self', cn as string, ips!, dns!, days!)),
  genSelfSignedCertWithKey: fn(['string', 'list', 'list', 'int', 'string'], ([cn, ips, dns, days, key]) => {
    checkKeyPem(key as string);
    return certificateOf(certificate('self', cn as string, ips!, dns!, days!).fields.get('Cert') as string, key as string);
  }),
  genSignedCert: fn(['string', 'list', 'list', 'int', 'any'], ([cn, ips, dns, days, ca]) => certificate('signed', cn as string, ips!, dns!, days!, caArg(ca!))),
  genSignedCertWithKey: fn(['string', 'list', 'list', 'int', 'any', 'string'], ([cn, ips, dns, days, ca, key]) => {
    checkKeyPem(key as string);
    return certificateOf(certificate('signed', cn as string, ips!, dns!, days!, caArg(ca!)).fields.get('Cert') as string, key as string);
  }),
  buildCustomCert: fn(['string', 'string'], ([cert, key]) => {
    const c = base64Decode(cert as string);
    const k = base64Decode(key as string);
    if (c.startsWith('illegal base64')) throw new GoError('unable to decode base64 certificate');
    if (k.startsWith('illegal base64')) throw new GoError('unable to decode base64 private key');
    return certificateOf(c, k);
  }),
  encryptAES: fn(['string', 'string'], ([password, text]) => encryptAES(password as string, text as string)),
  decryptAES: fn(['string', 'string'], ([password, text]) => decryptAES(password as string, text as string)),
  randBytes: fn(['int'], ([n]) => {
    if ((n as bigint) < 0n) throw new GoError('runtime error: makeslice: len out of range');
    return Buffer.from(pseudoBytes(`randBytes:${n}`, Number(n))).toString('base64');
  }),
  randAlphaNum: fn(['int'], ([n]) => randomString('alphaNum', n as bigint)),
  randAlpha: fn(['int'], ([n]) => randomString('alpha', n as bigint)),
  randNumeric: fn(['int'], ([n]) => randomString('numeric', n as bigint)),
  randAscii: fn(['int'], ([n]) => randomString('ascii', n as bigint)),
  // A version-4 UUID, fixed (see the header).
  uuidv4: fn([], () => '6f1c3a52-8d4e-4b7a-9c21-3e5f7a9b0d14'),
  // xstrings.Shuffle is random; the stand-in keeps the runes in place, which is one of its answers.
  shuffle: fn(['string'], ([s]) => s!),
};

