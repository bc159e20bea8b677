/** The product mark: a speech bubble on the state navy. Inline SVG, no external assets. */
export function BrandMark({ size = 40 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      <rect width="40" height="40" rx="10" className="brand-mark-bg" />
      <path
        d="M13 11h14a3 3 0 0 1 3 3v9a3 3 0 0 1-3 3h-7.5l-5 4.2V26H13a3 3 0 0 1-3-3v-9a3 3 0 0 1 3-3z"
        className="brand-mark-bubble"
      />
      <path d="M15.5 18.5l3 3 6-6" className="brand-mark-check" />
    </svg>
  );
}
