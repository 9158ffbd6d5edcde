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
}
