import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { defaultBusiness } from '../../src/client/business/business';
import { reportHtml } from '../../src/client/report/report-html';

/** A Content-Security-Policy as directive -> sources. */
function parsePolicy(text: string): Map<string, string[]> {
  const policy = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy.set(name, sources);
  }
  return policy;
}

function metaPolicy(html: string): Map<string, string[]> {
  const meta = new JSDOM(html).window.document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  expect(meta, 'no Content-Security-Policy meta').not.toBeNull();
  return parsePolicy(meta?.getAttribute('content') ?? '');
}

/** The sources that would let markup run script: inline, eval, any host, data: or blob: URLs. */
const UNSAFE_SCRIPT = [
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'unsafe-hashes'",
  '*',
  'data:',
  'blob:',
  'http:',
  'https:',
];

describe('Content-Security-Policy', () => {
  it('the app (index.html, as dev, build and preview serve it) runs only its own script files', () => {
    const policy = metaPolicy(readFileSync('index.html', 'utf8'));
    const script = policy.get('script-src') ?? policy.get('default-src') ?? [];
    expect(script).toContain("'self'");
    for (const s of UNSAFE_SCRIPT) expect(script).not.toContain(s);
    // TF.js compiles WebAssembly; module workers come from the site itself.
    expect(script).toContain("'wasm-unsafe-eval'");
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    // No inline script in the page itself: the only script is the module entry.
    const doc = new JSDOM(readFileSync('index.html', 'utf8')).window.document;
    for (const s of doc.querySelectorAll('script')) expect(s.getAttribute('src')).toBeTruthy();
  });

  it('the exported report allows no script and no request at all', () => {
    const html = reportHtml({
      title: 'r',
      generatedAt: '2026-11-22T10:00:00.000Z',
      business: defaultBusiness(),
      dataset: null,
      quality: null,
      edaCharts: [],
      prep: null,
      leaderboard: [],
      comparison: [],
      curveCharts: [],
      evaluation: null,
      deploy: null,
      notes: [],
    });
    const policy = metaPolicy(html);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.has('script-src')).toBe(false);
    expect(policy.get('img-src')).toEqual(['data:']);
    expect(policy.get('style-src')).toEqual(["'unsafe-inline'"]);
  });
});
