import { useEffect, useRef } from 'react';

/**
 * A ref for something that appears in answer to a click further up or down, e.g. a refusal or
 * a confirmation below a long form in a scrolling dialog: brought into view when it appears,
 * so the person sees what their click did (role="alert" only tells screen readers). Centred,
 * so a sticky footer of the dialog does not cover its end (where a confirm button sits).
 */
export function useReveal<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, []);
  return ref;
}
