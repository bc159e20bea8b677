/** The main pane before a conversation is chosen. */
export function EmptyState() {
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <svg className="empty-art" viewBox="0 0 120 96" aria-hidden="true" focusable="false">
        <rect x="8" y="14" width="70" height="46" rx="12" className="empty-art-a" />
        <path d="M24 60l-8 14 22-14z" className="empty-art-a" />
        <rect x="44" y="34" width="68" height="42" rx="12" className="empty-art-b" />
        <path d="M96 76l8 12-20-12z" className="empty-art-b" />
        <rect x="56" y="48" width="38" height="5" rx="2.5" className="empty-art-line" />
        <rect x="56" y="58" width="24" height="5" rx="2.5" className="empty-art-line" />
      </svg>
      <h1 id="empty-title" className="empty-title">
        Welcome to Approved IM
      </h1>
      <p className="empty-text">Choose a contact on the left, or start a new chat with a colleague's address.</p>
      <ul className="empty-rules">
        <li>Text messages only — files and images are blocked.</li>
        <li>No sensitive or confidential information.</li>
        <li>Every message is a public record and is retained.</li>
      </ul>
    </section>
  );
}
