import DOMPurify from 'dompurify';
import { marked } from 'marked';

/** Turns rendered HTML into safe HTML (no script, event handler, style, form or fetched media). */
export type Sanitizer = (html: string) => string;

// Nothing that fetches (images, media): the report must open offline and leak no request when read.
const CONFIG = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'img', 'video', 'audio', 'source', 'picture'],
  FORBID_ATTR: ['style'],
};

/** HTML special characters escaped, for text placed in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * DOMPurify on the page's window. Without a DOM (Node), DOMPurify would return its input unchanged, so the
 * HTML is escaped instead: never unsafe, merely plain.
 */
export const pageSanitizer: Sanitizer = (html) =>
  DOMPurify.isSupported ? DOMPurify.sanitize(html, CONFIG) : escapeHtml(html);

/** A sanitizer on another window (jsdom in tests, say). */
export function sanitizerFor(win: Window): Sanitizer {
  const purify = DOMPurify(win as unknown as Parameters<typeof DOMPurify>[0]);
  return (html) => purify.sanitize(html, CONFIG);
}

/** The user's markdown as sanitized HTML (GitHub-flavoured: tables, lists, fenced code). */
export function renderMarkdown(text: string, sanitize: Sanitizer = pageSanitizer): string {
  const html = marked.parse(text, { async: false, gfm: true });
  return sanitize(html);
}
