import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { expect } from 'vitest';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** Renders chart options with Plot in Node, on a jsdom document. */
export function renderChart(options: PlotOptions): Element {
  const dom = new JSDOM('');
  return Plot.plot({ ...options, document: dom.window.document }) as unknown as Element;
}

/**
 * Deterministic, diff-friendly text of a rendered chart: clip-path ids (a module-level counter in Plot)
 * are normalised, numbers in attribute values (coordinates, paths) rounded to 2 decimals as Plot's own
 * golden tests do (text is left exact), and one tag per line.
 */
export function serialize(el: Element): string {
  return (
    el.outerHTML
      .replace(/plot-clip-\d+/g, 'plot-clip')
      .replace(/="[^"]*"/g, (attr) => attr.replace(/\d+\.\d{3,}/g, (d) => String(+Number(d).toFixed(2))))
      .replace(/></g, '>\n<') + '\n'
  );
}

/**
 * Compares a rendered chart with `golden/<name>.svg`, or `golden/<name>.html` when Plot wraps the SVG in a
 * figure (e.g. with a legend); HTML goldens are stored as Prettier formats them, so `prettier --check`
 * stays green. `UPDATE_GOLDEN=1` (re)writes the file; without it a missing file fails the test.
 */
export async function expectGolden(name: string, el: Element): Promise<void> {
  const ext = el.tagName.toLowerCase() === 'svg' ? 'svg' : 'html';
  const file = join(GOLDEN_DIR, `${name}.${ext}`);
  let actual = serialize(el);
  if (ext === 'html') {
    const config = (await prettier.resolveConfig(file)) ?? {};
    actual = await prettier.format(actual, { ...config, filepath: file });
  }
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(
      `missing golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run tests/charts, then review it`,
    );
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Text content of every element matching `selector`. */
export function texts(el: Element, selector: string): string[] {
  return [...el.querySelectorAll(selector)].map((e) => e.textContent ?? '');
}

/** A fixed, hand-made day of 15-minute samples (no randomness): the fixture every chart test shares. */
export function fixtureSeries(n = 96): { t: Float64Array; cpu: Float64Array; mem: Float64Array } {
  const t0 = Date.UTC(2024, 2, 1);
  const t = Float64Array.from({ length: n }, (_, i) => t0 + i * 15 * 60_000);
  const cpu = Float64Array.from(
    t,
    (_, i) => 40 + 15 * Math.sin(i / 8) + (i >= 60 && i < 66 ? 35 : 0) + (i % 5),
  );
  const mem = Float64Array.from(t, (_, i) => 6.2e9 + i * 4e6 + (i % 7) * 2e7);
  return { t, cpu, mem };
}
