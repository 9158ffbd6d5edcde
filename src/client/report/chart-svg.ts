import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';

/** A chart's options drawn by Plot at a fixed width, as markup to inline in the report (needs a DOM). */
export function chartSvg(options: PlotOptions, width = 760, doc: Document = document): string {
  const el = Plot.plot({ ...options, width: options.width ?? width, document: doc });
  return (el as unknown as Element).outerHTML;
}
