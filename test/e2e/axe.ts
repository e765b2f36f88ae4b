// Accessibility in the real browser: axe-core run in the page, its serious and critical violations
// named with the elements they concern, so that a failing test says what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * The serious and critical violations on the page as it is now, one line each ("rule: help — targets").
 * The script is evaluated through the debugging protocol, so the app's CSP needs no exception.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: unknown };
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The controls in the header and the screen (links, buttons, fields) smaller than `min` px either way:
 * 44 on a phone, where a thumb taps them, 24 on a PC (WCAG 2.2's minimum target). Links inside a
 * sentence are text, not controls, and are left out.
 */
export async function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate(
    (m) =>
      [...document.querySelectorAll('header a, header button, main a, main button, main select, main input')]
        .filter((e) => !e.closest('p, li p, .field-hint, dd > span, figcaption') || e.matches('.button'))
        // A radio, a check box or a file input is tapped through its label: the label is the target.
        .map((e) => (e.matches('input') && e.closest('label')) || e)
        .map((e) => {
          const r = e.getBoundingClientRect();
          const name = (e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40);
          return { name, w: Math.round(r.width), h: Math.round(r.height) };
        })
        .filter((x) => x.w > 0 && (x.w < m || x.h < m))
        .map((x) => `"${x.name}" ${x.w}×${x.h}`),
    min,
  );
}
