import { useEffect, useReducer, useRef } from 'react';
import { answersKey, type PreviewModel, type PreviewRequest, type Previewer } from '../preview.js';

/** A preview that took at most this long last time is computed within the keystroke's own frame. */
const SYNC_BUDGET_MS = 8;

function requestKey(r: PreviewRequest): string {
  return `${answersKey(r)}\u0000${r.env}\u0000${r.focus ?? ''}\u0000${r.focusTarget ? 1 : 0}`;
}

/**
 * The preview for the answers on screen, undefined until the first is ready.
 * While preparing the file stays cheap (a few ms, the usual case) it is
 * computed in the keystroke's own frame, so the key and its effect on the
 * file appear together. When it gets slow, the typed key is drawn first and
 * the preview follows in the next turn of the event loop; a newer keystroke
 * replaces a preview not yet computed. The first one is always deferred, so
 * the first frame does not wait for it.
 */
export function usePreviewModel(previewer: Previewer, request: PreviewRequest): PreviewModel | undefined {
  const key = requestKey(request);
  const shown = useRef<{ key: string; model?: PreviewModel; ms: number }>({ key: '', ms: Number.POSITIVE_INFINITY });
  const latest = useRef(request);
  latest.current = request;
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const compute = () => {
    const t0 = performance.now();
    const model = previewer.model(latest.current, shown.current.model);
    shown.current = { key: requestKey(latest.current), model, ms: performance.now() - t0 };
  };
  if (shown.current.key !== key && shown.current.ms <= SYNC_BUDGET_MS) compute();
  useEffect(() => {
    if (shown.current.key === key) return;
    const handle = setImmediate(() => {
      compute();
      redraw();
    });
    return () => clearImmediate(handle);
  }, [key]);
  return shown.current.model;
}
