import { changepointFamily } from './change-point';
import { xcorrFamily } from './cross-correlation';
import { distributionFamily } from './distribution';
import { entropyFamily } from './entropy';
import type { FeatureFamily } from './family';
import { interactionsFamily } from './interactions';
import { lagsFamily } from './lags';
import { peaksFamily } from './peaks';
import { rateFamily } from './rate';
import { residualsFamily } from './residuals';
import { rollingFamily } from './rolling';
import { spectralFamily } from './spectral';
import { temporalFamily } from './temporal';
import { valueFamily } from './value';

// Registry order is table order: a feature table lists its columns family by family in this order.
const families: readonly FeatureFamily<unknown>[] = [
  valueFamily,
  temporalFamily,
  rollingFamily,
  lagsFamily,
  rateFamily,
  xcorrFamily,
  distributionFamily,
  peaksFamily,
  changepointFamily,
  spectralFamily,
  entropyFamily,
  interactionsFamily,
  residualsFamily,
] as readonly FeatureFamily<unknown>[];

/** Every registered feature family, in table order. */
export function featureFamilies(): readonly FeatureFamily<unknown>[] {
  return families;
}
