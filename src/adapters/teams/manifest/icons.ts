import { COLOR_ICON_PX, OUTLINE_ICON_PX } from './app-package.js';
import { encodePng } from './png.js';

/**
 * The app icons, drawn in code so they can be regenerated without an image editor: an upward arrow (an
 * upgrade), white on the accent colour (color.png) and white on transparent (outline.png).
 */
type Shape = (x: number, y: number) => boolean;

/** The arrow in unit coordinates: a triangular head over a shaft. */
const arrow: Shape = (x, y) => {
  const inHead = y >= 0.14 && y <= 0.52 && Math.abs(x - 0.5) <= ((y - 0.14) / 0.38) * 0.34;
  const inShaft = y > 0.5 && y <= 0.86 && Math.abs(x - 0.5) <= 0.11;
  return inHead || inShaft;
};

/** Coverage of the shape per pixel with 4x4 supersampling, so edges are smooth at 32 px. */
function coverage(px: number, shape: Shape, inset: number): Float32Array {
  const out = new Float32Array(px * px);
  const samples = 4;
  for (let y = 0; y < px; y++) {
    for (let x = 0; x < px; x++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = ((x + (sx + 0.5) / samples) / px - inset) / (1 - 2 * inset);
          const v = ((y + (sy + 0.5) / samples) / px - inset) / (1 - 2 * inset);
          if (u >= 0 && u <= 1 && v >= 0 && v <= 1 && shape(u, v)) hits++;
        }
      }
      out[y * px + x] = hits / (samples * samples);
    }
  }
  return out;
}

function hexRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  return [parseInt(m[1] ?? '0', 16), parseInt(m[2] ?? '0', 16), parseInt(m[3] ?? '0', 16)];
}

/** 192x192, opaque accent background; the symbol stays inside the central 96 px Teams asks for. */
export function drawColorIcon(accentColor: string): Buffer {
  const px = COLOR_ICON_PX;
  const [r, g, b] = hexRgb(accentColor);
  const cover = coverage(px, arrow, 0.25);
  const rgba = new Uint8Array(px * px * 4);
  for (let i = 0; i < px * px; i++) {
    const c = cover[i] ?? 0;
    rgba.set([Math.round(r + (255 - r) * c), Math.round(g + (255 - g) * c), Math.round(b + (255 - b) * c), 255], i * 4);
  }
  return encodePng(px, px, rgba);
}

/** 32x32, white with the shape as its alpha, on transparent. */
export function drawOutlineIcon(): Buffer {
  const px = OUTLINE_ICON_PX;
  const cover = coverage(px, arrow, 0.06);
  const rgba = new Uint8Array(px * px * 4);
  for (let i = 0; i < px * px; i++) {
    const alpha = Math.round((cover[i] ?? 0) * 255);
    rgba.set(alpha === 0 ? [0, 0, 0, 0] : [255, 255, 255, alpha], i * 4);
  }
  return encodePng(px, px, rgba);
}
