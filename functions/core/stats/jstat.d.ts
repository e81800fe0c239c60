// jstat ships no types; only the functions Effekt uses are declared.
declare module 'jstat' {
  interface JStatStatic {
    gammaln(x: number): number;
    /** Regularised incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    studentt: {
      cdf(t: number, df: number): number;
      inv(p: number, df: number): number;
    };
    centralF: {
      inv(p: number, df1: number, df2: number): number;
    };
    normal: {
      inv(p: number, mean: number, sd: number): number;
      cdf(x: number, mean: number, sd: number): number;
    };
  }
  const jStat: JStatStatic;
  export default jStat;
}
