import { useEffect } from 'react';

function carriesFiles(e: DragEvent): boolean {
  const types = e.dataTransfer ? Array.from(e.dataTransfer.types) : [];
  return types.includes('Files') || types.some((t) => t.startsWith('image/'));
}

/**
 * Files dropped anywhere outside the composer are swallowed, so the window never tries to open
 * them. The composer's own onDrop (with pasteGuard) explains the refusal.
 */
export function useBlockFileDrops(): void {
  useEffect(() => {
    const onDragOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
    };
    const onDrop = (e: DragEvent) => {
      if (carriesFiles(e)) e.preventDefault();
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}
