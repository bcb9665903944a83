import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../shared/prng.js';
import { ModelError } from '../dataset/model-error.js';
import { cholesky, choleskyInverse, choleskySolve, invertSymmetric } from './linear-algebra.js';
import { fitLogistic } from './logistic.js';
import { erfc, normalUpperTail, twoSidedP } from './normal.js';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

/** Log-likelihood written out again here, so the checks do not lean on the fitter's own code. */
function logLik(cols: Float64Array[], y: Uint8Array, beta: number[]): number {
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    let z = beta[0]!;
    for (let j = 0; j < cols.length; j++) z += beta[j + 1]! * cols[j]![i]!;
    const p = 1 / (1 + Math.exp(-z));
    ll += y[i] ? Math.log(p) : Math.log(1 - p);
  }
  return ll;
}

/** Gauss–Jordan inverse, independent of the Cholesky code under test. */
function gaussJordan(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_v, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    const d = a[c]![c]!;
    for (let k = 0; k < 2 * n; k++) a[c]![k]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let k = 0; k < 2 * n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row) => row.slice(n));
}

function simulated(n: number, seed: number, beta: number[]): { cols: Float64Array[]; y: Uint8Array } {
  const rng = new Rng(seed);
  const cols = beta.slice(1).map(() => Float64Array.from({ length: n }, () => rng.normal()));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = beta[0]!;
    cols.forEach((c, j) => (z += beta[j + 1]! * c[i]!));
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { cols, y };
}

test('normal tails against published values', () => {
  const cases: Array<[number, number]> = [
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
    [-1, 1.8427007929497148],
  ];
  for (const [x, v] of cases) close(erfc(x), v, 1e-14 * Math.max(1, v) + v * 1e-12, `erfc(${x})`);
  close(twoSidedP(1.959963984540054), 0.05, 1e-12, 'p at 1.96');
  close(normalUpperTail(-1.6448536269514722), 0.95, 1e-12, 'P(Z > -1.645)');
});

test('Cholesky solve and inverse', () => {
  const a = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
  const l = cholesky(a, 3)!;
  const x = choleskySolve(l, 3, [1, 2, 3]);
  for (let i = 0; i < 3; i++) close(a[i * 3]! * x[0]! + a[i * 3 + 1]! * x[1]! + a[i * 3 + 2]! * x[2]!, i + 1, 1e-12, `row ${i}`);
  const inv = choleskyInverse(l, 3);
  const ref = gaussJordan([[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]]);
  for (let i = 0; i < 9; i++) close(inv[i]!, ref[Math.floor(i / 3)]![i % 3]!, 1e-12, `inverse ${i}`);
  assert.equal(cholesky(Float64Array.from([1, 1, 1, 1]), 2), null, 'singular is refused');
  assert.equal(invertSymmetric(Float64Array.from([1, 2, 2, 1]), 2), null, 'indefinite is refused');
});

test('one binary variable: the MLE and standard errors are the known closed forms', () => {
  // x = 0: 30 good, 10 bad; x = 1: 20 good, 20 bad.
  const x: number[] = [];
  const y: number[] = [];
  const add = (xv: number, yv: number, k: number) => {
    for (let i = 0; i < k; i++) {
      x.push(xv);
      y.push(yv);
    }
  };
  add(0, 0, 30);
  add(0, 1, 10);
  add(1, 0, 20);
  add(1, 1, 20);
  const fit = fitLogistic([Float64Array.from(x)], Uint8Array.from(y), { names: ['x'] });
  close(fit.coefficients[0]!, Math.log(10 / 30), 1e-9, 'intercept = logit(10/40)');
  close(fit.coefficients[1]!, Math.log(20 / 20) - Math.log(10 / 30), 1e-9, 'slope = log odds ratio');
  close(fit.standardErrors[0]!, Math.sqrt(1 / 10 + 1 / 30), 1e-8, 'SE intercept');
  close(fit.standardErrors[1]!, Math.sqrt(1 / 10 + 1 / 30 + 1 / 20 + 1 / 20), 1e-8, 'SE slope (Woolf)');
  const ll = 10 * Math.log(0.25) + 30 * Math.log(0.75) + 40 * Math.log(0.5);
  close(fit.logLikelihood, ll, 1e-9, 'log-likelihood');
  close(fit.aic, 4 - 2 * ll, 1e-9, 'AIC');
  close(fit.z[1]!, fit.coefficients[1]! / fit.standardErrors[1]!, 1e-12, 'z');
  close(fit.pValues[1]!, twoSidedP(fit.z[1]!), 1e-15, 'p');
  assert.deepEqual(fit.names, ['(intercept)', 'x']);
});

test('the gradient vanishes at the fit and the standard errors match a numerical Hessian', () => {
  const { cols, y } = simulated(800, 11, [-1, 0.8, -0.5, 0.2]);
  const fit = fitLogistic(cols, y);
  const beta = [...fit.coefficients];
  const h = 1e-4;
  const f = (b: number[]) => logLik(cols, y, b);
  for (let j = 0; j < beta.length; j++) {
    const up = [...beta];
    const down = [...beta];
    up[j]! += h;
    down[j]! -= h;
    close((f(up) - f(down)) / (2 * h), 0, 1e-5, `gradient ${j}`);
  }
  const p = beta.length;
  const hess: number[][] = [];
  for (let j = 0; j < p; j++) {
    hess.push([]);
    for (let k = 0; k < p; k++) {
      const at = (dj: number, dk: number) => {
        const b = [...beta];
        b[j]! += dj;
        b[k]! += dk;
        return f(b);
      };
      hess[j]!.push(-(at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h));
    }
  }
  const cov = gaussJordan(hess);
  for (let j = 0; j < p; j++) close(fit.standardErrors[j]!, Math.sqrt(cov[j]![j]!), 1e-4 * fit.standardErrors[j]!, `SE ${j}`);
  close(fit.logLikelihood, f(beta), 1e-9, 'log-likelihood');
  // The truth is recovered roughly.
  close(fit.coefficients[1]!, 0.8, 0.3, 'slope 1');
});

test('L2 shrinks the slopes, never the intercept, and solves the penalised optimum', () => {
  const { cols, y } = simulated(600, 4, [-0.5, 1.2, -0.8]);
  const norms: number[] = [];
  for (const l2 of [0, 1, 10, 100, 1000]) {
    const fit = fitLogistic(cols, y, { l2 });
    norms.push(Math.hypot(fit.coefficients[1]!, fit.coefficients[2]!));
    const beta = [...fit.coefficients];
    const h = 1e-5;
    for (let j = 0; j < 3; j++) {
      const pen = (b: number[]) => logLik(cols, y, b) - (l2 / 2) * (b[1]! ** 2 + b[2]! ** 2);
      const up = [...beta];
      const down = [...beta];
      up[j]! += h;
      down[j]! -= h;
      close((pen(up) - pen(down)) / (2 * h), 0, 1e-4, `penalised gradient ${j} at λ=${l2}`);
    }
  }
  for (let i = 1; i < norms.length; i++) assert.ok(norms[i]! < norms[i - 1]!, `norm falls with λ: ${norms}`);
  const huge = fitLogistic(cols, y, { l2: 1e9 });
  const rate = y.reduce((a, b) => a + b, 0) / y.length;
  close(huge.coefficients[0]!, Math.log(rate / (1 - rate)), 1e-6, 'the intercept is not penalised');
  close(huge.coefficients[1]!, 0, 1e-6, 'slopes vanish');
});

test('warm start reaches the same optimum in fewer steps', () => {
  const { cols, y } = simulated(500, 8, [0.3, 0.6, 0.6]);
  const cold = fitLogistic(cols, y);
  const warm = fitLogistic(cols, y, { start: cold.coefficients });
  for (let j = 0; j < 3; j++) close(warm.coefficients[j]!, cold.coefficients[j]!, 1e-9, `coefficient ${j}`);
  assert.ok(warm.iterations < cold.iterations);
});

test('perfect separation and collinearity fail clearly without L2 and fit with it', () => {
  const x = Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
  const y = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
  assert.throws(() => fitLogistic([x], y), (e: unknown) => e instanceof ModelError && e.code === 'MODEL_FIT_FAILED' && /L2/.test(e.text.en) && e.text.zh.length > 0);
  const penalised = fitLogistic([x], y, { l2: 1 });
  assert.ok(Number.isFinite(penalised.coefficients[1]!) && penalised.coefficients[1]! > 0);
  const { cols, y: y2 } = simulated(200, 2, [0, 1]);
  const twice = Float64Array.from(cols[0]!, (v) => 2 * v);
  assert.throws(() => fitLogistic([cols[0]!, twice], y2), (e: unknown) => e instanceof ModelError && /collinear/.test(e.text.en));
  assert.ok(Number.isFinite(fitLogistic([cols[0]!, twice], y2, { l2: 0.1 }).aic));
});

test('inputs and options are checked', () => {
  const x = Float64Array.from([0, 1, 2]);
  assert.throws(() => fitLogistic([x], Uint8Array.from([1, 1, 1])), /one class/);
  assert.throws(() => fitLogistic([x], Uint8Array.from([0, 1])), /as long as the target/);
  assert.throws(() => fitLogistic([Float64Array.from([0, NaN, 1])], Uint8Array.from([0, 1, 0])), /non-finite/);
  assert.throws(() => fitLogistic([x], Uint8Array.from([0, 1, 0]), { l2: -1 }), /Option l2/);
  assert.throws(() => fitLogistic([x], Uint8Array.from([0, 1, 0]), { start: [0] }), /Option start/);
});
