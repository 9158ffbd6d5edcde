import type { ModelRun } from '../../src/client/model-runs.svelte';
import { detectorFactory, detectorTypes } from '../../src/engine/detectors/index';

/** An AUC to 3 decimals, or a dash when the part had no labels of both classes. */
export function auc(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : v.toFixed(3);
}

export function rate(v: number): string {
  return `${(v * 100).toFixed(v < 0.01 ? 2 : 1)}%`;
}

export function detectorLabel(type: string): string {
  return detectorTypes().includes(type) ? detectorFactory(type).label : type;
}

/** The part a run is ranked on: validation when the split has one, else test. */
export function rankedPart(run: ModelRun) {
  return run.result.validation ?? run.result.test;
}
