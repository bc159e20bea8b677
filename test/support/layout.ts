import type { Page } from 'playwright-core';

/**
 * An automated layout check for the Chromium UI tests (issue 11 item 9), run at 1280×720 and 1920×1080:
 *  - overlap: no two visible interactive elements' visible boxes overlap (one inside the other, like a
 *    button in a row that is itself a button, is nesting, not overlap);
 *  - clipped: no visible interactive element or heading is cut off by the window or by an ancestor that
 *    hides overflow, and no such element's text overflows its own box — unless it ends in an ellipsis
 *    (text-overflow) or sits in a scroll container (scrolled out of view, reachable by scrolling).
 * A popup (menu, listbox, tooltip) floats over the page on purpose: it is checked against itself only.
 * While a modal dialog is open only the dialog is checked (the rest of the page is inert).
 */
export interface LayoutProblem {
  kind: 'overlap' | 'clipped' | 'overflow';
  what: string;
  detail: string;
}

export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  // tsx/esbuild keep function names with a `__name` helper that the page does not have.
  await page.evaluate('globalThis.__name = globalThis.__name || ((f) => f)');
  return page.evaluate(() => {
    const problems: { kind: 'overlap' | 'clipped' | 'overflow'; what: string; detail: string }[] = [];
    const INTERACTIVE = 'button, a[href], input:not([type=hidden]), textarea, select, summary, [role=button], [role=link], [role=menuitem], [role=menuitemradio], [role=checkbox], [role=tab], [role=option], [tabindex]:not([tabindex="-1"])';
    const POPUP = '[role=menu], [role=listbox], [role=tooltip]';
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    type Box = { l: number; t: number; r: number; b: number };
    const describe = (el: Element): string => {
      const name = (el.getAttribute('aria-label') || (el as HTMLElement).innerText || (el as HTMLInputElement).placeholder || el.getAttribute('title') || '').replace(/\s+/g, ' ').trim().slice(0, 50);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} "${name}"`;
    };
    const visible = (el: Element): boolean => {
      if (el.closest('[inert]') || el.closest('[aria-hidden="true"]')) return false;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const modal = document.querySelector('dialog[open]:modal');
    const scope: ParentNode = modal ?? document;

    /** The element's box cut by every ancestor that clips; `hard` when a non-scrolling clip or the window cut it. */
    const visibleBox = (el: Element): { box: Box; hard: string | null; soft: boolean } => {
      const r = el.getBoundingClientRect();
      let box: Box = { l: r.left, t: r.top, r: r.right, b: r.bottom };
      let hard: string | null = null;
      let soft = false;
      for (let a = el.parentElement; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        const clipsX = s.overflowX !== 'visible';
        const clipsY = s.overflowY !== 'visible';
        if (!clipsX && !clipsY) continue;
        const ar = a.getBoundingClientRect();
        const cut: Box = { l: clipsX ? Math.max(box.l, ar.left) : box.l, t: clipsY ? Math.max(box.t, ar.top) : box.t, r: clipsX ? Math.min(box.r, ar.right) : box.r, b: clipsY ? Math.min(box.b, ar.bottom) : box.b };
        const cutSome = cut.l > box.l + 1 || cut.t > box.t + 1 || cut.r < box.r - 1 || cut.b < box.b - 1;
        if (cutSome) {
          const scrolls = ['auto', 'scroll'].includes(clipsY ? s.overflowY : s.overflowX);
          if (scrolls) soft = true;
          else if (!hard) hard = describe(a);
        }
        box = cut;
      }
      const win: Box = { l: Math.max(box.l, 0), t: Math.max(box.t, 0), r: Math.min(box.r, vw), b: Math.min(box.b, vh) };
      if (!soft && !hard && (win.l > box.l + 1 || win.t > box.t + 1 || win.r < box.r - 1 || win.b < box.b - 1)) hard = 'the window';
      return { box: win, hard, soft };
    };

    const els = [...scope.querySelectorAll(INTERACTIVE)].filter(visible);
    const boxes = els.map((el) => ({ el, ...visibleBox(el) })).filter((x) => x.box.r - x.box.l > 1 && x.box.b - x.box.t > 1);
    for (const x of boxes) if (x.hard) problems.push({ kind: 'clipped', what: describe(x.el), detail: `cut off by ${x.hard}` });

    // Text that does not fit its own box (buttons, links, headings, labels), unless shown with an ellipsis.
    const texty = [...scope.querySelectorAll('button, a[href], [role=button], h1, h2, h3, label, th')].filter(visible);
    for (const el of texty) {
      const h = el as HTMLElement;
      const s = getComputedStyle(h);
      if (s.textOverflow === 'ellipsis') continue;
      if (h.scrollWidth > h.clientWidth + 1 && s.overflowX !== 'visible') problems.push({ kind: 'overflow', what: describe(el), detail: `text ${h.scrollWidth}px wide in a ${h.clientWidth}px box` });
      // Content wider than the element and painted outside it (overflow visible): the text runs into its neighbours.
      if (s.overflowX === 'visible' && h.clientWidth > 0 && h.scrollWidth > h.clientWidth + 2 && s.display !== 'inline') {
        problems.push({ kind: 'overflow', what: describe(el), detail: `content ${h.scrollWidth}px wide spills out of a ${h.clientWidth}px box` });
      }
    }

    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        // A popup (menu, listbox, tooltip) floats over the page by design; inside one, items must not overlap.
        if (a.el.closest(POPUP) !== b.el.closest(POPUP)) continue;
        const w = Math.min(a.box.r, b.box.r) - Math.max(a.box.l, b.box.l);
        const hgt = Math.min(a.box.b, b.box.b) - Math.max(a.box.t, b.box.t);
        if (w > 1 && hgt > 1) problems.push({ kind: 'overlap', what: `${describe(a.el)} / ${describe(b.el)}`, detail: `${Math.round(w)}×${Math.round(hgt)}px` });
      }
    }
    return problems;
  });
}
