import { describe, expect, it } from 'vitest';
import { trainingThreshold } from '../../../src/engine/pipeline/fit';
import { bestF1Threshold, quantileThreshold } from '../../../src/engine/metrics/threshold';

const params = { contamination: 0.1 };

describe('trainingThreshold', () => {
  it('takes the F1-best threshold when the scores separate the labelled anomalies', () => {
    const scores = Float64Array.from({ length: 100 }, (_, i) => i);
    const labels = Float64Array.from({ length: 100 }, (_, i) => (i >= 90 ? 1 : 0));
    const t = trainingThreshold(scores, labels, params);
    expect(t).toEqual({ threshold: 90, thresholdRule: { kind: 'best-f1', f1: 1 } });
  });

  it('refuses an F1-best threshold that alerts most rows, and says so in the rule', () => {
    // Anomalies scored like everything else: F1 peaks by alerting every row (2p / (1 + p)).
    const scores = Float64Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
    const labels = Float64Array.from({ length: 200 }, (_, i) => (i % 10 === 3 ? 1 : 0));
    const best = bestF1Threshold(labels, scores);
    const share = scores.filter((s) => s >= best.threshold).length / scores.length;
    expect(share).toBeGreaterThan(0.5);
    const t = trainingThreshold(scores, labels, params);
    expect(t.threshold).toBe(quantileThreshold(scores, 0.1));
    expect(t.thresholdRule).toEqual({ kind: 'contamination', contamination: 0.1, bestF1AlertShare: share });
  });

  it('draws the line at a quarter of the rows (or three times the labelled share)', () => {
    const scores = Float64Array.from({ length: 100 }, (_, i) => i);
    // Five anomalies ranked below the top 25 (then 15) normal rows: F1 is best alerting 30 (then 20).
    const at = (from: number) => Float64Array.from(scores, (v) => (v >= from && v < from + 5 ? 1 : 0));
    const wide = trainingThreshold(scores, at(70), params).thresholdRule;
    expect(wide).toEqual({ kind: 'contamination', contamination: 0.1, bestF1AlertShare: 0.3 });
    expect(trainingThreshold(scores, at(80), params)).toEqual({
      threshold: 80,
      thresholdRule: { kind: 'best-f1', f1: 0.4 },
    });
  });

  it('keeps a wide F1-best threshold when the labels themselves cover most rows', () => {
    const scores = Float64Array.from({ length: 100 }, (_, i) => i);
    const labels = Float64Array.from({ length: 100 }, (_, i) => (i >= 30 ? 1 : 0));
    expect(trainingThreshold(scores, labels, params).thresholdRule).toEqual({ kind: 'best-f1', f1: 1 });
  });

  it('uses the quantile without labels, and a calibrated detector its own threshold', () => {
    const scores = Float64Array.from({ length: 50 }, (_, i) => i);
    expect(trainingThreshold(scores, null, params).thresholdRule).toEqual({
      kind: 'contamination',
      contamination: 0.1,
    });
    expect(trainingThreshold(scores, null, params, 0.4)).toEqual({
      threshold: 0.4,
      thresholdRule: { kind: 'calibrated' },
    });
  });
});
