import { useEffect, useRef, useState } from 'react';
import type { PreviewModel, PreviewRequest, Previewer } from '../preview.js';

function requestKey(r: PreviewRequest): string {
  return `${r.template.id}\u0000${r.name}\u0000${r.env}\u0000${r.focus ?? ''}\u0000${r.focusTarget ? 1 : 0}\u0000${JSON.stringify(r.given)}`;
}

/**
 * The preview for the answers on screen. The keystroke's own frame (the typed
 * character) is drawn first; the preview follows in the next turn of the event
 * loop, and a newer keystroke replaces a preview not yet computed. So typing
 * never waits for preparePipeline (~6 ms for a 30-step pipeline).
 */
export function usePreviewModel(previewer: Previewer, request: PreviewRequest): PreviewModel {
  const key = requestKey(request);
  const [model, setModel] = useState(() => previewer.model(request));
  const shown = useRef({ key, model });
  const latest = useRef(request);
  latest.current = request;
  useEffect(() => {
    if (shown.current.key === key) return;
    const handle = setImmediate(() => {
      const next = previewer.model(latest.current, shown.current.model);
      shown.current = { key, model: next };
      setModel(next);
    });
    return () => clearImmediate(handle);
  }, [key, previewer]);
  return model;
}
