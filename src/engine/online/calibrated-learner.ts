import { pushRows, type OnlineLearner } from './learner';
import { AnomalyLikelihood, NEUTRAL_LIKELIHOOD } from './likelihood';

/**
 * An entity's learner and its anomaly likelihood together: each row's raw score, then its likelihood
 * (the raw score itself when the learner is already calibrated, as the ensemble is). The rows before the
 * learner has fitted anything (`warmupRows`) score 0 and never enter the likelihood's history: they
 * would teach it that 0 is usual.
 */
export class CalibratedLearner {
  /** The last row's raw score and likelihood. */
  score = 0;
  likelihood = NEUTRAL_LIKELIHOOD;
  private row = 0;

  constructor(
    private readonly learner: OnlineLearner,
    private readonly calibration: AnomalyLikelihood | null,
    private readonly warmupRows: number,
  ) {}

  /** Scores the entity's next row; a promise when the learner refits first. */
  push(x: ArrayLike<number>, t: number): void | Promise<void> {
    const s = this.learner.push(x, t);
    if (typeof s === 'number') this.take(s);
    else return s.then((v) => this.take(v));
  }

  /**
   * `count` rows at once (`x` row-major, `cols` metrics each; `t` their times): their raw scores into
   * scores[0 .. count) and likelihoods into likelihoods[0 .. count), as `count` pushes give them (the
   * likelihood never feeds back into the learner, so it can follow the learner's whole chunk). A promise
   * when the learner refits on the way.
   */
  pushMany(
    x: Float64Array,
    cols: number,
    count: number,
    t: Float64Array,
    scores: Float64Array,
    likelihoods: Float64Array,
  ): void | Promise<void> {
    const take = (): void => {
      for (let r = 0; r < count; r++) {
        this.take(scores[r]);
        likelihoods[r] = this.likelihood;
      }
    };
    const pending = pushRows(this.learner, x, cols, count, t, scores);
    if (pending) return pending.then(take);
    take();
  }

  private take(s: number): void {
    this.score = s;
    const row = this.row++;
    if (!this.calibration) this.likelihood = s;
    else this.likelihood = row < this.warmupRows ? NEUTRAL_LIKELIHOOD : this.calibration.push(s);
  }
}
