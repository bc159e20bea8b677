import { BrandMark } from './BrandMark';

/** Shown for the moment before main has told us the session state. */
export function Splash({ text }: { text: string }) {
  return (
    <main className="splash">
      <BrandMark size={56} />
      <p role="status" className="splash-text">
        {text}
      </p>
    </main>
  );
}
