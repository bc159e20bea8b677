import { useCallback, useEffect, useState } from 'react';
import type { PolicyView } from '../../shared/ipc/types';
import { errorText } from '../state/actions';
import { useStore } from '../state/store';
import { PolicyPage } from './PolicyPage';

/** Loads 'policy:get' and shows the policy page (PolicyPage.tsx is presentational). */
export function PolicyPane({ onClose }: { onClose?: () => void }) {
  const { api } = useStore();
  const [view, setView] = useState<PolicyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    api.invoke('policy:get', {}).then(
      (v) => {
        if (!live) return;
        setView(v);
        setError(null);
      },
      (err: unknown) => live && setError(errorText(err, 'The policy could not be read. Try again.')),
    );
    return () => {
      live = false;
    };
  }, [api, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return (
    <div className="policy-pane">
      <PolicyPage view={view} error={error} onReload={reload} onClose={onClose} />
    </div>
  );
}
