/** The standard normal distribution's tails and log density, as the Parzen estimators need them. */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The complementary error function, by the Chebyshev fit of Numerical Recipes (erfcc): fractional
 * error below 1.2e-7 everywhere, including far in the tails, which is ample for density ratios.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Upper tail P(Z > z) of the standard normal. */
function upper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * P(a <= Z <= b) for a standard normal Z, taken from the tail on the side of the interval so that
 * narrow intervals far from 0 keep their relative precision.
 */
export function normalMass(a: number, b: number): number {
  if (!(b > a)) return 0;
  if (a >= 0) return upper(a) - upper(b);
  if (b <= 0) return upper(-b) - upper(-a);
  return 1 - upper(b) - upper(-a);
}

/** log of the standard normal density at z. */
export function logNormalPdf(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/** log(sum(exp(v))) without overflow; -Infinity for an empty or all -Infinity input. */
export function logSumExp(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i] - m);
  return m + Math.log(s);
}
