import type { Workbench } from '../../src/client/workbench.svelte';
import type { PrepSettings } from '../../src/engine/session/types';
import { parsePrepConfig, type PrepConfig } from '../../src/engine/pipeline/prep-config';

/**
 * Applies a change to the preparation config the way every Data Preparation cell does: the new config is
 * checked with the engine's own parser first, so a value out of range never reaches the worker; when it
 * passes, the settings are replaced (never mutated) and the one shared preparation re-runs.
 *
 * @returns the problem (naming the field) when the change was refused, else null
 */
export function applyConfig(wb: Workbench, change: (config: PrepConfig) => PrepConfig): string | null {
  const prep = $state.snapshot(wb.prepSettings()) as PrepSettings;
  const config = change(prep.config);
  try {
    parsePrepConfig(config);
  } catch (e) {
    return (e as Error).message.replace(/^preparation config: /, '');
  }
  wb.settings.prep = { ...prep, config };
  void wb.prepare();
  return null;
}

/** Replaces the metrics the features are computed from and re-runs the preparation. */
export function applyMetrics(wb: Workbench, metrics: string[]): void {
  const prep = $state.snapshot(wb.prepSettings()) as PrepSettings;
  wb.settings.prep = { ...prep, metrics };
  void wb.prepare();
}

/** Which cell a preparation error belongs to, from the field it names (unknown ones go to features). */
export function errorCell(message: string): 'cleaning' | 'features' | 'selection' | 'split' {
  const m = /(?:^|\b)(cleaning|features|selection|split|scaler)[.:]/.exec(message);
  const field = m?.[1];
  if (field === 'cleaning' || field === 'selection' || field === 'split') return field;
  if (field === 'scaler' || /\b(training|test) split\b/.test(message)) return 'split';
  return 'features';
}

/** `1.2 MB`, `340 kB`: a size for the page. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 ** 2).toFixed(bytes >= 100 * 1024 ** 2 ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
