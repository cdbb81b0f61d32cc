/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: kernels from parameters (presets) and the table the dialog shows. */
#include "kcv-presets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Largest radius (pixels each side of the centre) a kernel can have. */
#define RADIUS_MAX ((KCV_KERNEL_MAX - 1) / 2)

static kcv_kernel *from_doubles(int w, int h, const double *v)
{
  kcv_kernel *k = kcv_kernel_new(w, h);
  if (!k)
    return NULL;
  for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
    k->data[i] = (float)v[i];
  return k;
}

static kcv_kernel *small(int w, int h, const float *v)
{
  kcv_kernel *k = kcv_kernel_new(w, h);
  if (k)
    memcpy(k->data, v, (size_t)w * (size_t)h * sizeof *v);
  return k;
}

static int in_range(double v, double lo, double hi)
{
  return isfinite(v) && v >= lo && v <= hi;
}

kcv_kernel *kcv_preset_identity(void)
{
  static const float v[9] = {0, 0, 0, 0, 1, 0, 0, 0, 0};
  return small(3, 3, v);
}

kcv_kernel *kcv_preset_box(int width, int height)
{
  kcv_kernel *k = kcv_kernel_new(width, height);
  if (!k)
    return NULL;
  const float v = (float)(1.0 / ((double)width * height));
  for (size_t i = 0; i < (size_t)width * (size_t)height; i++)
    k->data[i] = v;
  return k;
}

/* ---- Gaussian ------------------------------------------------------------ */

/* Side length for sigma by the default rule: ceil(3 sigma) each side. */
static int gauss_side(double sigma)
{
  return 2 * (int)ceil(3 * sigma) + 1;
}

/* n samples of a Gaussian centred on the middle of the row ((n-1)/2, so
 * even sizes stay symmetric), summing to 1. sigma 0 is a unit impulse. */
static void gauss_1d(double sigma, int n, double *g)
{
  double sum = 0;
  const double c = (n - 1) / 2.0;
  for (int i = 0; i < n; i++) {
    double x = i - c;
    g[i] = sigma > 0 ? exp(-x * x / (2 * sigma * sigma)) : (i == n / 2 ? 1.0 : 0.0);
    sum += g[i];
  }
  for (int i = 0; i < n; i++)
    g[i] /= sum;
}

/* The outer product of two 1-D Gaussians, in double (w*h values). */
static double *gauss_2d(double sigma_x, double sigma_y, int w, int h)
{
  double *gx = malloc((size_t)(w + h) * sizeof *gx);
  double *k = malloc((size_t)w * (size_t)h * sizeof *k);
  if (!gx || !k) {
    free(gx);
    free(k);
    return NULL;
  }
  double *gy = gx + w;
  gauss_1d(sigma_x, w, gx);
  gauss_1d(sigma_y, h, gy);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      k[(size_t)y * w + x] = gy[y] * gx[x];
  free(gx);
  return k;
}

kcv_kernel *kcv_preset_gaussian(double sigma_x, double sigma_y, int width, int height)
{
  if (!in_range(sigma_x, 0, KCV_GAUSSIAN_SIGMA_MAX) ||
      !in_range(sigma_y, 0, KCV_GAUSSIAN_SIGMA_MAX) || width < 0 || height < 0 ||
      width > KCV_KERNEL_MAX || height > KCV_KERNEL_MAX)
    return NULL;
  if (width == 0)
    width = gauss_side(sigma_x);
  if (height == 0)
    height = gauss_side(sigma_y);
  double *k = gauss_2d(sigma_x, sigma_y, width, height);
  if (!k)
    return NULL;
  kcv_kernel *out = from_doubles(width, height, k);
  free(k);
  return out;
}

/* ---- shapes by area coverage --------------------------------------------- */

/* A shape given by a signed distance (negative inside; exact inside, a
 * lower bound outside) and an exact inside test. */
typedef struct {
  double (*distance)(const void *shape, double x, double y);
  int (*inside)(const void *shape, double x, double y);
  const void *shape;
} coverage_shape;

/* Supersampling grid per edge pixel: 16 x 16 gives coverage to 1/256. */
#define SUPERSAMPLE 16

/* Fraction of the pixel centred at (x, y) inside the shape. Pixels whose
 * centre is farther than half the diagonal from the boundary are entirely
 * in or out, so only edge pixels are supersampled. */
static double coverage(const coverage_shape *s, double x, double y)
{
  const double half_diagonal = 0.70710678118654757;
  double d = s->distance(s->shape, x, y);
  if (d <= -half_diagonal)
    return 1.0;
  if (d >= half_diagonal)
    return 0.0;
  int hits = 0;
  for (int j = 0; j < SUPERSAMPLE; j++)
    for (int i = 0; i < SUPERSAMPLE; i++)
      hits +=
          s->inside(s->shape, x + (i + 0.5) / SUPERSAMPLE - 0.5, y + (j + 0.5) / SUPERSAMPLE - 0.5);
  return (double)hits / (SUPERSAMPLE * SUPERSAMPLE);
}

/* Pixels i with |i| - 0.5 < extent can overlap a shape reaching extent. */
static int radius_for(double extent)
{
  return (int)ceil(extent + 0.5) - 1;
}

/* Kernel of (2 rx + 1) x (2 ry + 1) coverages, zero outer rows and columns
 * trimmed symmetrically, normalised to sum 1. NULL when empty or too big. */
static kcv_kernel *rasterise(const coverage_shape *s, int rx, int ry)
{
  if (rx < 0 || ry < 0 || rx > RADIUS_MAX || ry > RADIUS_MAX)
    return NULL;
  const int w = 2 * rx + 1, h = 2 * ry + 1;
  double *v = malloc((size_t)w * (size_t)h * sizeof *v);
  if (!v)
    return NULL;
  double sum = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      double c = coverage(s, x - rx, y - ry);
      v[(size_t)y * w + x] = c;
      sum += c;
    }
  if (!(sum > 0)) {
    free(v);
    return NULL;
  }
  /* Trim rows/columns that are zero on both sides, keeping the centre. */
  int tx = 0, ty = 0;
  for (; tx < rx; tx++) {
    int zero = 1;
    for (int y = 0; y < h && zero; y++)
      zero = v[(size_t)y * w + tx] == 0 && v[(size_t)y * w + w - 1 - tx] == 0;
    if (!zero)
      break;
  }
  for (; ty < ry; ty++) {
    int zero = 1;
    for (int x = 0; x < w && zero; x++)
      zero = v[(size_t)ty * w + x] == 0 && v[(size_t)(h - 1 - ty) * w + x] == 0;
    if (!zero)
      break;
  }
  kcv_kernel *k = kcv_kernel_new(w - 2 * tx, h - 2 * ty);
  if (k) {
    for (int y = 0; y < k->height; y++)
      for (int x = 0; x < k->width; x++)
        k->data[(size_t)y * k->width + x] = (float)(v[(size_t)(y + ty) * w + x + tx] / sum);
  }
  free(v);
  return k;
}

typedef struct {
  double r_in, r_out; /* r_in < 0: a full disk */
} annulus;

static double annulus_distance(const void *p, double x, double y)
{
  const annulus *a = p;
  double d = sqrt(x * x + y * y);
  double outer = d - a->r_out;
  return a->r_in > 0 ? fmax(outer, a->r_in - d) : outer;
}

static int annulus_inside(const void *p, double x, double y)
{
  const annulus *a = p;
  double d2 = x * x + y * y;
  return d2 < a->r_out * a->r_out && (a->r_in <= 0 || d2 >= a->r_in * a->r_in);
}

kcv_kernel *kcv_preset_disk(double radius)
{
  if (!in_range(radius, KCV_DISK_RADIUS_MIN, KCV_DISK_RADIUS_MAX))
    return NULL;
  annulus a = {-1, radius};
  coverage_shape s = {annulus_distance, annulus_inside, &a};
  int r = radius_for(radius);
  return rasterise(&s, r, r);
}

kcv_kernel *kcv_preset_ring(double radius, double thickness)
{
  if (!in_range(radius, KCV_DISK_RADIUS_MIN, KCV_DISK_RADIUS_MAX) ||
      !in_range(thickness, KCV_RING_THICKNESS_MIN, radius))
    return NULL;
  annulus a = {radius - thickness, radius};
  coverage_shape s = {annulus_distance, annulus_inside, &a};
  int r = radius_for(radius);
  return rasterise(&s, r, r);
}

/* A 1-pixel-wide segment of the given length centred on the origin, along
 * (c, -s) in image coordinates (y down, so angles turn counterclockwise). */
typedef struct {
  double c, s, half_length;
} segment;

static void segment_local(const segment *g, double x, double y, double *u, double *v)
{
  *u = fabs(x * g->c - y * g->s) - g->half_length;
  *v = fabs(x * g->s + y * g->c) - 0.5;
}

static double segment_distance(const void *p, double x, double y)
{
  double u, v;
  segment_local(p, x, y, &u, &v);
  double ou = fmax(u, 0), ov = fmax(v, 0);
  return sqrt(ou * ou + ov * ov) + fmin(fmax(u, v), 0);
}

static int segment_inside(const void *p, double x, double y)
{
  double u, v;
  segment_local(p, x, y, &u, &v);
  return u < 0 && v < 0;
}

/* cos and sin of an angle in degrees, exact at multiples of 90 (so that
 * horizontal and vertical lines stay exactly one pixel wide) and with
 * |cos| == |sin| at odd multiples of 45 (so diagonal kernels are exactly
 * symmetric). */
static void cos_sin_degrees(double degrees, double *c, double *s)
{
  double a = fmod(degrees, 360.0);
  if (a < 0)
    a += 360.0;
  if (fmod(a, 45.0) == 0) {
    const double h = 0.70710678118654752440;
    static const double cs[8][2] = {{1, 0},  {1, 1},   {0, 1},  {-1, 1},
                                    {-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
    int i = (int)(a / 45) % 8;
    *c = (i % 2) ? cs[i][0] * h : cs[i][0];
    *s = (i % 2) ? cs[i][1] * h : cs[i][1];
    return;
  }
  *c = cos(a * M_PI / 180.0);
  *s = sin(a * M_PI / 180.0);
}

kcv_kernel *kcv_preset_motion(double length, double angle_degrees)
{
  if (!in_range(length, KCV_MOTION_LENGTH_MIN, KCV_MOTION_LENGTH_MAX) ||
      !in_range(angle_degrees, -360, 360))
    return NULL;
  segment g;
  cos_sin_degrees(angle_degrees, &g.c, &g.s);
  g.half_length = length / 2;
  coverage_shape sh = {segment_distance, segment_inside, &g};
  double ex = fabs(g.c) * g.half_length + fabs(g.s) * 0.5;
  double ey = fabs(g.s) * g.half_length + fabs(g.c) * 0.5;
  int rx = radius_for(ex), ry = radius_for(ey);
  if (rx > RADIUS_MAX)
    rx = RADIUS_MAX; /* the segment's round-off beyond 1025 pixels */
  if (ry > RADIUS_MAX)
    ry = RADIUS_MAX;
  return rasterise(&sh, rx, ry);
}

/* ---- sharpening and edges ------------------------------------------------ */

/* centre * delta + gain * Gaussian(sigma), Gaussian of the default size. */
static kcv_kernel *delta_plus_gaussian(double centre, double gain, double sigma)
{
  int n = gauss_side(sigma);
  double *k = gauss_2d(sigma, sigma, n, n);
  if (!k)
    return NULL;
  for (size_t i = 0; i < (size_t)n * (size_t)n; i++)
    k[i] *= gain;
  k[(size_t)(n / 2) * n + n / 2] += centre;
  kcv_kernel *out = from_doubles(n, n, k);
  free(k);
  return out;
}

kcv_kernel *kcv_preset_unsharp(double amount, double radius)
{
  if (!in_range(amount, 0, KCV_UNSHARP_AMOUNT_MAX) ||
      !in_range(radius, KCV_BLUR_RADIUS_MIN, KCV_GAUSSIAN_SIGMA_MAX))
    return NULL;
  return delta_plus_gaussian(1 + amount, -amount, radius);
}

kcv_kernel *kcv_preset_highpass(double radius)
{
  if (!in_range(radius, KCV_BLUR_RADIUS_MIN, KCV_GAUSSIAN_SIGMA_MAX))
    return NULL;
  return delta_plus_gaussian(1, -1, radius);
}

kcv_kernel *kcv_preset_laplacian(int neighbours)
{
  static const float four[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  static const float eight[9] = {1, 1, 1, 1, -8, 1, 1, 1, 1};
  if (neighbours == 4)
    return small(3, 3, four);
  if (neighbours == 8)
    return small(3, 3, eight);
  return NULL;
}

kcv_kernel *kcv_preset_log(double sigma)
{
  if (!in_range(sigma, KCV_LOG_SIGMA_MIN, KCV_LOG_SIGMA_MAX))
    return NULL;
  const int r = (int)ceil(4 * sigma), n = 2 * r + 1;
  double *k = malloc((size_t)n * (size_t)n * sizeof *k);
  if (!k)
    return NULL;
  /* LoG(x, y) ~ (x^2 + y^2 - 2 sigma^2) exp(-(x^2 + y^2) / (2 sigma^2)):
   * negative centre like the Laplacian. Sampling leaves a small non-zero
   * sum; subtracting the mean makes flat areas give exactly 0. */
  double sum = 0;
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++) {
      double q = ((x - r) * (x - r) + (y - r) * (y - r)) / (2 * sigma * sigma);
      double v = (q - 1) * exp(-q);
      k[(size_t)y * n + x] = v;
      sum += v;
    }
  double mean = sum / ((double)n * n), positive = 0;
  for (size_t i = 0; i < (size_t)n * (size_t)n; i++) {
    k[i] -= mean;
    if (k[i] > 0)
      positive += k[i];
  }
  for (size_t i = 0; i < (size_t)n * (size_t)n; i++)
    k[i] /= positive;
  kcv_kernel *out = from_doubles(n, n, k);
  free(k);
  return out;
}

kcv_kernel *kcv_preset_edge(void)
{
  static const float v[9] = {-1, -1, -1, -1, 8, -1, -1, -1, -1};
  return small(3, 3, v);
}

/* ---- gradients ----------------------------------------------------------- */

/* The 3x3 ring clockwise from the top-left corner. */
static const int ring_index[8] = {0, 1, 2, 5, 8, 7, 6, 3};

/* ring: the ring of the east (x) kernel [-a 0 a; -b 0 b; -a 0 a]. The other
 * compass directions turn the ring by 45 degrees a step (as Kirsch and
 * Robinson compass masks do); N, E, S, W are exact 90-degree rotations. */
static kcv_kernel *compass(kcv_direction direction, float a, float b)
{
  /* clockwise from the top-left: -a, 0, a, b, a, 0, -a, -b */
  const float east[8] = {-a, 0, a, b, a, 0, -a, -b};
  int steps; /* 45-degree counterclockwise turns from east */
  switch (direction) {
  case KCV_DIR_X:
  case KCV_DIR_E:
    steps = 0;
    break;
  case KCV_DIR_NE:
    steps = 1;
    break;
  case KCV_DIR_N:
    steps = 2;
    break;
  case KCV_DIR_NW:
    steps = 3;
    break;
  case KCV_DIR_W:
    steps = 4;
    break;
  case KCV_DIR_SW:
    steps = 5;
    break;
  case KCV_DIR_Y:
  case KCV_DIR_S:
    steps = 6;
    break;
  case KCV_DIR_SE:
    steps = 7;
    break;
  default:
    return NULL;
  }
  float v[9] = {0};
  for (int p = 0; p < 8; p++)
    v[ring_index[p]] = east[(p + steps) % 8];
  return small(3, 3, v);
}

kcv_kernel *kcv_preset_sobel(kcv_direction direction)
{
  return compass(direction, 1, 2);
}

kcv_kernel *kcv_preset_prewitt(kcv_direction direction)
{
  return compass(direction, 1, 1);
}

kcv_kernel *kcv_preset_scharr(kcv_direction direction)
{
  return compass(direction, 3, 10);
}

kcv_kernel *kcv_preset_emboss(double angle_degrees, double strength)
{
  if (!in_range(angle_degrees, -360, 360) || !in_range(strength, 0, KCV_EMBOSS_STRENGTH_MAX))
    return NULL;
  /* identity + strength * sqrt(2) * (cos a * Prewitt_x - sin a * Prewitt_y):
   * a = -45, strength 1 is the textbook [-2 -1 0; -1 1 1; 0 1 2]. */
  double c, s;
  cos_sin_degrees(angle_degrees, &c, &s);
  static const double px[9] = {-1, 0, 1, -1, 0, 1, -1, 0, 1};
  static const double py[9] = {-1, -1, -1, 0, 0, 0, 1, 1, 1};
  double v[9];
  for (int i = 0; i < 9; i++)
    v[i] = strength * sqrt(2.0) * (c * px[i] - s * py[i]) + (i == 4 ? 1.0 : 0.0);
  return from_doubles(3, 3, v);
}

/* ---- the table ----------------------------------------------------------- */

static kcv_kernel *make_identity(const double *v)
{
  (void)v;
  return kcv_preset_identity();
}

/* Whole-number parameter: rounds, NULL-worthy when out of int range. */
static int whole(double v, int *out)
{
  if (!isfinite(v) || v < -1e6 || v > 1e6)
    return 0;
  *out = (int)lround(v);
  return 1;
}

static kcv_kernel *make_box(const double *v)
{
  int w, h;
  return whole(v[0], &w) && whole(v[1], &h) ? kcv_preset_box(w, h) : NULL;
}

static kcv_kernel *make_gaussian(const double *v)
{
  return kcv_preset_gaussian(v[0], v[1], 0, 0);
}

static kcv_kernel *make_disk(const double *v)
{
  return kcv_preset_disk(v[0]);
}

static kcv_kernel *make_airy(const double *v)
{
  return kcv_preset_airy(v[0]);
}

static kcv_kernel *make_ring(const double *v)
{
  return kcv_preset_ring(v[0], v[1]);
}

static kcv_kernel *make_motion(const double *v)
{
  return kcv_preset_motion(v[0], v[1]);
}

static kcv_kernel *make_unsharp(const double *v)
{
  return kcv_preset_unsharp(v[0], v[1]);
}

static kcv_kernel *make_laplacian(const double *v)
{
  int n;
  return whole(v[0], &n) ? kcv_preset_laplacian(n) : NULL;
}

static kcv_kernel *make_log(const double *v)
{
  return kcv_preset_log(v[0]);
}

static int direction_of(double v, kcv_direction *d)
{
  int n;
  if (!whole(v, &n) || n < 0 || n >= KCV_DIR_COUNT)
    return 0;
  *d = (kcv_direction)n;
  return 1;
}

static kcv_kernel *make_sobel(const double *v)
{
  kcv_direction d;
  return direction_of(v[0], &d) ? kcv_preset_sobel(d) : NULL;
}

static kcv_kernel *make_prewitt(const double *v)
{
  kcv_direction d;
  return direction_of(v[0], &d) ? kcv_preset_prewitt(d) : NULL;
}

static kcv_kernel *make_scharr(const double *v)
{
  kcv_direction d;
  return direction_of(v[0], &d) ? kcv_preset_scharr(d) : NULL;
}

static kcv_kernel *make_emboss(const double *v)
{
  return kcv_preset_emboss(v[0], v[1]);
}

static kcv_kernel *make_edge(const double *v)
{
  (void)v;
  return kcv_preset_edge();
}

static kcv_kernel *make_highpass(const double *v)
{
  return kcv_preset_highpass(v[0]);
}

static const char *const direction_labels[KCV_DIR_COUNT + 1] = {
    KCV_N_("X (left to right)"),
    KCV_N_("Y (top to bottom)"),
    KCV_N_("North"),
    KCV_N_("North-east"),
    KCV_N_("East"),
    KCV_N_("South-east"),
    KCV_N_("South"),
    KCV_N_("South-west"),
    KCV_N_("West"),
    KCV_N_("North-west"),
    NULL,
};

#define DIRECTION_PARAM                                                                            \
  {                                                                                                \
    "direction", KCV_N_("Direction"), 0, KCV_DIR_COUNT - 1, KCV_DIR_X, 1, 0, direction_labels      \
  }

static const kcv_preset preset_table[] = {
    {"identity", KCV_N_("Identity"), KCV_N_("Leaves the image unchanged"), 0, {{0}}, make_identity},
    {"box",
     KCV_N_("Box blur"),
     KCV_N_("Mean of a width x height rectangle"),
     2,
     {{"width", KCV_N_("Width"), 1, KCV_KERNEL_MAX, 5, 1, 0, NULL},
      {"height", KCV_N_("Height"), 1, KCV_KERNEL_MAX, 5, 1, 0, NULL}},
     make_box},
    {"gaussian",
     KCV_N_("Gaussian blur"),
     KCV_N_("Gaussian of the given standard deviations, 3 sigma each side"),
     2,
     {{"sigma-x", KCV_N_("Sigma X"), 0, KCV_GAUSSIAN_SIGMA_MAX, 2, 0.1, 2, NULL},
      {"sigma-y", KCV_N_("Sigma Y"), 0, KCV_GAUSSIAN_SIGMA_MAX, 2, 0.1, 2, NULL}},
     make_gaussian},
    {"disk",
     KCV_N_("Disk (bokeh)"),
     KCV_N_("Lens blur: a disk with an anti-aliased edge"),
     1,
     {{"radius", KCV_N_("Radius"), KCV_DISK_RADIUS_MIN, KCV_DISK_RADIUS_MAX, 5, 0.5, 1, NULL}},
     make_disk},
    {"airy",
     KCV_N_("Airy disk (lens)"),
     KCV_N_("A perfect lens's point spread function; the radius is the first dark ring's"),
     1,
     {{"radius", KCV_N_("Radius"), KCV_AIRY_RADIUS_MIN, KCV_AIRY_RADIUS_MAX, 3, 0.5, 1, NULL}},
     make_airy},
    {"ring",
     KCV_N_("Ring"),
     KCV_N_("A ring of the given outer radius and thickness"),
     2,
     {{"radius", KCV_N_("Radius"), KCV_DISK_RADIUS_MIN, KCV_DISK_RADIUS_MAX, 8, 0.5, 1, NULL},
      {"thickness", KCV_N_("Thickness"), KCV_RING_THICKNESS_MIN, KCV_DISK_RADIUS_MAX, 2, 0.5, 1,
       NULL}},
     make_ring},
    {"motion",
     KCV_N_("Motion blur"),
     KCV_N_("An anti-aliased line of the given length and angle"),
     2,
     {{"length", KCV_N_("Length"), KCV_MOTION_LENGTH_MIN, KCV_MOTION_LENGTH_MAX, 15, 1, 1, NULL},
      {"angle", KCV_N_("Angle"), -180, 180, 0, 1, 1, NULL}},
     make_motion},
    {"unsharp",
     KCV_N_("Sharpen (unsharp mask)"),
     KCV_N_("Adds amount times the difference from a Gaussian blur"),
     2,
     {{"amount", KCV_N_("Amount"), 0, KCV_UNSHARP_AMOUNT_MAX, 0.5, 0.1, 2, NULL},
      {"radius", KCV_N_("Radius"), KCV_BLUR_RADIUS_MIN, KCV_GAUSSIAN_SIGMA_MAX, 2, 0.1, 2, NULL}},
     make_unsharp},
    {"laplacian",
     KCV_N_("Laplacian"),
     KCV_N_("Second derivative, 4 or 8 neighbors"),
     1,
     {{"neighbours", KCV_N_("Neighbors"), 4, 8, 4, 4, 0, NULL}},
     make_laplacian},
    {"log",
     KCV_N_("Laplacian of Gaussian"),
     KCV_N_("Edges and blobs at the scale sigma"),
     1,
     {{"sigma", KCV_N_("Sigma"), KCV_LOG_SIGMA_MIN, KCV_LOG_SIGMA_MAX, 1.4, 0.1, 2, NULL}},
     make_log},
    {"sobel", KCV_N_("Sobel"), KCV_N_("Gradient (Sobel)"), 1, {DIRECTION_PARAM}, make_sobel},
    {"prewitt",
     KCV_N_("Prewitt"),
     KCV_N_("Gradient (Prewitt)"),
     1,
     {DIRECTION_PARAM},
     make_prewitt},
    {"scharr", KCV_N_("Scharr"), KCV_N_("Gradient (Scharr)"), 1, {DIRECTION_PARAM}, make_scharr},
    {"emboss",
     KCV_N_("Emboss"),
     KCV_N_("Relief lit from the given angle"),
     2,
     {{"angle", KCV_N_("Angle"), -180, 180, -45, 1, 1, NULL},
      {"strength", KCV_N_("Strength"), 0, KCV_EMBOSS_STRENGTH_MAX, 1, 0.1, 2, NULL}},
     make_emboss},
    {"edge", KCV_N_("Edge detect"), KCV_N_("Edges in every direction"), 0, {{0}}, make_edge},
    {"highpass",
     KCV_N_("High-pass"),
     KCV_N_("The image minus its Gaussian blur (use offset 0.5 to see it)"),
     1,
     {{"radius", KCV_N_("Radius"), KCV_BLUR_RADIUS_MIN, KCV_GAUSSIAN_SIGMA_MAX, 3, 0.1, 2, NULL}},
     make_highpass},
};

const kcv_preset *kcv_presets(int *n_presets)
{
  if (n_presets)
    *n_presets = (int)(sizeof preset_table / sizeof preset_table[0]);
  return preset_table;
}

const kcv_preset *kcv_preset_find(const char *id)
{
  if (!id)
    return NULL;
  for (size_t i = 0; i < sizeof preset_table / sizeof preset_table[0]; i++)
    if (strcmp(preset_table[i].id, id) == 0)
      return &preset_table[i];
  return NULL;
}
