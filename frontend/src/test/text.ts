/** A text matcher for `getByText` and its kin that finds a line whose words are split across
 * elements (a name in a span marking its language, `lang`): the innermost element whose whole
 * text is `expected`, or matches it. */
export function wholeText(expected: string | RegExp) {
  const matches = (element: Element | null) => {
    const text = element?.textContent ?? "";
    return typeof expected === "string" ? text === expected : expected.test(text);
  };
  return (_content: string, element: Element | null) => matches(element) && ![...(element?.children ?? [])].some(matches);
}
