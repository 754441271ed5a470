// Draws images/icon.png, the extension's 128×128 icon: a compass rose with a portolan chart's
// rhumb lines on a deep blue disc. No image library: shapes are tested per sample (4×4 samples a
// pixel, for smooth edges) and the PNG is written by hand, its IDAT compressed with node:zlib.
//
//   node images/make-icon.mjs

import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;
const C = SIZE / 2;

// Colours as [r, g, b] in 0–255.
const DEEP = [8, 34, 74];
const SEA = [20, 72, 138];
const RHUMB = [150, 196, 240];
const PARCHMENT = [244, 232, 196];
const GOLD = [214, 168, 72];
const GOLD_DARK = [160, 116, 36];
const WHITE = [250, 250, 252];
const SHADE = [176, 194, 214];

const DISC = 62;
const RING = 55.5;

/** Point-in-triangle by the sign of three cross products. */
function inTriangle(px, py, [ax, ay], [bx, by], [cx, cy]) {
  const d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by);
  const d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy);
  const d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay);
  const negative = d1 < 0 || d2 < 0 || d3 < 0;
  const positive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(negative && positive);
}

/** Distance from a point to the segment a–b. */
function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

const polar = (angle, radius) => [C + radius * Math.sin(angle), C - radius * Math.cos(angle)];

/**
 * A star of `points` points: each point is two triangles from the centre to the tip, one on each
 * side, so one half can be lit and the other shaded as on a drawn compass rose.
 */
function star(points, offset, length, waist, light, dark) {
  const halves = [];
  for (let i = 0; i < points; i++) {
    const angle = offset + (i * 2 * Math.PI) / points;
    const tip = polar(angle, length);
    const left = polar(angle - Math.PI / points, waist);
    const right = polar(angle + Math.PI / points, waist);
    halves.push({ triangle: [[C, C], tip, left], colour: light }, { triangle: [[C, C], tip, right], colour: dark });
  }
  return halves;
}

// Drawn back to front: the eight minor points sit under the four cardinal ones.
const minorRose = star(8, Math.PI / 8, 30, 10, PARCHMENT, SHADE);
const intercardinal = star(4, Math.PI / 4, 34, 7, GOLD, GOLD_DARK);
const cardinal = star(4, 0, 50, 9, WHITE, SHADE);

// Thirty-two rhumb lines, as radiate from a portolan chart's wind roses.
const rhumbs = Array.from({ length: 32 }, (_, i) => polar((i * 2 * Math.PI) / 32, RING));

/** The colour and opacity of one sample, or undefined outside the disc. */
function sample(x, y) {
  const r = Math.hypot(x - C, y - C);
  if (r > DISC) return undefined;
  // The sea: lighter toward the upper left, as if lit from there.
  const light = Math.max(0, Math.min(1, 1 - Math.hypot(x - C * 0.6, y - C * 0.6) / (DISC * 1.6)));
  let colour = DEEP.map((d, k) => d + (SEA[k] - d) * light);
  const over = (top, alpha) => (colour = colour.map((c, k) => c + (top[k] - c) * alpha));

  if (r < RING) for (const end of rhumbs) if (segmentDistance(x, y, [C, C], end) < 0.55) over(RHUMB, 0.45);
  if (Math.abs(r - RING) < 1.6) over(PARCHMENT, 1);
  if (Math.abs(r - (RING - 4)) < 0.6) over(PARCHMENT, 0.7);
  if (r > RING + 1.6 && r < DISC - 1.5) over(DEEP, 0.35);

  for (const { triangle, colour: fill } of [...minorRose, ...intercardinal, ...cardinal]) {
    if (inTriangle(x, y, ...triangle)) over(fill, 1);
  }
  if (r < 4) over(GOLD_DARK, 1);
  if (r < 2.6) over(PARCHMENT, 1);
  return colour;
}

function render() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = sample(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const at = (py * SIZE + px) * 4;
      // Straight (not premultiplied) alpha, as PNG wants: average only the covered samples.
      if (covered > 0) {
        rgba[at] = Math.round(r / covered);
        rgba[at + 1] = Math.round(g / covered);
        rgba[at + 2] = Math.round(b / covered);
      }
      rgba[at + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, and the CRC of type and data. */
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  // compression, filter method and interlace stay 0
  // Each scanline starts with its filter type; 0 (none) is enough for an icon this small.
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('./icon.png', import.meta.url);
writeFileSync(out, png(render()));
