/**
 * Virtual rows for the sidebar's lists (rooms, contacts), which share one scroll box (`.sidebar-lists`)
 * with other sections above them: only the rows in view (plus overscan) are in the DOM, so 2,000 contacts
 * and 200 rooms cost what 30 do (issue 18 item 7). The list's offset in the scroll box (`scrollMargin`)
 * follows the sections above it as they grow or shrink. `pinned` (the active or tab-stop row) is always
 * rendered, so keyboard users keep their tab stop however far the list is scrolled.
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useState } from 'react';

function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const oy = getComputedStyle(p).overflowY;
    if (oy === 'auto' || oy === 'scroll') return p;
  }
  return null;
}

export interface SidebarVirtualOptions {
  count: number;
  /** Estimated row height in px (rows are measured once rendered). */
  estimate: number;
  keyOf: (index: number) => string;
  /** A row index that is always rendered (-1: none). */
  pinned: number;
}

export function useSidebarVirtual(opts: SidebarVirtualOptions) {
  const [list, setList] = useState<HTMLElement | null>(null);
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const [margin, setMargin] = useState(0);
  const listRef = useCallback((el: HTMLElement | null) => setList(el), []);

  useLayoutEffect(() => {
    if (!list) return;
    const sc = scrollParent(list);
    setScroller(sc);
    if (!sc) return;
    const update = () => {
      const m = list.getBoundingClientRect().top - sc.getBoundingClientRect().top + sc.scrollTop;
      setMargin((prev) => (Math.abs(prev - m) < 0.5 ? prev : m));
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(update);
    ro.observe(sc);
    for (const child of Array.from(sc.children)) ro.observe(child);
    return () => ro.disconnect();
  }, [list]);

  const { pinned, count } = opts;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = defaultRangeExtractor(range);
      if (pinned >= 0 && pinned < count && !rows.includes(pinned)) {
        rows.push(pinned);
        rows.sort((a, b) => a - b);
      }
      return rows;
    },
    [pinned, count],
  );

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller,
    estimateSize: () => opts.estimate,
    getItemKey: opts.keyOf,
    overscan: 10,
    scrollMargin: margin,
    rangeExtractor,
  });
  return { listRef, virtualizer, margin };
}
