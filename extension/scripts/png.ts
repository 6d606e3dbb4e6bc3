/**
 * The toolbar and notification icons, drawn in code: a white ring on Ringside blue. Generated at
 * build time so the repository holds no binary files and every size is crisp.
 */
import { zlibSync } from 'fflate';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** RGBA pixels -> PNG bytes (colour type 6, no filtering). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array())];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const BLUE = [31, 95, 191] as const;
const SAMPLES = 4;

/** Coverage of one pixel by shape `inside`, supersampled for smooth edges. */
function coverage(x: number, y: number, inside: (u: number, v: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) for (let j = 0; j < SAMPLES; j++) if (inside(x + (i + 0.5) / SAMPLES, y + (j + 0.5) / SAMPLES)) hits++;
  return hits / (SAMPLES * SAMPLES);
}

export function ringIcon(size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const c = size / 2;
  const corner = size * 0.22;
  const inSquare = (u: number, v: number) => {
    const dx = Math.max(corner - u, 0, u - (size - corner));
    const dy = Math.max(corner - v, 0, v - (size - corner));
    return dx * dx + dy * dy <= corner * corner;
  };
  const inRing = (u: number, v: number) => {
    const d = Math.hypot(u - c, v - c);
    return d <= size * 0.34 && d >= size * 0.2;
  };
  const inDot = (u: number, v: number) => Math.hypot(u - c, v - c) <= size * 0.08;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const bg = coverage(x, y, inSquare);
      const fg = coverage(x, y, (u, v) => inRing(u, v) || inDot(u, v));
      const i = (y * size + x) * 4;
      rgba[i] = Math.round(BLUE[0] + (255 - BLUE[0]) * fg);
      rgba[i + 1] = Math.round(BLUE[1] + (255 - BLUE[1]) * fg);
      rgba[i + 2] = Math.round(BLUE[2] + (255 - BLUE[2]) * fg);
      rgba[i + 3] = Math.round(255 * bg);
    }
  }
  return encodePng(size, size, rgba);
}
