import { useId } from 'react';

export interface ConfigProblemItem {
  /** The policy name, or the policy file / registry key for a problem with a whole source. */
  policy: string;
  message: string;
}

export interface ConfigErrorScreenProps {
  /** Security-critical problems: each names the policy and what is wrong. */
  problems: readonly ConfigProblemItem[];
  /** Non-critical problems (defaults in use), shown for the administrator's benefit. */
  warnings?: readonly ConfigProblemItem[];
  /** The effective policy hash, so support can match what the client saw. */
  policyHash?: string;
  /** "Try again" (re-read the policy). */
  onRetry?: () => void;
  /** Open the policy page. */
  onShowPolicy?: () => void;
}

export const CONFIG_ERROR_TITLE = 'Configuration error — contact your administrator';

/**
 * Shown instead of sign-in when a security-critical policy is missing or invalid (fail closed). Names
 * every policy and its problem so the user can pass it on, and says that nothing was sent.
 */
export function ConfigErrorScreen({ problems, warnings = [], policyHash, onRetry, onShowPolicy }: ConfigErrorScreenProps) {
  const titleId = useId();
  return (
    <main className="pol-config-error">
      <section className="pol-card" aria-labelledby={titleId}>
        <h1 id={titleId} className="pol-title">
          {CONFIG_ERROR_TITLE}
        </h1>
        <div role="alert">
          <p className="pol-lead">
            Approved IM cannot start because {problems.length === 1 ? 'a required setting is' : 'required settings are'} missing or
            invalid in its group policy. Nothing has been sent or received. Give your IT administrator the details below.
          </p>
          <ul className="pol-problems" aria-label="Configuration problems">
            {problems.map((p, i) => (
              <li key={`${p.policy}:${i}`} className="pol-problem">
                <span className="pol-problem-policy">{p.policy}</span>
                <span className="pol-problem-message">{p.message}</span>
              </li>
            ))}
          </ul>
        </div>
        {warnings.length > 0 && (
          <details className="pol-details">
            <summary>Other policy warnings ({warnings.length})</summary>
            <ul className="pol-problems pol-problems-warning">
              {warnings.map((p, i) => (
                <li key={`${p.policy}:${i}`} className="pol-problem">
                  <span className="pol-problem-policy">{p.policy}</span>
                  <span className="pol-problem-message">{p.message}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
        {policyHash && (
          <p className="pol-muted">
            Policy hash <code className="pol-hash">{policyHash}</code>
          </p>
        )}
        {(onRetry || onShowPolicy) && (
          <div className="pol-actions">
            {onRetry && (
              <button type="button" className="pol-button pol-button-primary" onClick={onRetry}>
                Try again
              </button>
            )}
            {onShowPolicy && (
              <button type="button" className="pol-button" onClick={onShowPolicy}>
                Policy
              </button>
            )}
          </div>
        )}
      </section>
    </main>
  );
}
