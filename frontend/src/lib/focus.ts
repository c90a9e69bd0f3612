import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";

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

/** The keydown handler of an inline form (or confirmation) that Escape closes, as its cancel
 * button does (`close`, which gives focus back to the button that opened it):
 *
 *   <form ref={form} onKeyDown={escapeCloses(() => setOpenFocused(false))}> */
export function escapeCloses(close: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    close();
  };
}

/** The first control in `container` marked invalid (`aria-invalid="true"`, as `Field` marks a
 * field with an error). */
export function firstInvalid(container: Element | null | undefined): HTMLElement | null {
  return container?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? null;
}

/** After a submit that failed, focus goes to the first field the next render marks invalid, so
 * that its label and its error (tied to it by aria-describedby) are read at once, instead of
 * staying on the submit button where nothing is said (WCAG 3.3.1, 4.1.3). When no field is
 * marked (the request failed, an error on the whole form) it goes to `fallback`'s element
 * instead, e.g. the form's message container (a <div tabIndex={-1}>). `form` goes on the form
 * (or any element holding its fields); a form that has a ref already (`useInlineForm`'s) passes
 * it instead (`useFocusInvalid(form)`):
 *
 *   const { form, focusInvalid } = useFocusInvalid();
 *   ...
 *   if (Object.keys(found).length > 0) { setErrors(found); focusInvalid(() => summary.current); return; }
 *   ...
 *   <form ref={form} onSubmit={onSubmit} noValidate>
 *
 * Each call focuses once, after the render it causes (the one showing the errors set with it). */
export function useFocusInvalid<F extends HTMLElement = HTMLFormElement>(within?: RefObject<F | null>) {
  const own = useRef<F>(null);
  const form = within ?? own;
  const [asked, setAsked] = useState<{ fallback?: () => HTMLElement | null | undefined } | null>(null);
  useEffect(() => {
    if (!asked) return;
    (firstInvalid(form.current) ?? asked.fallback?.())?.focus();
  }, [asked]);
  return {
    form,
    /** Focuses the first invalid field (else `fallback`'s element) once the errors show. */
    focusInvalid(fallback?: () => HTMLElement | null | undefined) {
      // A new object each time: a render (and the focus) even when the errors are the same.
      setAsked({ fallback });
    },
  };
}
