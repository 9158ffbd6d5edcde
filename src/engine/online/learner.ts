/**
 * One entity's online scorer: rows arrive one at a time, in time order, and each row's raw score is
 * computed from that row and the entity's earlier rows only (higher = more anomalous).
 */
export interface OnlineLearner {
  /**
   * The raw score of the entity's next row: `x` its metric values (finite), `t` its time in epoch ms (NaN
   * when unknown). A promise on the rows where the learner (re)fits its detector first.
   */
  push(x: ArrayLike<number>, t: number): number | Promise<number>;
  /**
   * Optional: the entity's next `count` rows at once (`x` row-major, `cols` metrics each; `t` their
   * times), their raw scores into out[0 .. count): exactly what `count` calls of `push` give, faster. A
   * promise when the learner (re)fits on the way. Callers go through {@link pushRows}.
   */
  pushMany?(
    x: Float64Array,
    cols: number,
    count: number,
    t: Float64Array,
    out: Float64Array,
  ): void | Promise<void>;
}

/**
 * The raw scores of the entity's next `count` rows (see `OnlineLearner.pushMany`): the learner's own
 * `pushMany` when it has one, else its `push` row by row, awaiting only the rows that refit.
 */
export function pushRows(
  learner: OnlineLearner,
  x: Float64Array,
  cols: number,
  count: number,
  t: Float64Array,
  out: Float64Array,
): void | Promise<void> {
  if (learner.pushMany) return learner.pushMany(x, cols, count, t, out);
  return pushEach(learner, x, cols, count, t, out, 0);
}

/** `learner.push` for rows from .. count - 1, in order. */
export function pushEach(
  learner: OnlineLearner,
  x: Float64Array,
  cols: number,
  count: number,
  t: Float64Array,
  out: Float64Array,
  from: number,
  row = new Float64Array(cols),
): void | Promise<void> {
  for (let r = from; r < count; r++) {
    for (let j = 0; j < cols; j++) row[j] = x[r * cols + j];
    const s = learner.push(row, t[r]);
    if (typeof s === 'number') {
      out[r] = s;
      continue;
    }
    return s.then((v) => {
      out[r] = v;
      return pushEach(learner, x, cols, count, t, out, r + 1, row);
    });
  }
}
