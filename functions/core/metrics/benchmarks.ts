import type { Benchmarks } from '../model/index.ts';

/** Lacerenza et al. (2017), corrected population effect sizes (δ) for leadership training, 335 independent samples. */
export const LEADERSHIP_TRAINING_BENCHMARKS: Benchmarks = {
  source:
    'Lacerenza, C. N., Reyes, D. L., Marlow, S. L., Joseph, D. L., & Salas, E. (2017). Leadership training design, delivery, and implementation: A meta-analysis. Journal of Applied Psychology, 102(12), 1686–1718.',
  reactions: 0.63,
  learning: 0.73,
  transfer: 0.82,
  results: 0.72,
  caveat: {
    sv: 'Jämförelsevärdena är korrigerade populationsskattningar från en metaanalys av 335 studier (korrigerade bland annat för mätfel), inte effekter mätta i ett enskilt program. Jämförelsen med programmets effektstorlekar är därför bara vägledande.',
    en: 'The benchmarks are corrected population estimates from a meta-analysis of 335 studies (corrected for, among other things, measurement error), not effects observed in a single programme. The comparison with this programme’s effect sizes is therefore indicative only.',
  },
};

export function leadershipTrainingBenchmarks(): Benchmarks {
  return { ...LEADERSHIP_TRAINING_BENCHMARKS, caveat: { ...LEADERSHIP_TRAINING_BENCHMARKS.caveat } };
}
