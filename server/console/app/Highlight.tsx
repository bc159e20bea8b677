/** Message text with the searched words marked (whole words, case-insensitive, as the search matches). */
export function Highlight(props: { text: string; terms: string[] }) {
  const words = new Set(props.terms.flatMap((t) => t.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? []));
  if (words.size === 0) return <>{props.text}</>;
  const parts = props.text.split(/([\p{L}\p{N}\p{M}]+)/gu);
  return (
    <>
      {parts.map((p, i) => (i % 2 === 1 && words.has(p.toLowerCase()) ? <mark key={i}>{p}</mark> : p))}
    </>
  );
}
