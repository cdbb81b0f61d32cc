/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: low-rank decomposition of a kernel by a (randomised) truncated SVD. */
#include "kcv-private.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The kernel K is an m x n matrix (m = kh rows, n = kw columns). We want the
 * smallest r with ||K - K_r||_F <= tol ||K||_F, K_r its best rank-r
 * approximation (Eckart-Young: the truncated SVD).
 *
 * Small side <= max_rank + OVERSAMPLE: an exact SVD. One-sided (Hestenes)
 * Jacobi on the n x m matrix A = K^T gives A = U S V^T, so K = V S U^T.
 *
 * Otherwise a randomised subspace iteration (Halko, Martinsson, Tropp 2011):
 * Q = orth(K W) for a random n x p block W (p = max_rank + OVERSAMPLE), then
 * the exact SVD of the small n x p matrix A = K^T Q, A = U S V^T, so that
 * K ~= Q A^T = (Q V) S U^T. Because Q is orthonormal,
 *   ||K - Q B_r||_F^2 = ||K||_F^2 - sum_{c<r} s_c^2   (B = Q^T K = A^T),
 * which picks the candidate rank cheaply; every candidate is then checked by
 * computing its residual element by element, so an accepted decomposition
 * is never worse than tol whatever the randomness did. A power step
 * (Q = orth(K U)) sharpens the estimate when it is close to tol.
 *
 * Rejection: with oversampling p - k >= 2, E||(I - QQ^T)K||_F <=
 * sqrt(1 + k/(p-k-1)) tau_k (tau_k the optimal rank-k error), so the
 * estimated rank-max_rank error exceeds the optimal one by about 1.8x on
 * average; an estimate REJECT times above tol therefore means the kernel has
 * no rank <= max_rank decomposition at tol (except with negligible
 * probability). Between tol and REJECT * tol the power steps decide, up to
 * POWER_MAX of them; if they do not get below tol we answer -1, which only
 * costs speed (the caller falls back to a full 2-D method), never accuracy.
 *
 * Cost: 2 m n p multiply-adds per pass plus r m n per explicit check, so a
 * 1025 x 1025 kernel costs a few tens of ms at worst.
 */

#define OVERSAMPLE 8
#define POWER_MAX 3
#define REJECT 1e3
/* Jacobi stops rotating a pair whose cosine is below this. */
#define JACOBI_EPS 1e-15
#define JACOBI_SWEEPS 60

typedef struct {
  int m, n, p;
  int q_cols;     /* columns in use (<= p) */
  double *w;      /* n x p random block, row-major */
  double *y;      /* m x p, row-major: K W or K U */
  double *q;      /* m x p orthonormal columns, row-major */
  double *a;      /* n x p, row-major: K^T Q */
  double *ac;     /* n x p, column-major copy of a, rotated by Jacobi */
  double *vv;     /* p x p, column-major, Jacobi's right rotations */
  double *s;      /* p singular values, descending */
  int *order;     /* p column indices sorted by singular value */
  double *row;    /* n, residual scratch */
  double *prev_s; /* p, the previous step's singular values */
} work;

static uint64_t rng_next(uint64_t *state)
{
  /* xorshift64*: deterministic, so a kernel always decomposes the same way. */
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* y (m x p) = K (m x n) * w (n x p), row-major. */
static void mul_k(const double *restrict k, int m, int n, const double *restrict w, int p,
                  double *restrict y)
{
  for (int i = 0; i < m; i++) {
    double *restrict yi = y + (size_t)i * p;
    const double *restrict ki = k + (size_t)i * n;
    for (int c = 0; c < p; c++)
      yi[c] = 0.0;
    for (int j = 0; j < n; j++) {
      const double kij = ki[j];
      const double *restrict wj = w + (size_t)j * p;
      if (kij == 0.0)
        continue;
      for (int c = 0; c < p; c++)
        yi[c] += kij * wj[c];
    }
  }
}

/* a (n x p) = K^T (n x m) * q (m x p), row-major. */
static void mul_kt(const double *restrict k, int m, int n, const double *restrict q, int p,
                   double *restrict a)
{
  memset(a, 0, (size_t)n * p * sizeof *a);
  for (int i = 0; i < m; i++) {
    const double *restrict ki = k + (size_t)i * n;
    const double *restrict qi = q + (size_t)i * p;
    for (int j = 0; j < n; j++) {
      const double kij = ki[j];
      double *restrict aj = a + (size_t)j * p;
      if (kij == 0.0)
        continue;
      for (int c = 0; c < p; c++)
        aj[c] += kij * qi[c];
    }
  }
}

/* Orthonormalise the q columns of y (m x p row-major) into out (same
 * layout), Gram-Schmidt applied twice ("twice is enough"). Columns that
 * vanish (the range is smaller than q) are dropped. Returns the count kept. */
static int orthonormalise(const double *y, int m, int p, int q, double *out)
{
  int kept = 0;
  for (int c = 0; c < q; c++) {
    double norm0 = 0.0;
    for (int i = 0; i < m; i++) {
      out[(size_t)i * p + kept] = y[(size_t)i * p + c];
      norm0 += y[(size_t)i * p + c] * y[(size_t)i * p + c];
    }
    for (int pass = 0; pass < 2; pass++) {
      for (int d = 0; d < kept; d++) {
        double dot = 0.0;
        for (int i = 0; i < m; i++)
          dot += out[(size_t)i * p + d] * out[(size_t)i * p + kept];
        for (int i = 0; i < m; i++)
          out[(size_t)i * p + kept] -= dot * out[(size_t)i * p + d];
      }
    }
    double norm = 0.0;
    for (int i = 0; i < m; i++)
      norm += out[(size_t)i * p + kept] * out[(size_t)i * p + kept];
    /* Left with only rounding noise of the projected-out directions. */
    if (!(norm > 1e-26 * norm0) || norm == 0.0)
      continue;
    norm = 1.0 / sqrt(norm);
    for (int i = 0; i < m; i++)
      out[(size_t)i * p + kept] *= norm;
    kept++;
  }
  for (int i = 0; i < m; i++)
    for (int c = kept; c < p; c++)
      out[(size_t)i * p + c] = 0.0;
  return kept;
}

/* One-sided Jacobi on the column-major n x q matrix ac: rotates its columns
 * until they are mutually orthogonal (then ac = U S), accumulating the
 * rotations in vv (q x q, column-major), so that A = U S vv^T. */
static void jacobi(double *ac, int n, int q, double *vv)
{
  for (int c = 0; c < q * q; c++)
    vv[c] = 0.0;
  for (int c = 0; c < q; c++)
    vv[(size_t)c * q + c] = 1.0;
  for (int sweep = 0; sweep < JACOBI_SWEEPS; sweep++) {
    int rotated = 0;
    for (int a = 0; a < q - 1; a++) {
      for (int b = a + 1; b < q; b++) {
        double *restrict x = ac + (size_t)a * n;
        double *restrict y = ac + (size_t)b * n;
        double alpha = 0.0, beta = 0.0, gamma = 0.0;
        for (int i = 0; i < n; i++) {
          alpha += x[i] * x[i];
          beta += y[i] * y[i];
          gamma += x[i] * y[i];
        }
        if (gamma == 0.0 || fabs(gamma) <= JACOBI_EPS * sqrt(alpha * beta))
          continue;
        rotated = 1;
        /* The rotation that zeroes the (a, b) entry of A^T A. */
        const double zeta = (beta - alpha) / (2.0 * gamma);
        const double t = (zeta >= 0.0 ? 1.0 : -1.0) / (fabs(zeta) + sqrt(1.0 + zeta * zeta));
        const double cs = 1.0 / sqrt(1.0 + t * t);
        const double sn = cs * t;
        for (int i = 0; i < n; i++) {
          const double xi = x[i], yi = y[i];
          x[i] = cs * xi - sn * yi;
          y[i] = sn * xi + cs * yi;
        }
        double *restrict vx = vv + (size_t)a * q;
        double *restrict vy = vv + (size_t)b * q;
        for (int i = 0; i < q; i++) {
          const double xi = vx[i], yi = vy[i];
          vx[i] = cs * xi - sn * yi;
          vy[i] = sn * xi + cs * yi;
        }
      }
    }
    if (!rotated)
      break;
  }
}

/* Singular values of ac's columns, and their order (descending). */
static void sort_singular(const double *ac, int n, int q, double *s, int *order)
{
  double sv[64];
  for (int c = 0; c < q; c++) {
    double sum = 0.0;
    for (int i = 0; i < n; i++)
      sum += ac[(size_t)c * n + i] * ac[(size_t)c * n + i];
    sv[c] = sqrt(sum);
    order[c] = c;
  }
  for (int c = 1; c < q; c++) { /* insertion sort, q is tiny */
    int o = order[c];
    int d = c;
    while (d > 0 && sv[order[d - 1]] < sv[o]) {
      order[d] = order[d - 1];
      d--;
    }
    order[d] = o;
  }
  for (int c = 0; c < q; c++)
    s[c] = sv[order[c]];
}

/* Build the rank-r factors from the current SVD: left_c = sqrt(s_c) Q V_c,
 * right_c = sqrt(s_c) U_c, signs chosen so the largest entry of right_c is
 * positive (a positive kernel then gets positive factors). */
static void build(const work *wk, int r, double *left, double *right)
{
  const int m = wk->m, n = wk->n, p = wk->p;
  for (int c = 0; c < r; c++) {
    const int o = wk->order[c];
    const double sc = wk->s[c];
    double *restrict lc = left + (size_t)c * m;
    double *restrict rc = right + (size_t)c * n;
    const double *restrict uc = wk->ac + (size_t)o * n;
    const double *restrict vc = wk->vv + (size_t)o * wk->q_cols;
    if (sc == 0.0) {
      memset(lc, 0, (size_t)m * sizeof *lc);
      memset(rc, 0, (size_t)n * sizeof *rc);
      continue;
    }
    const double root = sqrt(sc);
    double big = 0.0;
    for (int j = 0; j < n; j++) {
      rc[j] = uc[j] / sc * root; /* ac's column is U_c s_c */
      if (fabs(rc[j]) > fabs(big))
        big = rc[j];
    }
    const double sign = big < 0.0 ? -1.0 : 1.0;
    for (int j = 0; j < n; j++)
      rc[j] *= sign;
    for (int i = 0; i < m; i++) {
      double sum = 0.0;
      for (int d = 0; d < wk->q_cols; d++)
        sum += wk->q[(size_t)i * p + d] * vc[d];
      lc[i] = sign * root * sum;
    }
  }
}

/* ||K - sum_{c<r} left_c right_c^T||_F^2, element by element. */
static double residual2(const double *restrict k, int m, int n, int r, const double *left,
                        const double *right, double *restrict row)
{
  double total = 0.0;
  for (int i = 0; i < m; i++) {
    memcpy(row, k + (size_t)i * n, (size_t)n * sizeof *row);
    for (int c = 0; c < r; c++) {
      const double lci = left[(size_t)c * m + i];
      const double *restrict rc = right + (size_t)c * n;
      for (int j = 0; j < n; j++)
        row[j] -= lci * rc[j];
    }
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      s0 += row[j] * row[j];
      s1 += row[j + 1] * row[j + 1];
      s2 += row[j + 2] * row[j + 2];
      s3 += row[j + 3] * row[j + 3];
    }
    for (; j < n; j++)
      s0 += row[j] * row[j];
    total += (s0 + s1) + (s2 + s3);
  }
  return total;
}

static void work_free(work *wk)
{
  free(wk->w);
  free(wk->y);
  free(wk->q);
  free(wk->a);
  free(wk->ac);
  free(wk->vv);
  free(wk->s);
  free(wk->order);
  free(wk->row);
  free(wk->prev_s);
}

/* Nonzero when every buffer of wk (m x n kernel, p columns) was allocated. */
static int work_alloc(work *wk, int m, int n, int p)
{
  *wk = (work){.m = m, .n = n, .p = p};
  wk->w = malloc((size_t)n * p * sizeof(double));
  wk->y = malloc((size_t)m * p * sizeof(double));
  wk->q = malloc((size_t)m * p * sizeof(double));
  wk->a = malloc((size_t)n * p * sizeof(double));
  wk->ac = malloc((size_t)n * p * sizeof(double));
  wk->vv = malloc((size_t)p * p * sizeof(double));
  wk->s = malloc((size_t)p * sizeof(double));
  wk->order = malloc((size_t)p * sizeof(int));
  wk->row = malloc((size_t)n * sizeof(double));
  wk->prev_s = malloc((size_t)p * sizeof(double));
  return wk->w && wk->y && wk->q && wk->a && wk->ac && wk->vv && wk->s && wk->order && wk->row &&
         wk->prev_s;
}

/* The first basis Q: the identity (exact SVD) or orth(K W) for a random
 * block W. Returns its columns. */
static int first_basis(work *wk, const double *k, int exact)
{
  const int m = wk->m, n = wk->n, p = wk->p;
  if (exact) {
    /* Q = identity: A = K^T and the SVD below is the exact one. */
    memset(wk->q, 0, (size_t)m * p * sizeof(double));
    for (int i = 0; i < m; i++)
      wk->q[(size_t)i * p + i] = 1.0;
    return m;
  }
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (size_t e = 0; e < (size_t)n * p; e++)
    wk->w[e] = (double)(rng_next(&state) >> 11) * (2.0 / 9007199254740992.0) - 1.0;
  mul_k(k, m, n, wk->w, p, wk->y);
  return orthonormalise(wk->y, m, p, p, wk->q);
}

/* The SVD of K^T Q for the q columns of Q: singular values into wk->s. */
static void project(work *wk, const double *k, int q)
{
  const int n = wk->n, p = wk->p;
  mul_kt(k, wk->m, n, wk->q, p, wk->a);
  for (int j = 0; j < n; j++)
    for (int c = 0; c < q; c++)
      wk->ac[(size_t)c * n + j] = wk->a[(size_t)j * p + c];
  wk->q_cols = q;
  jacobi(wk->ac, n, q, wk->vv);
  sort_singular(wk->ac, n, q, wk->s, wk->order);
}

/* Candidates in increasing rank up to top, each checked on the real
 * residual: the first that passes, with its factors in left and right;
 * 0 when none does. *est2 is left at the estimate for rank top. */
static int first_passing_rank(work *wk, const double *k, int top, double norm2, double gate2,
                              double limit2, double *left, double *right, double *est2)
{
  *est2 = norm2;
  for (int r = 1; r <= top; r++) {
    *est2 -= wk->s[r - 1] * wk->s[r - 1];
    if (*est2 > gate2)
      continue;
    build(wk, r, left, right);
    if (residual2(k, wk->m, wk->n, r, left, right, wk->row) <= limit2)
      return r;
  }
  return 0;
}

/* Power step: Q = orth(K U) with U the current right singular vectors.
 * Returns the new basis' columns. */
static int power_step(work *wk, const double *k, int q)
{
  const int n = wk->n, p = wk->p;
  int kept = 0;
  for (int c = 0; c < q; c++) {
    const int o = wk->order[c];
    if (wk->s[c] == 0.0)
      break;
    for (int j = 0; j < n; j++)
      wk->w[(size_t)j * p + kept] = wk->ac[(size_t)o * n + j] / wk->s[c];
    kept++;
  }
  for (int j = 0; j < n; j++)
    for (int c = kept; c < p; c++)
      wk->w[(size_t)j * p + c] = 0.0;
  mul_k(k, wk->m, n, wk->w, p, wk->y);
  return orthonormalise(wk->y, wk->m, p, kept, wk->q);
}

/* Nonzero when the power steps no longer move the top estimates. */
static int settled(const work *wk, int top)
{
  for (int c = 0; c < top; c++)
    if (fabs(wk->s[c] - wk->prev_s[c]) > 1e-12 * wk->s[0])
      return 0;
  return 1;
}

/* The squared Frobenius norm of K (m x n); -1 when out of memory. */
static double norm2_of(const double *k, int m, int n)
{
  double *row = malloc((size_t)n * sizeof *row);
  if (!row)
    return -1.0;
  const double norm2 = residual2(k, m, n, 0, NULL, NULL, row);
  free(row);
  return norm2;
}

/* K is m x n row-major; left gets r*m, right r*n doubles. */
static int decompose(const double *k, int m, int n, int max_rank, double tol, double *left,
                     double *right)
{
  const double norm2 = norm2_of(k, m, n);
  if (norm2 < 0.0)
    return KCV__LOWRANK_NOMEM;
  if (norm2 == 0.0) {
    /* The zero kernel: rank 1 with zero factors (its passes give zeros). */
    memset(left, 0, (size_t)m * sizeof *left);
    memset(right, 0, (size_t)n * sizeof *right);
    return 1;
  }
  const double limit2 = tol * tol * norm2;
  /* norm2 - sum s_c^2 cancels: below about sqrt(m n) ulps of norm2 the
   * estimate is rounding noise, so candidates that close go to the check. */
  const double gate2 = 4.0 * limit2 + 64.0 * sqrt((double)m * n) * DBL_EPSILON * norm2;
  const int exact = m <= max_rank + OVERSAMPLE;
  work wk;
  if (!work_alloc(&wk, m, n, exact ? m : max_rank + OVERSAMPLE)) {
    work_free(&wk);
    return KCV__LOWRANK_NOMEM;
  }
  int result = -1;
  int q = first_basis(&wk, k, exact);
  for (int iter = 0; q > 0; iter++) {
    project(&wk, k, q);
    const int top = max_rank < q ? max_rank : q;
    double est2;
    const int r = first_passing_rank(&wk, k, top, norm2, gate2, limit2, left, right, &est2);
    if (r > 0) {
      result = r;
      break;
    }
    if (exact || est2 > REJECT * REJECT * limit2 || iter == POWER_MAX ||
        (iter > 0 && settled(&wk, top)))
      break;
    memcpy(wk.prev_s, wk.s, (size_t)q * sizeof(double));
    q = power_step(&wk, k, q);
  }
  work_free(&wk);
  return result;
}

int kcv__low_rank(const double *k, int kw, int kh, int max_rank, double tol, double *v, double *h)
{
  if (!k || !v || !h || kw < 1 || kh < 1 || max_rank < 1 || !(tol >= 0.0))
    return -1;
  if (max_rank > 32)
    max_rank = 32; /* keeps the small SVD small; the method uses 8 */
  const int m = kh, n = kw;
  /* The exact path wants the small side as the rows of K (columns of A). */
  if (n < m && n <= max_rank + OVERSAMPLE) {
    double *kt = malloc((size_t)m * n * sizeof *kt);
    if (!kt)
      return KCV__LOWRANK_NOMEM;
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++)
        kt[(size_t)j * m + i] = k[(size_t)i * n + j];
    const int r = decompose(kt, n, m, max_rank, tol, h, v);
    free(kt);
    return r;
  }
  return decompose(k, m, n, max_rank, tol, v, h);
}
