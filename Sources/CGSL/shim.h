#ifndef FOOTPRINT_CGSL_SHIM_H
#define FOOTPRINT_CGSL_SHIM_H

// The GSL headers Footprint uses, plus accessors for GSL's global type
// pointers. Swift 6 refuses direct reads of C globals such as
// `gsl_rng_mt19937` (shared mutable state); these functions return the same
// constant pointers and are safe to call from any thread.

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_interp.h>
#include <gsl/gsl_spline.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_linalg.h>

/// Mersenne Twister MT19937 (Matsumoto & Nishimura 1998); period 2^19937-1.
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
/// RANLUX double precision, luxury level 2: slower, decorrelated streams.
static inline const gsl_rng_type *cgsl_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }

static inline const gsl_interp_type *cgsl_interp_linear(void) { return gsl_interp_linear; }
static inline const gsl_interp_type *cgsl_interp_cspline(void) { return gsl_interp_cspline; }
static inline const gsl_interp_type *cgsl_interp_steffen(void) { return gsl_interp_steffen; }
static inline const gsl_interp_type *cgsl_interp_akima(void) { return gsl_interp_akima; }

static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *cgsl_qrng_halton(void) { return gsl_qrng_halton; }
static inline const gsl_qrng_type *cgsl_qrng_reversehalton(void) { return gsl_qrng_reversehalton; }

static inline const gsl_root_fsolver_type *cgsl_root_brent(void) { return gsl_root_fsolver_brent; }

static inline const gsl_multifit_nlinear_type *cgsl_multifit_nlinear_trust(void) {
    return gsl_multifit_nlinear_trust;
}

/// Value of element i of a GSL vector (the inline accessor is a macro-guarded
/// function Swift may not see on every platform).
static inline double cgsl_vector_get(const gsl_vector *v, size_t i) { return v->data[i * v->stride]; }
static inline void cgsl_vector_set(gsl_vector *v, size_t i, double x) { v->data[i * v->stride] = x; }
static inline void cgsl_matrix_set(gsl_matrix *m, size_t i, size_t j, double x) {
    m->data[i * m->tda + j] = x;
}
static inline double cgsl_matrix_get(const gsl_matrix *m, size_t i, size_t j) {
    return m->data[i * m->tda + j];
}

#endif
