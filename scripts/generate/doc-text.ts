// Text taken from spec descriptions into generated doc comments.

/** Makes text safe inside a `/** … *\/` comment. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}

/**
 * The first sentence of a description, whatever line it ends on, with its line
 * breaks folded into spaces: `"Dump progress of one partition. The page…"` →
 * `"Dump progress of one partition."`. A sentence ends at `.`, `!` or `?`
 * followed by white space and a capital, a digit, a quote, a backtick or the end;
 * `e.g.` and `i.e.` do not end one. A description with no sentence end is
 * returned whole (a title such as `Relay task`).
 */
export function firstSentence(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  const end = /(?<!\b(?:e\.g|i\.e|etc|vs))[.!?](?=\s+[A-Z0-9`'"(]|$)/.exec(folded);
  return end ? folded.slice(0, end.index + 1) : folded;
}
