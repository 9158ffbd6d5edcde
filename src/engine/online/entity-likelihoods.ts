import { LruMap } from '../serving/lru';
import { AnomalyLikelihood } from './likelihood';
import type { LikelihoodParams } from './likelihood-params';

/**
 * One anomaly likelihood per entity over the raw scores a scorer streams (the server's /predict), in the
 * order the rows arrive; the least recently seen entity is forgotten beyond `maxEntities`.
 */
export class EntityLikelihoods {
  private readonly byEntity: LruMap<string, AnomalyLikelihood>;

  constructor(
    private readonly params: Partial<LikelihoodParams> = {},
    maxEntities = 100_000,
  ) {
    new AnomalyLikelihood(params); // refuses bad params now rather than on the first row
    this.byEntity = new LruMap(maxEntities);
  }

  /** The likelihood of the entity's next raw score (finite). */
  push(entity: string, score: number): number {
    let l = this.byEntity.get(entity);
    if (!l) this.byEntity.set(entity, (l = new AnomalyLikelihood(this.params)));
    return l.push(score);
  }
}
