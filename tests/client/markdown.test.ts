import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMarkdown, sanitizerFor } from '../../src/client/markdown';

const sanitize = sanitizerFor(new JSDOM('').window as unknown as Window);

describe('markdown notes', () => {
  it('renders GitHub-flavoured markdown', () => {
    const html = renderMarkdown('# Title\n\n- **bold** item\n\n| a | b |\n| - | - |\n| 1 | 2 |', sanitize);
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<td>2</td>');
  });

  it('strips scripts, event handlers, javascript: links and styles', () => {
    const html = renderMarkdown(
      'x <script>alert(1)</script> <img src=x onerror="alert(2)"> [l](javascript:alert(3)) ' +
        '<style>body{display:none}</style> <b style="color:red">b</b>',
      sanitize,
    );
    expect(html).not.toMatch(/<script|onerror|javascript:|<style|style=|<img/i);
    expect(html).toContain('<b>b</b>');
  });

  it('without a DOM, escapes rather than trusting the HTML', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).not.toContain('<script>');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
