import * as Comlink from 'comlink';
import { WorkbenchSession } from '../engine/index';
import type {
  DataSource,
  FittedPipeline,
  LabelEdit,
  PrepSettings,
  Schema,
  SeriesRequest,
  TrainRequest,
} from '../engine/index';

const session = new WorkbenchSession();

const api = {
  load: (source: DataSource, overrides: Partial<Schema>, edits: LabelEdit[]) =>
    session.load(source, overrides, edits),
  setLabelEdits: (edits: LabelEdit[]) => session.setLabelEdits(edits),
  labelWindows: () => session.labelWindows(),
  series: (req: SeriesRequest) => session.series(req),
  prepare: (prep: PrepSettings) => session.prepare(prep),
  train: (req: TrainRequest, onProgress: (f: number) => void) => session.train(req, onProgress),
  cancel: () => session.cancel(),
  restore: (fitted: FittedPipeline, prep: PrepSettings) => session.restore(fitted, prep),
  evaluate: () => session.evaluate(),
  exportBundle: (threshold: number, metrics: Record<string, number | null>) =>
    session.exportBundle(threshold, metrics),
};

export type EngineApi = typeof api;

// `self` is the worker scope; the cast only satisfies type-checkers that see DOM's `Window` typing of it.
Comlink.expose(api, self as unknown as Comlink.Endpoint);
