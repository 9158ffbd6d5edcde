import type { PrepResult, PrepSettings } from '../../engine/index';

const SCALERS: Record<string, string> = {
  standard: 'standard scaling (mean 0, standard deviation 1)',
  robust: 'robust scaling (median 0, interquartile range 1)',
  minmax: 'min-max scaling to [0, 1]',
  none: 'no scaling',
};

/** The preparation as plain sentences, in the order it runs, for the report. */
export function prepSteps(prep: PrepSettings, result: PrepResult): { steps: string[]; warnings: string[] } {
  const n = (v: number) => v.toLocaleString('en-US');
  const s = result.split;
  const families = result.families.filter((f) => f.count > 0);
  const steps = [
    `Metrics used: ${prep.metrics.join(', ')}.`,
    ...result.cleaning.map((c) => `Cleaning: ${c}`),
    `Features: ${n(result.featureNames.length)} computed per instance from each row's own past` +
      (families.length ? ` (${families.map((f) => `${f.title} ${f.count}`).join(', ')}).` : '.'),
    ...(result.selection ? [`Selection on the training part: ${result.selection.note}`] : []),
    `Scaling: ${SCALERS[prep.config.scaler] ?? prep.config.scaler}, fitted on the training part only.`,
    `Split in time order, never shuffled: ${n(s.trainRows)} training, ${n(s.validationRows)} validation and ` +
      `${n(s.testRows)} test rows` +
      (s.gapRows ? `, ${n(s.gapRows)} rows left out as gaps between parts.` : '.'),
  ];
  return { steps, warnings: [...(result.memoryWarning ? [result.memoryWarning] : []), ...s.warnings] };
}
