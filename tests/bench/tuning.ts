/**
 * How much hyperparameter search raises mean PR-AUC over the defaults on the development data, for the
 * Isolation Forest and for the best detector of each family (by mean PR-AUC at its defaults).
 *
 * Data and features as tests/bench/quality.ts (the scikit-learn baseline's): NAB AWS series fitted and
 * scored whole; ASD omi-1..4 fitted on `_train`, scored on `_test`. Tuned on validation, reported on test,
 * by two-fold cross-validation over files: the files of a family (sorted by name) alternate between fold A
 * and fold B; TPE (seed 0, the defaults as trial 0) searches the detector's suggested space for the best
 * mean PR-AUC over fold A's files, and those parameters are scored on fold B's files; then the other way
 * round. Each file thus gets a test score from parameters chosen without its labels; the table gives the
 * mean over all files, next to the defaults on the same files.
 *
 * The best detector at defaults is read from artifacts/bench/quality.json when it exists (same data,
 * features and seeds, so the same figures), else measured here over every registered detector (about
 * 100 s more); `--candidates a,b,...` measures those instead.
 *
 * Run: `npm run bench -- tuning [--trials N] [--candidates a,b,...]`. Writes artifacts/bench/tuning.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createDetector, detectorFactory, detectorTypes } from '../../src/engine/detectors/index';
import { averagePrecision } from '../../src/engine/metrics/index';
import {
  defaultTrial,
  detectorSearchSpace,
  runSearch,
  type TrialParams,
} from '../../src/engine/tuning/index';
import { machineInfo } from './machine';
import { loadCases, type Case } from './_dev-cases';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const TRIALS = Number(flag('trials') ?? 30);
// Composite or slow-training models are left out of the choice of the best detector by default.
const SKIP = new Set(['ensemble', 'lstm-ae']);
const QUALITY = 'artifacts/bench/quality.json';

/** Each family's best detector by mean default PR-AUC in the quality bench's output, if there is one. */
function bestFromQuality(): Record<'NAB' | 'ASD', string> | null {
  if (!existsSync(QUALITY)) return null;
  const rows = (
    JSON.parse(readFileSync(QUALITY, 'utf8')) as { summary: Record<string, string>[] }
  ).summary.filter((r) => detectorTypes().includes(r.detector) && !SKIP.has(r.detector));
  if (!rows.length) return null;
  const best = (family: string) =>
    rows.reduce((a, b) => (Number(b[`${family} PR-AUC`]) > Number(a[`${family} PR-AUC`]) ? b : a)).detector;
  return { NAB: best('NAB'), ASD: best('ASD') };
}

const fromQuality = flag('candidates') ? null : bestFromQuality();
const candidates = fromQuality
  ? [...new Set(['iforest', fromQuality.NAB, fromQuality.ASD])]
  : (flag('candidates')?.split(',') ?? detectorTypes().filter((t) => !SKIP.has(t)));

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** PR-AUC of a detector with `params` on one file (the seed pinned to 0 where the detector has one). */
async function prAuc(type: string, params: TrialParams, c: Case): Promise<number> {
  const seeded = detectorFactory(type).params.some((p) => p.name === 'seed');
  const det = await createDetector(type, seeded ? { seed: 0, ...params } : params).fit(c.train, {
    context: c.trainContext,
  });
  return averagePrecision(c.labels, det.score(c.test, c.testContext));
}

const cases = loadCases();
const families = ['NAB', 'ASD'] as const;
const started = performance.now();

// Defaults of every candidate on every file, to pick each family's best detector.
const defaults = new Map<string, Map<string, number>>(); // type -> file -> PR-AUC
for (const type of candidates) {
  const byFile = new Map<string, number>();
  for (const c of cases) byFile.set(c.file, await prAuc(type, {}, c));
  defaults.set(type, byFile);
  process.stderr.write(`defaults of ${type} done\n`);
}
const familyMean = (type: string, family: string) =>
  mean(cases.filter((c) => c.dataset === family).map((c) => defaults.get(type)!.get(c.file)!));

interface FoldResult {
  tunedOn: string[];
  testedOn: string[];
  trials: number;
  bestParams: TrialParams;
  /** Mean PR-AUC over the tuning fold's files: defaults (trial 0) and best. */
  validationDefault: number;
  validationBest: number;
  seconds: number;
}

const summary: Record<string, string>[] = [];
const details: {
  family: string;
  detector: string;
  role: string;
  defaultTest: number;
  tunedTest: number;
  perFile: { file: string; default: number; tuned: number }[];
  folds: FoldResult[];
}[] = [];

for (const family of families) {
  const files = cases.filter((c) => c.dataset === family);
  const best =
    fromQuality?.[family] ??
    candidates.reduce((a, b) => (familyMean(b, family) > familyMean(a, family) ? b : a));
  const roles: [string, string][] =
    best === 'iforest'
      ? [['iforest', 'Isolation Forest and best']]
      : [
          ['iforest', 'Isolation Forest'],
          [best, 'best at defaults'],
        ];
  for (const [type, role] of roles) {
    const factory = detectorFactory(type);
    const space = detectorSearchSpace(factory);
    const foldA = files.filter((_, i) => i % 2 === 0);
    const foldB = files.filter((_, i) => i % 2 === 1);
    const tuned = new Map<string, number>();
    const folds: FoldResult[] = [];
    for (const [tuneOn, testOn] of [
      [foldA, foldB],
      [foldB, foldA],
    ]) {
      const t0 = performance.now();
      const result = await runSearch({
        space,
        method: 'tpe',
        seed: 0,
        trials: TRIALS,
        given: [defaultTrial(factory, space)],
        runTrial: async (params) => mean(await Promise.all(tuneOn.map((c) => prAuc(type, params, c)))),
      });
      const bestTrial = result.best!;
      for (const c of testOn) tuned.set(c.file, await prAuc(type, bestTrial.params, c));
      folds.push({
        tunedOn: tuneOn.map((c) => c.file),
        testedOn: testOn.map((c) => c.file),
        trials: result.trials.length,
        bestParams: bestTrial.params,
        validationDefault: result.trials[0].score ?? NaN,
        validationBest: bestTrial.score!,
        seconds: (performance.now() - t0) / 1000,
      });
      process.stderr.write(`${family} ${type}: fold tuned in ${folds.at(-1)!.seconds.toFixed(0)} s\n`);
    }
    const perFile = files.map((c) => ({
      file: c.file,
      default: defaults.get(type)?.get(c.file) ?? NaN,
      tuned: tuned.get(c.file)!,
    }));
    const defaultTest = mean(perFile.map((r) => r.default));
    const tunedTest = mean(perFile.map((r) => r.tuned));
    details.push({ family, detector: type, role, defaultTest, tunedTest, perFile, folds });
    summary.push({
      family,
      detector: type,
      role,
      'default PR-AUC': defaultTest.toFixed(3),
      'tuned PR-AUC': tunedTest.toFixed(3),
      gain: (tunedTest - defaultTest >= 0 ? '+' : '') + (tunedTest - defaultTest).toFixed(3),
      'files improved': `${perFile.filter((r) => r.tuned > r.default).length}/${perFile.length}`,
      'validation default -> best (fold A, B)': folds
        .map((f) => `${f.validationDefault.toFixed(3)}->${f.validationBest.toFixed(3)}`)
        .join(', '),
    });
  }
}

if (fromQuality)
  console.log(`best detectors at defaults from ${QUALITY}: NAB ${fromQuality.NAB}, ASD ${fromQuality.ASD}`);
console.log(
  `Tuned (TPE, ${TRIALS} trials per fold, 2-fold over files) vs default mean test PR-AUC on ${cases.length} development files`,
);
console.table(summary);
for (const d of details) {
  for (const [k, f] of d.folds.entries()) {
    console.log(`${d.family} ${d.detector} fold ${'AB'[k]} best: ${JSON.stringify(f.bestParams)}`);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`total ${seconds.toFixed(0)} s`);
const out = 'artifacts/bench/tuning.json';
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      benchmark: 'tuning',
      date: new Date().toISOString(),
      machine: machineInfo(),
      protocol:
        'TPE seed 0, defaults as trial 0; two-fold over files per family (alternate files by name); ' +
        'tuned on the mean PR-AUC of one fold, reported on the other; features as the quality bench.',
      trialsPerFold: TRIALS,
      candidates,
      bestChosenFrom: fromQuality ? `${QUALITY} (default PR-AUC means)` : 'defaults measured here',
      defaultsByDetector: Object.fromEntries(
        candidates.map((t) => [t, Object.fromEntries(families.map((f) => [f, familyMean(t, f)]))]),
      ),
      summary,
      details,
      seconds,
    },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
