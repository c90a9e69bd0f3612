import { useEffect, useRef } from "react";

const FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

/** The first field in `container`, else its first button: where focus goes when an inline form
 * (or a confirmation) opens. */
export function firstField(container: Element | null | undefined): HTMLElement | null {
  if (!container) return null;
  return container.querySelector<HTMLElement>(FIELDS) ?? container.querySelector<HTMLElement>("button:not([disabled])");
}

/** Focus moved after the next render, to what `target` finds then: an inline form that opens
 * takes focus to its first field, and one that closes gives it back to the button that opened
 * it (instead of dropping it on <body> when the focused element goes away). */
export function useFocusAfterRender(): (target: () => HTMLElement | null | undefined) => void {
  const pending = useRef<(() => HTMLElement | null | undefined) | null>(null);
  useEffect(() => {
    const target = pending.current;
    if (!target) return;
    pending.current = null;
    target()?.focus();
  });
  return (target) => {
    pending.current = target;
  };
}

/** An inline form (or confirmation) opened by a button: `form` and `opener` go on the two; open
 * moves focus to the form's first field, close gives it back to the opener. */
export function useInlineForm<F extends HTMLElement = HTMLFormElement, B extends HTMLElement = HTMLButtonElement>(
  setOpen: (open: boolean) => void,
) {
  const form = useRef<F>(null);
  const opener = useRef<B>(null);
  const focusAfterRender = useFocusAfterRender();
  return {
    form,
    opener,
    /** Opens (focus to the first field) or closes (focus back to the opener). */
    setOpenFocused(open: boolean) {
      setOpen(open);
      focusAfterRender(() => (open ? firstField(form.current) : opener.current));
    },
  };
}
