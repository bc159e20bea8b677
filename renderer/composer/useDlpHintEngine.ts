import { useEffect, useState } from 'react';
import type { RendererApi } from '../../shared/ipc/api';
import type { DlpEngine } from '../../shared/dlp/index';
import { createHintEngine, dlpConfigFromView } from './dlpHints';

/** DLP policies may change at runtime: a composer mounted after this long asks for the policy again. */
const POLICY_MAX_AGE_MS = 60_000;

interface Cached {
  at: number;
  engine: Promise<DlpEngine>;
  /** A newer engine being built while the old one is still handed out. */
  refreshing?: boolean;
}
const cache = new WeakMap<RendererApi, Cached>();

function buildEngine(api: RendererApi): Promise<DlpEngine> {
  return api.invoke('policy:get', {}).then(
    (view) => createHintEngine(dlpConfigFromView(view).config),
    // Advisory only (main's check is authoritative): without the policy, hint with the defaults.
    () => createHintEngine({}),
  );
}

/**
 * The hint engine for this API: configured from 'policy:get', or the engine defaults if that fails. An
 * engine older than POLICY_MAX_AGE_MS is still handed out while its successor is built in the background,
 * so opening a conversation never waits for an engine to be built (issue 18 item 7: building one costs
 * tens of milliseconds). Signing in warms it (`MainLayout`).
 */
export function hintEngineFor(api: RendererApi, now = Date.now()): Promise<DlpEngine> {
  const hit = cache.get(api);
  if (hit && now - hit.at < POLICY_MAX_AGE_MS) return hit.engine;
  if (hit) {
    if (!hit.refreshing) {
      hit.refreshing = true;
      const next = buildEngine(api);
      void next.then(() => cache.set(api, { at: Date.now(), engine: next }));
    }
    return hit.engine;
  }
  const engine = buildEngine(api);
  cache.set(api, { at: now, engine });
  return engine;
}

/** The DLP engine for typing hints; null until the policy has been read. */
export function useDlpHintEngine(api: RendererApi): DlpEngine | null {
  const [engine, setEngine] = useState<DlpEngine | null>(null);
  useEffect(() => {
    let live = true;
    void hintEngineFor(api).then((e) => live && setEngine(() => e));
    return () => {
      live = false;
    };
  }, [api]);
  return engine;
}
