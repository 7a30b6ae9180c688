/**
 * What an operator with low vision or a screen reader would trip on, for the e2e tests: axe-core's
 * violations and visible text under 14 px, on the page as it is now.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(join(resolve(import.meta.dirname, '../..'), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is now (rule id, impact, first target), none expected. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>("typeof axe !== 'undefined'"))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<{ id: string; impact: string; targets: unknown[] }[]>(
    'axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target) })))',
  );
  return violations.map((violation) => `${violation.id} (${violation.impact}): ${JSON.stringify(violation.targets)}`);
}

/**
 * Visible text under 14 px (issue 10: body text ≥ 14 px), with no exception: every element that
 * shows text of its own (a text node, a form control, or a ::before/::after label such as the
 * timeline's "agora") and is rendered, as `<tag.class> "text" 12px`.
 */
const SMALL_TEXT = `(() => {
  const found = [];
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const name = (el) => el.tagName.toLowerCase() + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || el.closest('[hidden]')) continue;
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    const control = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName);
    const size = parseFloat(getComputedStyle(el).fontSize);
    if ((ownText || control) && size < 14) found.push(name(el) + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '" ' + size + 'px');
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      const content = style.content;
      if (content && content !== 'none' && content !== 'normal' && content !== '""' && parseFloat(style.fontSize) < 14)
        found.push(name(el) + pseudo + ' ' + content + ' ' + style.fontSize);
    }
  }
  return found;
})()`;

/** What an operator with low vision or a screen reader would trip on: axe-core's violations and text under 14 px. None expected. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return [...(await axeViolations(page)), ...(await page.evaluate<string[]>(SMALL_TEXT)).map((text) => `text under 14 px: ${text}`)];
}
