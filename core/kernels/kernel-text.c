/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: parsers of the text kernel formats (libvips .mat, ImageJ, CSV, G'MIC). */
#include "kernel-io-private.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every scan below is bounded by an explicit end pointer and moves forward,
 * so any input ends in linear time without reading outside [text, text+len). */

/* Longest number token accepted (digits of a %.17g need 25). */
#define NUMBER_MAX 400

typedef enum { NUM_OK, NUM_BAD, NUM_NONFINITE, NUM_RANGE, NUM_LONG } num_result;

static int is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static int is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char lower(char c)
{
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Length of the number at s by the grammar
 *   [+-] (digits [. digits] | . digits) [(e|E) [+-] digits]
 * (alt_decimal, when not 0, also serves as decimal point); 0 when none. */
static size_t number_length(const char *s, const char *e, char alt_decimal)
{
  const char *p = s;
  size_t digits = 0;
  if (p < e && (*p == '+' || *p == '-'))
    p++;
  while (p < e && is_digit(*p)) {
    p++;
    digits++;
  }
  if (p < e && (*p == '.' || (alt_decimal && *p == alt_decimal))) {
    p++;
    while (p < e && is_digit(*p)) {
      p++;
      digits++;
    }
  }
  if (digits == 0)
    return 0;
  if (p < e && (*p == 'e' || *p == 'E')) {
    const char *q = p + 1;
    if (q < e && (*q == '+' || *q == '-'))
      q++;
    if (q < e && is_digit(*q)) {
      while (q < e && is_digit(*q))
        q++;
      p = q;
    }
  }
  return (size_t)(p - s);
}

static int starts_with_word(const char *s, size_t n, const char *word)
{
  size_t k = strlen(word);
  if (n < k)
    return 0;
  for (size_t i = 0; i < k; i++)
    if (lower(s[i]) != word[i])
      return 0;
  return 1;
}

/* Converts the token [s, s+n) as a whole; *v receives the value. */
static num_result token_to_number(const char *s, size_t n, char alt_decimal, double *v)
{
  size_t len = number_length(s, s + n, alt_decimal);
  if (len != n || n == 0) {
    const char *w = s;
    size_t wn = n;
    if (wn > 0 && (*w == '+' || *w == '-')) {
      w++;
      wn--;
    }
    if (starts_with_word(w, wn, "nan") || starts_with_word(w, wn, "inf"))
      return NUM_NONFINITE;
    return NUM_BAD;
  }
  if (n >= NUMBER_MAX)
    return NUM_LONG;
  char buf[NUMBER_MAX];
  for (size_t i = 0; i < n; i++)
    buf[i] = (alt_decimal && s[i] == alt_decimal) ? '.' : s[i];
  buf[n] = '\0';
  char *end = NULL;
  double d = kcv__strtod_c(buf, &end);
  if (end != buf + n)
    return NUM_BAD;
  if (!isfinite(d))
    return NUM_RANGE;
  *v = d;
  return NUM_OK;
}

/* Copies a token into a short printable quote for messages. */
static void quote_token(const char *s, size_t n, char *out, size_t out_size)
{
  size_t k = 0;
  for (size_t i = 0; i < n && k + 4 < out_size; i++) {
    unsigned char c = (unsigned char)s[i];
    out[k++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
  }
  if (n > 0 && k < n && k + 4 <= out_size) {
    out[k++] = '.';
    out[k++] = '.';
    out[k++] = '.';
  }
  out[k] = '\0';
}

static void number_error(kcv_error *err, num_result r, int line, int column, const char *s,
                         size_t n)
{
  char q[48];
  quote_token(s, n, q, sizeof q);
  switch (r) {
  case NUM_NONFINITE:
    kcv__error_set(err, line, column, "\"%s\": NaN and infinity are not allowed as weights", q);
    break;
  case NUM_RANGE:
    kcv__error_set(err, line, column, "\"%s\" is too large (beyond the range of a float)", q);
    break;
  case NUM_LONG:
    kcv__error_set(err, line, column, "number longer than %d characters", NUMBER_MAX - 1);
    break;
  default:
    if (n == 0)
      kcv__error_set(err, line, column, "a number is missing here");
    else
      kcv__error_set(err, line, column, "\"%s\" is not a number", q);
    break;
  }
}

/* ---- rows ---------------------------------------------------------------- */

typedef enum {
  SEP_SPACE,       /* whitespace between numbers */
  SEP_SPACE_COMMA, /* any mixture of whitespace, commas and double quotes (libvips .mat) */
  SEP_CHAR         /* exactly one sep between fields, whitespace around */
} sep_mode;

typedef struct {
  sep_mode mode;
  char sep;         /* SEP_CHAR */
  char alt_decimal; /* ',' in ';'-separated CSV (decimal comma), else 0 */
  int stop_at_max;  /* after max numbers the rest of the line is ignored (libvips .mat) */
} row_syntax;

static int is_mat_separator(char c)
{
  return c == ',' || c == '"';
}

static int is_field_end(const row_syntax *rs, char c)
{
  if (is_space(c))
    return 1;
  if (rs->mode == SEP_SPACE_COMMA && is_mat_separator(c))
    return 1;
  if (rs->mode == SEP_CHAR && c == rs->sep)
    return 1;
  return 0;
}

/* Reads the numbers of one line [s, e). Up to max values go to v (may be
 * NULL to only count) and their 1-based columns to cols (may be NULL).
 * *n receives the count; more than max numbers is an error, unless
 * rs->stop_at_max says to ignore what follows them. When
 * non_numbers is not NULL, a field that is not a number is counted there
 * instead of being an error (header detection). */
static kcv_status parse_row(const char *s, const char *e, const char *line_start, int line,
                            const row_syntax *rs, double *v, int *cols, int max, int *n,
                            int *non_numbers, kcv_error *err)
{
  const char *p = s;
  int count = 0;
  int expect_field = 0; /* SEP_CHAR: a separator was just read */
  *n = 0;
  for (;;) {
    while (p < e && (is_space(*p) || (rs->mode == SEP_SPACE_COMMA && is_mat_separator(*p))))
      p++;
    if (p >= e || (rs->stop_at_max && count == max)) {
      if (expect_field && !non_numbers) {
        kcv__error_set(err, line, (int)(p - line_start) + 1,
                       "the line ends with '%c' (a number is missing after it)", rs->sep);
        return KCV_ERR_PARSE;
      }
      break;
    }
    const char *t = p;
    while (p < e && !is_field_end(rs, *p))
      p++;
    size_t tn = (size_t)(p - t);
    int column = (int)(t - line_start) + 1;
    if (rs->mode == SEP_CHAR && tn >= 2 && t[0] == '"' && t[tn - 1] == '"') {
      t++; /* spreadsheets may quote every field: "0.5" */
      tn -= 2;
    }
    if (tn == 0) { /* SEP_CHAR: empty field */
      if (!non_numbers) {
        kcv__error_set(err, line, column, "empty field (a number is missing before '%c')", rs->sep);
        return KCV_ERR_PARSE;
      }
    } else {
      double d = 0;
      num_result r = token_to_number(t, tn, rs->alt_decimal, &d);
      if (r == NUM_BAD && non_numbers) {
        (*non_numbers)++;
      } else if (r != NUM_OK) {
        number_error(err, r, line, column, t, tn);
        return KCV_ERR_PARSE;
      } else {
        if (count >= max) {
          kcv__error_set(err, line, column,
                         "more than %d numbers on a line (the largest kernel is %dx%d)", max,
                         KCV_KERNEL_MAX, KCV_KERNEL_MAX);
          return KCV_ERR_KERNEL_SIZE;
        }
        if (v)
          v[count] = d;
        if (cols)
          cols[count] = column;
        count++;
      }
    }
    expect_field = 0;
    if (rs->mode == SEP_CHAR) {
      while (p < e && is_space(*p))
        p++;
      if (p < e) {
        if (*p != rs->sep) { /* "1,2 3": two numbers with no separator */
          kcv__error_set(err, line, (int)(p - line_start) + 1,
                         "'%c' is missing between two numbers", rs->sep);
          return KCV_ERR_PARSE;
        }
        p++;
        expect_field = 1;
      }
    }
  }
  *n = count;
  return KCV_OK;
}

/* ---- lines --------------------------------------------------------------- */

typedef struct {
  const char *p, *end;
  int line; /* number of the line last returned */
} line_reader;

static void lines_init(line_reader *lr, const char *text, size_t len)
{
  lr->p = text;
  lr->end = text + len;
  lr->line = 0;
  /* A UTF-8 byte order mark, as spreadsheet programs write it. */
  if (len >= 3 && (unsigned char)text[0] == 0xef && (unsigned char)text[1] == 0xbb &&
      (unsigned char)text[2] == 0xbf)
    lr->p += 3;
}

/* Where the line starting at a ends: at LF, CR LF or a lone CR (old Mac
 * files), whichever comes first; *next gets the start of the next line. */
static const char *line_end(const char *a, const char *end, const char **next)
{
  const char *b = a;
  while (b < end && *b != '\n' && *b != '\r')
    b++;
  *next = b;
  if (b < end)
    *next = (*b == '\r' && b + 1 < end && b[1] == '\n') ? b + 2 : b + 1;
  return b;
}

/* The next line that holds anything but whitespace; 0 at the end. */
static int lines_next(line_reader *lr, const char **s, const char **e)
{
  while (lr->p < lr->end) {
    const char *a = lr->p;
    const char *b = line_end(a, lr->end, &lr->p);
    lr->line++;
    for (const char *q = a; q < b; q++) {
      if (!is_space(*q)) {
        *s = a;
        *e = b;
        return 1;
      }
    }
  }
  return 0;
}

/* ---- the kernel being read ----------------------------------------------- */

typedef struct {
  float *v;
  int width, rows;
  size_t cap;
} grid;

static kcv_status grid_add_row(grid *g, const double *row, int n, int line, kcv_error *err)
{
  if (g->rows >= KCV_KERNEL_MAX) {
    kcv__error_set(err, line, 0, "more than %d rows (the largest kernel is %dx%d)", KCV_KERNEL_MAX,
                   KCV_KERNEL_MAX, KCV_KERNEL_MAX);
    return KCV_ERR_KERNEL_SIZE;
  }
  size_t need = (size_t)(g->rows + 1) * (size_t)n;
  if (need > g->cap) {
    size_t cap = g->cap ? g->cap * 2 : (size_t)n * 16;
    if (cap < need)
      cap = need;
    float *nv = realloc(g->v, cap * sizeof *nv);
    if (!nv) {
      kcv__error_set(err, line, 0, "out of memory");
      return KCV_ERR_NOMEM;
    }
    g->v = nv;
    g->cap = cap;
  }
  float *dst = g->v + (size_t)g->rows * (size_t)n;
  for (int i = 0; i < n; i++)
    dst[i] = (float)row[i];
  g->width = n;
  g->rows++;
  return KCV_OK;
}

/* A weight must be a finite float. Doubles from FLT_MAX up to half an ulp
 * above it round to FLT_MAX (its %.9g form, 3.40282347e+38, is such a
 * value); from FLT_MAX + 2^103 on they would become infinite. At the
 * other end, a non-zero weight below half the smallest denormal float
 * (1.4e-45) would silently become 0, and a kernel of such weights would
 * turn the image black: refused as well. */
static kcv_status check_weights(const double *row, const int *cols, int n, int line, kcv_error *err)
{
  const double limit = (double)FLT_MAX + 0x1p103;
  for (int i = 0; i < n; i++) {
    if (fabs(row[i]) >= limit) {
      kcv__error_set(err, line, cols[i],
                     "%.9g is too large for a weight (weights range from %.9g to %.9g)", row[i],
                     -(double)FLT_MAX, (double)FLT_MAX);
      return KCV_ERR_KERNEL_VALUE;
    }
    if (row[i] != 0 && (float)row[i] == 0) {
      kcv__error_set(err, line, cols[i],
                     "%.9g is too small for a weight: it would become 0 (a non-zero weight "
                     "needs a magnitude of at least %.9g); write 0 or a larger value",
                     row[i], (double)FLT_TRUE_MIN);
      return KCV_ERR_KERNEL_VALUE;
    }
  }
  return KCV_OK;
}

static kcv_status grid_finish(grid *g, kcv_kernel_format format, kcv_kernel_file *out,
                              kcv_error *err)
{
  kcv_kernel *k = kcv_kernel_new(g->width, g->rows);
  if (!k) {
    kcv__error_set(err, 0, 0, "out of memory");
    return KCV_ERR_NOMEM;
  }
  memcpy(k->data, g->v, (size_t)g->width * (size_t)g->rows * sizeof *k->data);
  out->kernel = k;
  out->divisor = 0;
  out->offset = 0;
  out->format = format;
  return KCV_OK;
}

static kcv_status empty_error(kcv_error *err)
{
  kcv__error_set(err, 1, 0, "the file holds no numbers (it is empty)");
  return KCV_ERR_PARSE;
}

static const char *plural(int n)
{
  return n == 1 ? "" : "s";
}

static kcv_status ragged_error(kcv_error *err, int line, int n, int width, int first_line)
{
  kcv__error_set(err, line, 0,
                 "this row has %d number%s but the row on line %d has %d (all rows must be "
                 "the same length)",
                 n, plural(n), first_line, width);
  return KCV_ERR_PARSE;
}

/* Rows of numbers until the end, all of one length (ImageJ, CSV). */
static kcv_status parse_rows(line_reader *lr, const row_syntax *rs, const char *s, const char *e,
                             int have_line, kcv_kernel_format format, kcv_kernel_file *out,
                             kcv_error *err)
{
  grid g = {0};
  double row[KCV_KERNEL_MAX];
  int cols[KCV_KERNEL_MAX];
  int first_line = 0;
  kcv_status st = KCV_OK;
  while (have_line) {
    int n = 0;
    st = parse_row(s, e, s, lr->line, rs, row, cols, KCV_KERNEL_MAX, &n, NULL, err);
    if (st != KCV_OK)
      break;
    if (n == 0) { /* only separators, e.g. ";;;" */
      kcv__error_set(err, lr->line, 0, "the line holds no numbers");
      st = KCV_ERR_PARSE;
      break;
    }
    if (g.rows == 0) {
      first_line = lr->line;
    } else if (n != g.width) {
      st = ragged_error(err, lr->line, n, g.width, first_line);
      break;
    }
    st = check_weights(row, cols, n, lr->line, err);
    if (st != KCV_OK)
      break;
    st = grid_add_row(&g, row, n, lr->line, err);
    if (st != KCV_OK)
      break;
    have_line = lines_next(lr, &s, &e);
  }
  if (st == KCV_OK) {
    if (g.rows == 0)
      st = empty_error(err);
    else
      st = grid_finish(&g, format, out, err);
  }
  free(g.v);
  return st;
}

kcv_status kcv__parse_imagej(const char *text, size_t len, kcv_kernel_file *out, kcv_error *err)
{
  line_reader lr;
  const char *s = NULL, *e = NULL;
  row_syntax rs = {SEP_SPACE, 0, 0, 0};
  lines_init(&lr, text, len);
  int have = lines_next(&lr, &s, &e);
  return parse_rows(&lr, &rs, s, e, have, KCV_KERNEL_FORMAT_IMAGEJ, out, err);
}

kcv_status kcv__parse_csv(const char *text, size_t len, kcv_kernel_file *out, kcv_error *err)
{
  line_reader lr;
  const char *s = NULL, *e = NULL;
  lines_init(&lr, text, len);
  int have = lines_next(&lr, &s, &e);
  if (!have)
    return empty_error(err);
  /* The first line decides the separator: ';' (then ',' may be a decimal
   * comma, as European spreadsheets write), else ',', else tabs/spaces. */
  row_syntax rs = {SEP_CHAR, ',', 0, 0};
  if (memchr(s, ';', (size_t)(e - s))) {
    rs.sep = ';';
    rs.alt_decimal = ',';
  } else if (!memchr(s, ',', (size_t)(e - s))) {
    rs.mode = SEP_SPACE; /* tab-separated, or a single column */
  }
  /* A first line with no number at all is a header. */
  int n = 0, non_numbers = 0;
  kcv_status st =
      parse_row(s, e, s, lr.line, &rs, NULL, NULL, KCV_KERNEL_MAX, &n, &non_numbers, err);
  if (st == KCV_OK && n == 0 && non_numbers > 0)
    have = lines_next(&lr, &s, &e);
  return parse_rows(&lr, &rs, s, e, have, KCV_KERNEL_FORMAT_CSV, out, err);
}

/* Whole number in 1..KCV_KERNEL_MAX from a header field. */
static kcv_status header_size(double d, const char *what, int line, int column, int *v,
                              kcv_error *err)
{
  if (d != floor(d) || d < 1) {
    kcv__error_set(err, line, column, "the %s must be a whole number of at least 1", what);
    return KCV_ERR_PARSE;
  }
  if (d > KCV_KERNEL_MAX) {
    kcv__error_set(err, line, column, "a %s of %.0f is too large (the largest kernel is %dx%d)",
                   what, d, KCV_KERNEL_MAX, KCV_KERNEL_MAX);
    return KCV_ERR_KERNEL_SIZE;
  }
  *v = (int)d;
  return KCV_OK;
}

/* The header "width height [scale [offset]]": more numbers or words after
 * the fourth are ignored, as libvips ignores them. */
static kcv_status mat_header(const char *s, const char *e, int line, int *w, int *hh, double *scale,
                             double *offset, kcv_error *err)
{
  row_syntax rs = {SEP_SPACE_COMMA, 0, 0, 1};
  double h[4];
  int hc[4];
  int n = 0;
  kcv_status st = parse_row(s, e, s, line, &rs, h, hc, 4, &n, NULL, err);
  if (st != KCV_OK)
    return st;
  if (n < 2) {
    kcv__error_set(err, line, 0,
                   "the first line must be \"width height [scale [offset]]\" but holds %d "
                   "number%s",
                   n, plural(n));
    return KCV_ERR_PARSE;
  }
  st = header_size(h[0], "width", line, hc[0], w, err);
  if (st == KCV_OK)
    st = header_size(h[1], "height", line, hc[1], hh, err);
  if (st != KCV_OK)
    return st;
  *scale = n > 2 ? h[2] : 1.0;
  *offset = n > 3 ? h[3] : 0.0;
  if (*scale == 0) {
    kcv__error_set(err, line, hc[2],
                   "the scale (divisor) is 0; use 1 for no scaling, or leave it out");
    return KCV_ERR_DIVISOR;
  }
  const double unit = kcv_kernel_file_offset_unit(KCV_KERNEL_FORMAT_MAT);
  if (fabs(*offset) > KCV_OFFSET_MAX * unit) {
    kcv__error_set(err, line, hc[3],
                   "the offset %.9g is out of range (from %g to %g in the file's 8-bit units)",
                   *offset, -KCV_OFFSET_MAX * unit, KCV_OFFSET_MAX * unit);
    return KCV_ERR_OFFSET;
  }
  return KCV_OK;
}

/* libvips's matrix: what libvips reads is read. Each row's numbers after the
 * width-th and the lines after the height-th row are ignored (a comment, a
 * fourth number); spaces, tabs, commas and double quotes separate numbers. */
kcv_status kcv__parse_mat(const char *text, size_t len, kcv_kernel_file *out, kcv_error *err)
{
  line_reader lr;
  const char *s = NULL, *e = NULL;
  lines_init(&lr, text, len);
  if (!lines_next(&lr, &s, &e))
    return empty_error(err);
  int w = 0, hh = 0;
  double scale = 1, offset = 0;
  kcv_status st = mat_header(s, e, lr.line, &w, &hh, &scale, &offset, err);
  if (st != KCV_OK)
    return st;

  row_syntax rs = {SEP_SPACE_COMMA, 0, 0, 1};
  double row[KCV_KERNEL_MAX];
  int cols[KCV_KERNEL_MAX];
  grid g = {0};
  while (st == KCV_OK && g.rows < hh && lines_next(&lr, &s, &e)) {
    int n = 0;
    st = parse_row(s, e, s, lr.line, &rs, row, cols, w, &n, NULL, err);
    if (st != KCV_OK)
      break;
    if (n != w) {
      kcv__error_set(err, lr.line, 0,
                     "this row has %d number%s but the first line announces a width of %d", n,
                     plural(n), w);
      st = KCV_ERR_PARSE;
      break;
    }
    st = check_weights(row, cols, n, lr.line, err);
    if (st == KCV_OK)
      st = grid_add_row(&g, row, n, lr.line, err);
  }
  if (st == KCV_OK && g.rows < hh) {
    kcv__error_set(err, lr.line + 1, 0,
                   "the file ends after %d row%s but the first line announces %d", g.rows,
                   plural(g.rows), hh);
    st = KCV_ERR_PARSE;
  }
  if (st == KCV_OK)
    st = grid_finish(&g, KCV_KERNEL_FORMAT_MAT, out, err);
  if (st == KCV_OK) {
    out->divisor = scale;
    out->offset = offset / kcv_kernel_file_offset_unit(KCV_KERNEL_FORMAT_MAT);
  }
  free(g.v);
  return st;
}

/* ---- G'MIC --------------------------------------------------------------- */

typedef struct {
  const char *p, *end, *line_start;
  int line;
} cursor;

static void cursor_skip_space(cursor *c)
{
  while (c->p < c->end && (is_space(*c->p) || *c->p == '\n')) {
    /* LF, CR LF and a lone CR each end one line. */
    const int ends_line =
        *c->p == '\n' || (*c->p == '\r' && (c->p + 1 >= c->end || c->p[1] != '\n'));
    c->p++;
    if (ends_line) {
      c->line++;
      c->line_start = c->p;
    }
  }
}

static int cursor_column(const cursor *c)
{
  return (int)(c->p - c->line_start) + 1;
}

/* One number of a G'MIC matrix at the cursor, appended to row (its column
 * to cols). */
static kcv_status gmic_number(cursor *c, double *row, int *cols, int *n, kcv_error *err)
{
  const char *t = c->p;
  while (c->p < c->end && !is_space(*c->p) && *c->p != '\n' && *c->p != ',' && *c->p != ';' &&
         *c->p != ')')
    c->p++;
  size_t tn = (size_t)(c->p - t);
  int column = (int)(t - c->line_start) + 1;
  double d = 0;
  num_result r = token_to_number(t, tn, 0, &d);
  if (r != NUM_OK) {
    if (tn == 0 && c->p >= c->end)
      kcv__error_set(err, c->line, column, "the text ends before the closing ')'");
    else
      number_error(err, r, c->line, column, t, tn);
    return KCV_ERR_PARSE;
  }
  if (*n >= KCV_KERNEL_MAX) {
    kcv__error_set(err, c->line, column,
                   "more than %d numbers in a row (the largest kernel is %dx%d)", KCV_KERNEL_MAX,
                   KCV_KERNEL_MAX, KCV_KERNEL_MAX);
    return KCV_ERR_KERNEL_SIZE;
  }
  row[*n] = d;
  cols[*n] = column;
  (*n)++;
  return KCV_OK;
}

/* The separator after a number, ',' ';' or ')', read into *sep. */
static kcv_status gmic_separator(cursor *c, char *sep, kcv_error *err)
{
  cursor_skip_space(c);
  if (c->p >= c->end) {
    kcv__error_set(err, c->line, cursor_column(c), "the text ends before the closing ')'");
    return KCV_ERR_PARSE;
  }
  *sep = *c->p;
  if (*sep != ',' && *sep != ';' && *sep != ')') {
    kcv__error_set(err, c->line, cursor_column(c),
                   "'%c' found where ',' ';' or ')' should be (G'MIC separates columns "
                   "with ',' and rows with ';')",
                   (*sep >= 0x20 && *sep < 0x7f) ? *sep : '?');
    return KCV_ERR_PARSE;
  }
  c->p++;
  return KCV_OK;
}

/* The rows of a G'MIC matrix after its '(', up to and past its ')'. */
static kcv_status gmic_rows(cursor *c, grid *g, kcv_error *err)
{
  double row[KCV_KERNEL_MAX];
  int cols[KCV_KERNEL_MAX];
  int n = 0, first_line = 0, row_line = c->line;
  kcv_status st;
  for (;;) {
    cursor_skip_space(c);
    if (n == 0)
      row_line = c->line;
    char sep;
    if ((st = gmic_number(c, row, cols, &n, err)) != KCV_OK ||
        (st = gmic_separator(c, &sep, err)) != KCV_OK)
      return st;
    if (sep == ',')
      continue;
    if (g->rows == 0)
      first_line = row_line;
    else if (n != g->width)
      return ragged_error(err, row_line, n, g->width, first_line);
    st = check_weights(row, cols, n, row_line, err);
    if (st == KCV_OK)
      st = grid_add_row(g, row, n, row_line, err);
    if (st != KCV_OK || sep == ')')
      return st;
    n = 0;
  }
}

kcv_status kcv__parse_gmic(const char *text, size_t len, kcv_kernel_file *out, kcv_error *err)
{
  line_reader lr;
  lines_init(&lr, text, len);
  cursor c = {lr.p, lr.end, lr.p, 1};
  cursor_skip_space(&c);
  if (c.p >= c.end)
    return empty_error(err);
  if (*c.p != '(') {
    kcv__error_set(err, c.line, cursor_column(&c),
                   "a G'MIC matrix starts with '(' as in (0,1,0;1,-4,1;0,1,0)");
    return KCV_ERR_PARSE;
  }
  c.p++;
  grid g = {0};
  kcv_status st = gmic_rows(&c, &g, err);
  if (st == KCV_OK) {
    cursor_skip_space(&c);
    if (c.p < c.end) {
      kcv__error_set(err, c.line, cursor_column(&c), "unexpected text after the closing ')'");
      st = KCV_ERR_PARSE;
    }
  }
  if (st == KCV_OK)
    st = grid_finish(&g, KCV_KERNEL_FORMAT_GMIC, out, err);
  free(g.v);
  return st;
}

/* ---- detection ----------------------------------------------------------- */

/* Number of numbers on a .mat-style line, -1 when it is not all numbers;
 * wh (may be NULL) receives the first two. */
static int count_fields(const char *s, const char *e, double *wh)
{
  row_syntax rs = {SEP_SPACE_COMMA, 0, 0, 0};
  double v[KCV_KERNEL_MAX];
  int n = 0;
  if (parse_row(s, e, s, 1, &rs, v, NULL, KCV_KERNEL_MAX, &n, NULL, NULL) != KCV_OK)
    return -1;
  if (wh && n >= 2) {
    wh[0] = v[0];
    wh[1] = v[1];
  }
  return n;
}

kcv_kernel_format kcv__detect_format(const char *text, size_t len)
{
  int binary = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)text[i];
    if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\v' && ch != '\f') ||
        ch == 0x7f) {
      binary = 1;
      break;
    }
  }
  if (binary)
    return KCV_KERNEL_FORMAT_ACF;

  line_reader lr;
  const char *s = NULL, *e = NULL;
  lines_init(&lr, text, len);
  if (!lines_next(&lr, &s, &e))
    return KCV_KERNEL_FORMAT_IMAGEJ;
  const char *q = s;
  while (q < e && is_space(*q))
    q++;
  if (q < e && *q == '(')
    return KCV_KERNEL_FORMAT_GMIC;

  /* libvips: a first line "W H [scale [offset]]" whose W matches the next
   * line, and (when the header is as wide as a row) whose H matches the
   * row count; a header with an oversized W or H is a .mat too, so that
   * the size error is the one reported. */
  double wh[2] = {0, 0};
  int n1 = count_fields(s, e, wh);
  int sizes = wh[0] >= 1 && wh[1] >= 1 && wh[0] == floor(wh[0]) && wh[1] == floor(wh[1]);
  if (n1 >= 2 && n1 <= 4 && sizes) {
    if (wh[0] > KCV_KERNEL_MAX || wh[1] > KCV_KERNEL_MAX)
      return KCV_KERNEL_FORMAT_MAT;
    int rows = 0, n2 = -1;
    const char *s2, *e2;
    while (lines_next(&lr, &s2, &e2)) {
      if (rows == 0)
        n2 = count_fields(s2, e2, NULL);
      rows++;
    }
    if (rows > 0 && (n2 == (int)wh[0] && (n1 != n2 || rows == (int)wh[1])))
      return KCV_KERNEL_FORMAT_MAT;
  }
  for (const char *p = s; p < text + len; p++)
    if (*p == ',' || *p == ';')
      return KCV_KERNEL_FORMAT_CSV;
  return KCV_KERNEL_FORMAT_IMAGEJ;
}
