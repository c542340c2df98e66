// A tag, a comment or a processing instruction; "a < b" and "<3" are not markup.
// Texts with markup are refused everywhere staff write them (titles, questions,
// choices, notices): Maillage shows texts as text, never as HTML.
export const MARKUP = /<\s*\/?\s*[a-z!?][^<>]*>/i;

export const hasMarkup = (text: string) => MARKUP.test(text);
