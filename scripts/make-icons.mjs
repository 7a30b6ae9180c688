#!/usr/bin/env node
/**
 * Draws the app's icons into resources/icons/ (committed; run again after changing a colour):
 *   tray-<state>.png / tray-<state>@2x.png   16 and 32 px, one per tray state (the verdict's
 *                                            colour; paused and running have their own mark)
 *   trayTemplate.png / trayTemplate@2x.png   macOS menu-bar template image (black + alpha only:
 *                                            macOS tints it; the state is then in the tooltip)
 *   icon.png                                 512 px application icon (electron-builder)
 * No external tool: pixels are computed here and written as PNG with node's zlib.
 * `node scripts/make-icons.mjs`
 */
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const OUT = join(import.meta.dirname, '..', 'resources', 'icons');

/** The tray states and their colours (the console's OK / Atenção / Crítico palette). */
export const TRAY_COLOURS = {
  ok: [22, 163, 74],
  warn: [217, 119, 6],
  critical: [220, 38, 38],
  paused: [107, 114, 128],
  running: [37, 99, 235],
};

// --- PNG ------------------------------------------------------------------------------------
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
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** RGBA pixels (size × size × 4) as a PNG file. */
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter 0 per row
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- drawing ----------------------------------------------------------------------------------
/** Coverage (0..1) of a pixel by a shape given as a signed distance (negative inside), 4×4 supersampled. */
function draw(size, shade) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const u = (x + (sx + 0.5) / 4) / size; // 0..1
          const v = (y + (sy + 0.5) / 4) / size;
          const [pr, pg, pb, pa] = shade(u, v);
          r += pr * pa;
          g += pg * pa;
          b += pb * pa;
          a += pa;
        }
      const i = (y * size + x) * 4;
      rgba[i] = a ? Math.round(r / a) : 0;
      rgba[i + 1] = a ? Math.round(g / a) : 0;
      rgba[i + 2] = a ? Math.round(b / a) : 0;
      rgba[i + 3] = Math.round((a / 16) * 255);
    }
  return rgba;
}

const distance = (u, v) => Math.hypot(u - 0.5, v - 0.5);
const WHITE = [255, 255, 255];

/** A filled disc in the state's colour with a white mark: a check (ok), "!" (warn, critical), bars (paused), a dot ring (running). */
function stateShade(state) {
  const colour = TRAY_COLOURS[state];
  return (u, v) => {
    if (distance(u, v) > 0.47) return [0, 0, 0, 0];
    return mark(state, u, v) ? [...WHITE, 1] : [...colour, 1];
  };
}

function mark(state, u, v) {
  switch (state) {
    case 'paused':
      return v > 0.3 && v < 0.7 && ((u > 0.33 && u < 0.45) || (u > 0.55 && u < 0.67));
    case 'running':
      return distance(u, v) < 0.3 && distance(u, v) > 0.19 && !(u > 0.5 && v < 0.5);
    case 'ok': // a check mark: two strokes
      return nearSegment(u, v, [0.3, 0.52], [0.44, 0.66], 0.065) || nearSegment(u, v, [0.44, 0.66], [0.7, 0.36], 0.065);
    default: // "!"
      return (u > 0.44 && u < 0.56 && v > 0.24 && v < 0.58) || distance(u, v - 0.2) < 0.065;
  }
}

function nearSegment(u, v, [ax, ay], [bx, by], width) {
  const t = Math.max(0, Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(u - (ax + t * (bx - ax)), v - (ay + t * (by - ay))) < width;
}

/** macOS template: a black ring with a black centre dot; only the alpha carries the picture. */
const templateShade = (u, v) => {
  const d = distance(u, v);
  return d < 0.45 && (d > 0.33 || d < 0.14) ? [0, 0, 0, 1] : [0, 0, 0, 0];
};

// --- files ----------------------------------------------------------------------------------
mkdirSync(OUT, { recursive: true });
const written = [];
function write(name, size, shade) {
  writeFileSync(join(OUT, name), png(size, draw(size, shade)));
  written.push(name);
}
for (const state of Object.keys(TRAY_COLOURS)) {
  write(`tray-${state}.png`, 16, stateShade(state));
  write(`tray-${state}@2x.png`, 32, stateShade(state));
}
write('trayTemplate.png', 16, templateShade);
write('trayTemplate@2x.png', 32, templateShade);
write('icon.png', 512, stateShade('ok'));
process.stdout.write(`wrote ${written.length} icons to ${OUT}\n`);
