// Renders the app's icons (public/icons/*.png) from one SVG with Debian's Chromium. Run once after
// changing the design: `npx tsx scripts/make-icons.ts`; the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { launchChromium } from '../test/support/chromium.ts';

/** A green notebook with "06"; `safe` shrinks the drawing into the maskable icon's safe circle. */
function svg(size: number, safe: boolean): string {
  const inset = safe ? size * 0.1 : 0;
  const s = size - 2 * inset;
  const radius = safe ? 0 : size * 0.18;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${radius}" fill="#0b5d3b"/>
  <g transform="translate(${inset} ${inset})">
    <rect x="${s * 0.2}" y="${s * 0.14}" width="${s * 0.6}" height="${s * 0.72}" rx="${s * 0.05}" fill="#ffffff"/>
    <rect x="${s * 0.2}" y="${s * 0.14}" width="${s * 0.09}" height="${s * 0.72}" fill="#cfe3d6"/>
    <text x="${s * 0.545}" y="${s * 0.6}" font-family="DejaVu Sans, sans-serif" font-weight="700"
      font-size="${s * 0.28}" fill="#0b5d3b" text-anchor="middle">06</text>
  </g>
</svg>`;
}

const browser = await launchChromium();
try {
  for (const [name, size, safe] of [
    ['icon-192', 192, false],
    ['icon-512', 512, false],
    ['icon-maskable-512', 512, true],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<body style="margin:0">${svg(size, safe)}</body>`);
    writeFileSync(`public/icons/${name}.png`, await page.screenshot({ omitBackground: true }));
    await page.close();
  }
  writeFileSync('public/icons/icon.svg', svg(512, false));
} finally {
  await browser.close();
}
