import type { ThresholdRule } from '../engine/pipeline/fitted';

/** How a pipeline's alert threshold was chosen, in words for the page (see `ThresholdRule`). */
export function thresholdRuleText(rule: ThresholdRule): string {
  switch (rule.kind) {
    case 'best-f1':
      return 'best F1 on the training labels';
    case 'contamination': {
      const quantile = rule.sampledRows
        ? `contamination quantile of the scores of ${rule.sampledRows.toLocaleString('en-US')} evenly spaced training rows`
        : 'contamination quantile of the training scores';
      return rule.bestF1AlertShare === undefined
        ? quantile
        : `${quantile}; the best-F1 threshold on the training labels would alert ${(100 * rule.bestF1AlertShare).toFixed(0)}% of the training rows, as these scores barely separate the labelled anomalies`;
    }
    case 'calibrated':
      return "the detector's own threshold on its calibrated scores (likelihoods)";
    case 'manual':
      return 'set by hand';
  }
}
