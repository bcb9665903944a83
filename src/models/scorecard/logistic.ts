/**
 * Logistic regression by Newton–Raphson (IRLS) with an optional L2 penalty on the slopes (never on
 * the intercept), returning what a scorecard review reads: coefficients, standard errors, Wald z
 * and p-values, log-likelihood and AIC.
 */
import { ModelError, optionError } from '../dataset/model-error.js';
import { cholesky, choleskyInverse, choleskySolve, dot } from './linear-algebra.js';
import { twoSidedP } from './normal.js';

export interface LogisticOptions {
  /**
   * L2 penalty λ: the fit maximises ℓ(β) − λ/2·Σβⱼ² over the slopes (default 0). With λ > 0 the
   * standard errors come from the penalised Hessian, so p-values are approximate.
   */
  l2?: number;
  /** Stop when no coefficient moves more than this in one Newton step (default 1e-8). */
  tolerance?: number;
  /** Newton steps before giving up (default 100). */
  maxIterations?: number;
  /** Names of the columns, for the result (default x1, x2, …). */
  names?: readonly string[];
  /** Starting coefficients [intercept, slopes…] (a warm start from a neighbouring model). */
  start?: ArrayLike<number>;
}

export interface LogisticFit {
  /** '(intercept)' then the column names. */
  names: string[];
  /** Intercept first, then one slope per column. */
  coefficients: Float64Array;
  standardErrors: Float64Array;
  z: Float64Array;
  pValues: Float64Array;
  /** Inverse of the (penalised) Hessian at the optimum, row-major (p+1)×(p+1). */
  covariance: Float64Array;
  /** Fitted P(y = 1) of every row (what score tests for further variables need). */
  fitted: Float64Array;
  /** Unpenalised log-likelihood at the optimum. */
  logLikelihood: number;
  /** 2·(p+1) − 2·logLikelihood. */
  aic: number;
  iterations: number;
  l2: number;
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function fitFailed(zh: string, en: string, cause?: unknown): ModelError {
  return new ModelError('MODEL_FIT_FAILED', { zh, en }, { field: 'logistic', cause });
}

/**
 * Fits P(y = 1) = 1 / (1 + e^−(β₀ + Σ βⱼ xⱼ)).
 *
 * @example
 * const fit = fitLogistic([woeAge, woeIncome], target, { l2: 0.01, names: ['age', 'income'] });
 */
export function fitLogistic(columns: readonly Float64Array[], y: Uint8Array, options: LogisticOptions = {}): LogisticFit {
  const l2 = options.l2 ?? 0;
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 100;
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw optionError('l2', '须为非负数', 'must be a non-negative number');
  if (!(tolerance > 0)) throw optionError('tolerance', '须为正数', 'must be positive');
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw optionError('maxIterations', '须为正整数', 'must be a positive integer');
  const n = y.length;
  const p = columns.length + 1;
  for (const c of columns) if (c.length !== n) throw optionError('columns', '列长度须与目标一致', 'every column must be as long as the target');
  let bads = 0;
  for (let i = 0; i < n; i++) bads += y[i]!;
  if (bads === 0 || bads === n) throw fitFailed('目标只有一个类别,无法拟合', 'The target has one class only; nothing to fit');

  // Column-major throughout: every inner loop is a dot product or an axpy over contiguous arrays,
  // about twice as fast in V8 as walking a row-major design matrix (a 21,000 × 20 fit ≈ 0.1 s).
  const cols = columns;
  for (const c of cols) for (let i = 0; i < n; i++) if (!Number.isFinite(c[i]!)) throw optionError('columns', '含有非有限数值', 'hold a non-finite value');

  const beta = new Float64Array(p);
  if (options.start) {
    if (options.start.length !== p) throw optionError('start', `须有 ${p} 个系数`, `must hold ${p} coefficients`);
    for (let j = 0; j < p; j++) beta[j] = options.start[j]!;
  } else beta[0] = Math.log(bads / (n - bads));

  const eta = new Float64Array(n);
  const linear = (b: Float64Array) => {
    eta.fill(b[0]!);
    for (let j = 1; j < p; j++) {
      const c = cols[j - 1]!;
      const bj = b[j]!;
      if (bj !== 0) for (let i = 0; i < n; i++) eta[i]! += bj * c[i]!;
    }
  };
  const objective = (b: Float64Array) => {
    linear(b);
    let ll = 0;
    for (let i = 0; i < n; i++) ll += y[i]! * eta[i]! - softplus(eta[i]!);
    let pen = 0;
    for (let j = 1; j < p; j++) pen += b[j]! * b[j]!;
    return { ll, penalised: ll - 0.5 * l2 * pen };
  };

  const hessian = new Float64Array(p * p);
  const gradient = new Float64Array(p);
  const w = new Float64Array(n);
  const r = new Float64Array(n);
  const wx = new Float64Array(n);
  const derivatives = (b: Float64Array) => {
    linear(b);
    weightsAndResiduals(eta, y, w, r);
    fillDerivatives(cols, b, w, r, wx, l2, gradient, hessian);
  };

  let current = objective(beta);
  let iterations = 0;
  let converged = false;
  const trial = new Float64Array(p);
  while (iterations < maxIterations) {
    iterations++;
    derivatives(beta);
    const l = cholesky(hessian, p);
    if (!l) {
      throw fitFailed(
        '信息矩阵奇异:变量完全共线、某变量为常数,或存在完全分离;请删除相关变量或设置 L2 惩罚',
        'The information matrix is singular: variables are perfectly collinear, one is constant, or the classes are perfectly separated; drop the variable or set an L2 penalty',
      );
    }
    const step = choleskySolve(l, p, gradient);
    // Step halving keeps every iteration an ascent step even far from the optimum.
    let scale = 1;
    let next = current;
    for (let h = 0; h < 40; h++) {
      for (let j = 0; j < p; j++) trial[j] = beta[j]! + scale * step[j]!;
      next = objective(trial);
      if (next.penalised >= current.penalised - 1e-12 * Math.abs(current.penalised)) break;
      scale /= 2;
    }
    let moved = 0;
    for (let j = 0; j < p; j++) {
      moved = Math.max(moved, Math.abs(trial[j]! - beta[j]!));
      beta[j] = trial[j]!;
    }
    current = next;
    if (l2 === 0 && maxAbs(beta, 1) > 30 && current.ll > -1e-6 * n) {
      throw fitFailed(
        '完全分离:某些变量可以完美区分好坏样本,最大似然估计不存在;请设置 L2 惩罚或合并分箱',
        'Perfect separation: some variables split good from bad exactly, so no maximum-likelihood estimate exists; set an L2 penalty or merge bins',
      );
    }
    if (moved < tolerance) {
      converged = true;
      break;
    }
  }
  if (!converged) {
    throw fitFailed(
      `迭代 ${maxIterations} 次后仍未收敛(常见原因:完全分离);请设置 L2 惩罚或增大 maxIterations`,
      `No convergence after ${maxIterations} iterations (often perfect separation); set an L2 penalty or raise maxIterations`,
    );
  }

  derivatives(beta);
  const l = cholesky(hessian, p);
  if (!l) throw fitFailed('信息矩阵奇异,无法计算标准误', 'The information matrix is singular; standard errors cannot be computed');
  const covariance = choleskyInverse(l, p);
  const standardErrors = new Float64Array(p);
  const z = new Float64Array(p);
  const pValues = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    standardErrors[j] = Math.sqrt(covariance[j * p + j]!);
    z[j] = beta[j]! / standardErrors[j]!;
    pValues[j] = twoSidedP(z[j]!);
  }
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = y[i]! - r[i]!;
  const names = ['(intercept)', ...columns.map((_c, j) => options.names?.[j] ?? `x${j + 1}`)];
  return {
    names,
    coefficients: beta,
    standardErrors,
    z,
    pValues,
    covariance,
    fitted,
    logLikelihood: current.ll,
    aic: 2 * p - 2 * current.ll,
    iterations,
    l2,
  };
}

function maxAbs(v: Float64Array, from: number): number {
  let m = 0;
  for (let j = from; j < v.length; j++) m = Math.max(m, Math.abs(v[j]!));
  return m;
}

/** IRLS weights μ(1 − μ) and residuals y − μ from the linear predictor. */
function weightsAndResiduals(eta: Float64Array, y: Uint8Array, w: Float64Array, r: Float64Array): void {
  for (let i = 0; i < eta.length; i++) {
    const e = eta[i]!;
    const mu = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
    w[i] = mu * (1 - mu);
    r[i] = y[i]! - mu;
  }
}

/**
 * Gradient and negated Hessian of the penalised log-likelihood, intercept first. A top-level
 * function with its arrays as arguments: V8 optimises it far better than a closure over them.
 */
function fillDerivatives(cols: readonly Float64Array[], b: Float64Array, w: Float64Array, r: Float64Array, wx: Float64Array, l2: number, gradient: Float64Array, hessian: Float64Array): void {
  const n = w.length;
  const p = cols.length + 1;
  let sw = 0;
  let sr = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i]!;
    sr += r[i]!;
  }
  hessian[0] = sw;
  gradient[0] = sr;
  for (let j = 1; j < p; j++) {
    const cj = cols[j - 1]!;
    for (let i = 0; i < n; i++) wx[i] = w[i]! * cj[i]!;
    gradient[j] = dot(cj, r, n) - l2 * b[j]!;
    hessian[j * p] = hessian[j] = dot(cj, w, n);
    for (let k = 1; k <= j; k++) hessian[j * p + k] = hessian[k * p + j] = dot(wx, cols[k - 1]!, n);
    hessian[j * p + j]! += l2;
  }
}
