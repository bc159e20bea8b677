/**
 * The client at scale (issue 18 item 7), in Debian's Chromium through the renderer preview: the production
 * renderer bundle with the fake bridge in its `scale` mode (renderer/dev/scaleData.ts: 2,000 contacts of
 * which 500 have unread messages, 200 rooms, one conversation with 10,000 messages). The baseline, in the
 * same run and the same browser, is a plain React list of the same rows (bench/plainList.tsx).
 *
 *  - openConversation: click on the contact → the newest message painted (goal < 150 ms);
 *  - scrollMemory: the 10,000-message list scrolled top to bottom and back, twice; JS heap after a forced GC
 *    (goal: no growth from the first pass to the second) and DOM nodes;
 *  - rosterFilter: each keystroke in "Search contacts" → painted (goal < 50 ms per keystroke);
 *  - signIn: "Sign in" clicked → roster and rooms painted with 500 unread conversations (goal < 1 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildRenderer } from '../scripts/build';
import { servePreview } from '../scripts/renderer-preview';
import { SCALE_CONTACTS, SCALE_CONVERSATION, SCALE_MESSAGES, SCALE_ROOMS, SCALE_UNREAD_CONVERSATIONS } from '../renderer/dev/scaleData';
import { round, summarize } from './stats';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const GOALS = { openConversationMs: 150, filterKeystrokeMs: 50, signInMs: 1000, scrollHeapGrowthBytes: 1024 * 1024 };
const QUERIES = ['m', 'ma', 'mar', 'mart', 'marti', 'martin', 'martin ', 'martin 1', 'martin 12', 'martin 1', 'martin', 'mar', 'ma', 'm', ''];

async function buildBench(dir: string): Promise<void> {
  await buildRenderer({ production: true, outDir: dir });
  const common = { bundle: true, format: 'iife' as const, platform: 'browser' as const, target: ['chrome120'], jsx: 'automatic' as const, minify: true, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning' as const };
  await build({ ...common, entryPoints: [join(root, 'renderer/dev/fakeBridgeEntry.ts')], outfile: join(dir, 'bridge.js') });
  await build({ ...common, entryPoints: [join(root, 'bench/plainList.tsx')], outfile: join(dir, 'plainList.js') });
}

/** In-page helpers, installed as a string (tsx's `__name` helper does not exist in the page). */
const HELPERS = `
  window.__nextPaint = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
  window.__until = async (test, limitMs = 15000) => {
    const t0 = performance.now();
    while (!test()) {
      if (performance.now() - t0 > limitMs) throw new Error('timed out');
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
  };
  window.__setInput = (el, value) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  };
  window.__revealAll = async (el) => {
    let steps = 0;
    for (; steps < 5000 && !(el.textContent || '').includes('This is the start of your conversation history.'); steps += 1) {
      el.scrollTop = 0;
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
    return steps;
  };
  window.__scrollPass = async (el, step) => {
    for (let y = el.scrollHeight; y > 0; y -= step) { el.scrollTop = y; await new Promise((r) => requestAnimationFrame(() => r())); }
    el.scrollTop = 0;
    for (let y = 0; y < el.scrollHeight; y += step) { el.scrollTop = y; await new Promise((r) => requestAnimationFrame(() => r())); }
    el.scrollTop = el.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => r()));
  };
`;

interface Ctx {
  browser: Browser;
  url: string;
}

async function open(ctx: Ctx, hash: string): Promise<Page> {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${ctx.url}?speed=0#${hash}`);
  await page.evaluate(HELPERS);
  return page;
}

async function withPlainList(ctx: Ctx): Promise<Page> {
  const page = await open(ctx, 'online,scale');
  await page.getByRole('button', { name: 'New chat' }).waitFor();
  await page.addScriptTag({ url: 'plainList.js' });
  return page;
}

/**
 * Main-thread CPU time of the renderer while `action` runs (Chrome trace, thread time of every top-level
 * task): the same work as the wall-clock figure without the wait for a CPU, which on a shared, loaded
 * machine can be most of the wall-clock time.
 */
async function mainThreadCpuMs(ctx: Ctx, page: Page, action: () => Promise<unknown>, breakdown?: Record<string, number>): Promise<number> {
  await ctx.browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await action();
  const buf = await ctx.browser.stopTracing();
  type Ev = { name: string; ph: string; pid: number; tid: number; tdur?: number; args?: { name?: string } };
  const { traceEvents } = JSON.parse(buf.toString()) as { traceEvents: Ev[] };
  const mains = new Set(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  let us = 0;
  // Rendering steps (never nested in each other; a forced layout inside script counts here, not as script).
  const steps: Record<string, string> = { Layout: 'layout', UpdateLayoutTree: 'style', PrePaint: 'paint', Paint: 'paint', Layerize: 'paint', Commit: 'paint', MinorGC: 'gc', MajorGC: 'gc' };
  const parts: Record<string, number> = {};
  for (const e of traceEvents) {
    if (e.ph !== 'X' || !e.tdur || !mains.has(`${e.pid}:${e.tid}`)) continue;
    if (e.name === 'RunTask') us += e.tdur;
    const step = steps[e.name];
    if (step) parts[step] = (parts[step] ?? 0) + e.tdur;
  }
  if (breakdown) {
    let rendering = 0;
    for (const [k, v] of Object.entries(parts)) {
      breakdown[k] = round(v / 1000, 1);
      rendering += v;
    }
    breakdown.scriptAndOther = round((us - rendering) / 1000, 1);
  }
  return us / 1000;
}

async function heap(page: Page): Promise<{ heapBytes: number; domNodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return { heapBytes: usedSize, domNodes: await page.evaluate(() => document.getElementsByTagName('*').length) };
}

async function scrollMemory(page: Page, scroller: string): Promise<Record<string, number>> {
  const before = await heap(page);
  // Ours renders the newest part of the history on open and reveals the rest as the user scrolls up: show
  // all 10,000 first, so both passes below scroll the complete conversation.
  const revealSteps =
    scroller === 'plain'
      ? 0
      : await page.evaluate(async (sel) => (window as unknown as { __revealAll(el: Element): Promise<number> }).__revealAll(document.querySelector(sel)!), scroller);
  const revealed = scroller === 'plain' ? before : await heap(page);
  const pass = () => page.evaluate(async (sel) => {
    const w = window as unknown as { __scrollPass(el: Element, step: number): Promise<void>; __plainList?: { scroller(): HTMLElement } };
    const el = sel === 'plain' ? w.__plainList!.scroller() : document.querySelector(sel)!;
    await w.__scrollPass(el, el.clientHeight * 4);
  }, scroller);
  await pass();
  const first = await heap(page);
  await pass();
  const second = await heap(page);
  return {
    heapAfterOpen: before.heapBytes,
    ...(scroller === 'plain' ? {} : { revealSteps, heapAfterRevealingAll: revealed.heapBytes }),
    heapAfterPass1: first.heapBytes,
    heapAfterPass2: second.heapBytes,
    growthPass1ToPass2Bytes: second.heapBytes - first.heapBytes,
    domNodesAfterOpen: before.domNodes,
    domNodesAfterPass2: second.domNodes,
  };
}

export async function run(opts: { reps?: number } = {}): Promise<Record<string, unknown>> {
  const reps = opts.reps ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'approved-im-renderer-bench-'));
  await buildBench(dir);
  const { server, url } = await servePreview(dir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const ctx: Ctx = { browser, url };
  try {
    const lastBody = `(#${SCALE_MESSAGES - 1})`;
    const cpu: Record<string, number> = {};
    const openBreakdown: Record<string, number> = {};

    // Opening the 10,000-message conversation.
    const openOurs: number[] = [];
    let scrollOurs: Record<string, number> = {};
    const openConversation = (page: Page) =>
      page.evaluate(
        async ([jid, last]) => {
          const w = window as unknown as { __until(t: () => boolean): Promise<void>; __nextPaint(): Promise<void> };
          const t0 = performance.now();
          document.querySelector<HTMLButtonElement>(`[data-contact="${jid}"]`)!.click();
          await w.__until(() => (document.querySelector('[role=log]')?.textContent ?? '').includes(last!));
          await w.__nextPaint();
          return performance.now() - t0;
        },
        [SCALE_CONVERSATION, lastBody],
      );
    for (let i = 0; i <= reps; i += 1) {
      const page = await open(ctx, 'online,scale');
      await page.locator(`[data-contact="${SCALE_CONVERSATION}"]`).waitFor();
      // One more run, traced, for the CPU time; its wall-clock time (tracing slows it) is not counted.
      if (i === reps) cpu.openConversation = await mainThreadCpuMs(ctx, page, () => openConversation(page), openBreakdown);
      else openOurs.push(await openConversation(page));
      if (i === reps - 1) scrollOurs = await scrollMemory(page, '[role=log]');
      await page.context().close();
    }
    const openPlain: number[] = [];
    let scrollPlain: Record<string, number> = {};
    for (let i = 0; i < reps; i += 1) {
      const page = await withPlainList(ctx);
      openPlain.push(await page.evaluate(() => (window as unknown as { __plainList: { mount(k: string): Promise<number> } }).__plainList.mount('messages')));
      if (i === reps - 1) scrollPlain = await scrollMemory(page, 'plain');
      await page.context().close();
    }

    // Filtering the roster, keystroke by keystroke.
    const filterOurs: number[] = [];
    const filterPlain: number[] = [];
    for (let i = 0; i < Math.max(2, Math.ceil(reps / 2)) + 1; i += 1) {
      const page = await open(ctx, 'online,scale');
      await page.locator(`[data-contact="${SCALE_CONVERSATION}"]`).waitFor();
      const typeQueries = () => page.evaluate(async (queries) => {
          const w = window as unknown as { __setInput(el: Element, v: string): void; __nextPaint(): Promise<void> };
          const input = document.querySelector<HTMLInputElement>('input[aria-label="Search contacts"]')!;
          input.focus();
          const out: number[] = [];
          for (const q of queries) {
            const t0 = performance.now();
            w.__setInput(input, q);
            await w.__nextPaint();
            out.push(performance.now() - t0);
          }
          return out;
        }, QUERIES);
      if (i === 0) {
        let n = 0;
        cpu.rosterFilterPerKeystroke = (await mainThreadCpuMs(ctx, page, async () => (n = (await typeQueries()).length))) / Math.max(1, n);
      } else filterOurs.push(...(await typeQueries()));
      await page.context().close();
      const plain = await withPlainList(ctx);
      filterPlain.push(
        ...(await plain.evaluate(async (queries) => {
          const p = (window as unknown as { __plainList: { mount(k: string): Promise<number>; filter(q: string): Promise<number> } }).__plainList;
          await p.mount('roster');
          const out: number[] = [];
          for (const q of queries) out.push(await p.filter(q));
          return out;
        }, QUERIES)),
      );
      await plain.context().close();
    }

    // Signing in with 500 unread conversations.
    const signInOurs: number[] = [];
    const signInPlain: number[] = [];
    for (let i = 0; i <= reps; i += 1) {
      const page = await open(ctx, 'scale,saved');
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      const signIn = () =>
        page.evaluate(async (jid) => {
          const w = window as unknown as { __setInput(el: Element, v: string): void; __until(t: () => boolean): Promise<void>; __nextPaint(): Promise<void> };
          w.__setInput(document.querySelector('input[type=password]')!, 'bench-password');
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Sign in')!;
          const t0 = performance.now();
          button.click();
          await w.__until(() => !!document.querySelector(`[data-contact="${jid}"]`) && !!document.querySelector('.room-list, [aria-labelledby="rooms-heading"]'));
          await w.__nextPaint();
          return performance.now() - t0;
        }, SCALE_CONVERSATION);
      if (i === reps) {
        cpu.signIn = await mainThreadCpuMs(ctx, page, signIn);
        await page.context().close();
        break;
      }
      signInOurs.push(await signIn());
      await page.context().close();
      const plain = await withPlainList(ctx);
      signInPlain.push(await plain.evaluate(() => (window as unknown as { __plainList: { mount(k: string): Promise<number> } }).__plainList.mount('roster')));
      await plain.context().close();
    }

    const open$ = summarize(openOurs);
    const filter$ = summarize(filterOurs);
    const signIn$ = summarize(signInOurs);
    return {
      unit: 'ms',
      browser: browser.version(),
      rows: { contacts: SCALE_CONTACTS, unreadConversations: SCALE_UNREAD_CONVERSATIONS, rooms: SCALE_ROOMS, messages: SCALE_MESSAGES },
      baseline: 'a plain React list of the same rows (bench/plainList.tsx), same page and run',
      mainThreadCpuMs: {
        ...Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v, 1)])),
        openConversationBreakdown: openBreakdown,
        note: 'renderer main-thread CPU time of one traced run (thread time, so without waiting for a CPU on a loaded machine); the breakdown splits the open into layout, style, paint, GC and the rest (script: React, the virtualizer, the app)',
        meetsGoals: (cpu.openConversation ?? Infinity) < GOALS.openConversationMs && (cpu.rosterFilterPerKeystroke ?? Infinity) < GOALS.filterKeystrokeMs && (cpu.signIn ?? Infinity) < GOALS.signInMs,
      },
      openConversation: { ours: open$, plainReactList: summarize(openPlain), ratioOursVsPlain: round(open$.median / summarize(openPlain).median, 3), goalMs: GOALS.openConversationMs, meetsGoal: open$.p90 < GOALS.openConversationMs },
      scrollMemory: {
        ours: scrollOurs,
        plainReactList: scrollPlain,
        goal: `heap growth from the first full scroll to the second under ${GOALS.scrollHeapGrowthBytes} bytes`,
        meetsGoal: (scrollOurs.growthPass1ToPass2Bytes ?? Infinity) < GOALS.scrollHeapGrowthBytes,
      },
      rosterFilter: { perKeystroke: filter$, plainReactList: summarize(filterPlain), ratioOursVsPlain: round(filter$.median / summarize(filterPlain).median, 3), goalMs: GOALS.filterKeystrokeMs, meetsGoal: filter$.max < GOALS.filterKeystrokeMs },
      signIn: { ours: signIn$, plainReactListOfSidebar: summarize(signInPlain), ratioOursVsPlain: round(signIn$.median / summarize(signInPlain).median, 3), goalMs: GOALS.signInMs, meetsGoal: signIn$.max < GOALS.signInMs },
    };
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then((r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'));
}
