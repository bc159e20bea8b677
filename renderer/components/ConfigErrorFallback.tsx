import type { SessionState } from '../../shared/ipc/types';
import { BrandMark } from './BrandMark';

/**
 * Minimal configuration-error screen. ConfigErrorScreen.tsx (policy components, another owner)
 * replaces this when it lands; until then this keeps the contract: the text "Configuration error"
 * naming each policy.
 */
export function ConfigErrorFallback({ problems }: { problems: SessionState['configErrors'] }) {
  return (
    <main className="auth-screen">
      <section className="auth-card auth-card-wide" aria-labelledby="config-error-title">
        <div className="auth-brand">
          <BrandMark />
          <span className="auth-product">Approved IM</span>
        </div>
        <h1 id="config-error-title" className="auth-title">
          Configuration error — contact your administrator
        </h1>
        <p className="auth-lead">
          Approved IM can't start because its group policy settings are missing or invalid. Nothing has been sent
          or received. Give your IT administrator the details below.
        </p>
        <ul className="problem-list">
          {problems.map((p) => (
            <li key={`${p.policy}:${p.message}`} className="problem">
              <span className="problem-policy">{p.policy}</span>
              <span className="problem-message">{p.message}</span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
