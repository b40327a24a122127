// Cache hints and vector shuffles that Swift has no spelling for. Header-only: Swift imports these static inline
// functions and LLVM inlines them into the kernels, so a prefetch is one instruction and a shuffle one permute.
#ifndef LOOM_KERNEL_HINTS_H
#define LOOM_KERNEL_HINTS_H

/// Asks for the cache line at `address` to be brought into L1 ahead of a write (or a read followed by a write).
static inline void loom_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Asks for the cache line at `address` to be brought into L1 ahead of a read.
static inline void loom_prefetch_for_read(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Sixteen floats, loaded and stored without any alignment requirement.
typedef float loom_float16 __attribute__((ext_vector_type(16), aligned(4)));

/// One butterfly stage of a 16 × 16 transpose: rows `a` and `b` (`h` rows apart) exchange their off-diagonal
/// blocks of `h` columns. Four stages (h = 8, 4, 2, 1) transpose the whole block.
#define LOOM_TRANSPOSE_STAGE(a, b, lo, hi) do { \
        loom_float16 x_ = (a), y_ = (b); \
        (a) = __builtin_shufflevector(x_, y_, lo); \
        (b) = __builtin_shufflevector(x_, y_, hi); \
    } while (0)
#define LOOM_H8_LO 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23
#define LOOM_H8_HI 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31
#define LOOM_H4_LO 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27
#define LOOM_H4_HI 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31
#define LOOM_H2_LO 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29
#define LOOM_H2_HI 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31
#define LOOM_H1_LO 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30
#define LOOM_H1_HI 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31

/// Writes the transpose of the 16 × 16 block at `src` (rows `ld` floats apart) to `dst` (rows `ldd` floats apart):
/// `dst[j][i] = src[i][j]`. Sixteen loads, 64 two-source permutes and sixteen stores, where a scalar loop needs a
/// store per float: packing a weight transposed for the micro-kernel is this, 2 × 16 columns at a time.
static inline void loom_transpose_16x16(const float *src, long ld, float *dst, long ldd) {
    // Written out row by row (no arrays, no loops) so that all sixteen rows stay in registers.
    loom_float16 r0 = *(const loom_float16 *)(src + 0 * ld); loom_float16 r1 = *(const loom_float16 *)(src + 1 * ld); loom_float16 r2 = *(const loom_float16 *)(src + 2 * ld); loom_float16 r3 = *(const loom_float16 *)(src + 3 * ld);
    loom_float16 r4 = *(const loom_float16 *)(src + 4 * ld); loom_float16 r5 = *(const loom_float16 *)(src + 5 * ld); loom_float16 r6 = *(const loom_float16 *)(src + 6 * ld); loom_float16 r7 = *(const loom_float16 *)(src + 7 * ld);
    loom_float16 r8 = *(const loom_float16 *)(src + 8 * ld); loom_float16 r9 = *(const loom_float16 *)(src + 9 * ld); loom_float16 r10 = *(const loom_float16 *)(src + 10 * ld); loom_float16 r11 = *(const loom_float16 *)(src + 11 * ld);
    loom_float16 r12 = *(const loom_float16 *)(src + 12 * ld); loom_float16 r13 = *(const loom_float16 *)(src + 13 * ld); loom_float16 r14 = *(const loom_float16 *)(src + 14 * ld); loom_float16 r15 = *(const loom_float16 *)(src + 15 * ld);
    LOOM_TRANSPOSE_STAGE(r0, r8, LOOM_H8_LO, LOOM_H8_HI); LOOM_TRANSPOSE_STAGE(r1, r9, LOOM_H8_LO, LOOM_H8_HI); LOOM_TRANSPOSE_STAGE(r2, r10, LOOM_H8_LO, LOOM_H8_HI); LOOM_TRANSPOSE_STAGE(r3, r11, LOOM_H8_LO, LOOM_H8_HI);
    LOOM_TRANSPOSE_STAGE(r4, r12, LOOM_H8_LO, LOOM_H8_HI); LOOM_TRANSPOSE_STAGE(r5, r13, LOOM_H8_LO, LOOM_H8_HI); LOOM_TRANSPOSE_STAGE(r6, r14, LOOM_H8_LO, LOOM_H8_HI); LOOM_TRANSPOSE_STAGE(r7, r15, LOOM_H8_LO, LOOM_H8_HI);
    LOOM_TRANSPOSE_STAGE(r0, r4, LOOM_H4_LO, LOOM_H4_HI); LOOM_TRANSPOSE_STAGE(r1, r5, LOOM_H4_LO, LOOM_H4_HI); LOOM_TRANSPOSE_STAGE(r2, r6, LOOM_H4_LO, LOOM_H4_HI); LOOM_TRANSPOSE_STAGE(r3, r7, LOOM_H4_LO, LOOM_H4_HI);
    LOOM_TRANSPOSE_STAGE(r8, r12, LOOM_H4_LO, LOOM_H4_HI); LOOM_TRANSPOSE_STAGE(r9, r13, LOOM_H4_LO, LOOM_H4_HI); LOOM_TRANSPOSE_STAGE(r10, r14, LOOM_H4_LO, LOOM_H4_HI); LOOM_TRANSPOSE_STAGE(r11, r15, LOOM_H4_LO, LOOM_H4_HI);
    LOOM_TRANSPOSE_STAGE(r0, r2, LOOM_H2_LO, LOOM_H2_HI); LOOM_TRANSPOSE_STAGE(r1, r3, LOOM_H2_LO, LOOM_H2_HI); LOOM_TRANSPOSE_STAGE(r4, r6, LOOM_H2_LO, LOOM_H2_HI); LOOM_TRANSPOSE_STAGE(r5, r7, LOOM_H2_LO, LOOM_H2_HI);
    LOOM_TRANSPOSE_STAGE(r8, r10, LOOM_H2_LO, LOOM_H2_HI); LOOM_TRANSPOSE_STAGE(r9, r11, LOOM_H2_LO, LOOM_H2_HI); LOOM_TRANSPOSE_STAGE(r12, r14, LOOM_H2_LO, LOOM_H2_HI); LOOM_TRANSPOSE_STAGE(r13, r15, LOOM_H2_LO, LOOM_H2_HI);
    LOOM_TRANSPOSE_STAGE(r0, r1, LOOM_H1_LO, LOOM_H1_HI); LOOM_TRANSPOSE_STAGE(r2, r3, LOOM_H1_LO, LOOM_H1_HI); LOOM_TRANSPOSE_STAGE(r4, r5, LOOM_H1_LO, LOOM_H1_HI); LOOM_TRANSPOSE_STAGE(r6, r7, LOOM_H1_LO, LOOM_H1_HI);
    LOOM_TRANSPOSE_STAGE(r8, r9, LOOM_H1_LO, LOOM_H1_HI); LOOM_TRANSPOSE_STAGE(r10, r11, LOOM_H1_LO, LOOM_H1_HI); LOOM_TRANSPOSE_STAGE(r12, r13, LOOM_H1_LO, LOOM_H1_HI); LOOM_TRANSPOSE_STAGE(r14, r15, LOOM_H1_LO, LOOM_H1_HI);
    *(loom_float16 *)(dst + 0 * ldd) = r0; *(loom_float16 *)(dst + 1 * ldd) = r1; *(loom_float16 *)(dst + 2 * ldd) = r2; *(loom_float16 *)(dst + 3 * ldd) = r3;
    *(loom_float16 *)(dst + 4 * ldd) = r4; *(loom_float16 *)(dst + 5 * ldd) = r5; *(loom_float16 *)(dst + 6 * ldd) = r6; *(loom_float16 *)(dst + 7 * ldd) = r7;
    *(loom_float16 *)(dst + 8 * ldd) = r8; *(loom_float16 *)(dst + 9 * ldd) = r9; *(loom_float16 *)(dst + 10 * ldd) = r10; *(loom_float16 *)(dst + 11 * ldd) = r11;
    *(loom_float16 *)(dst + 12 * ldd) = r12; *(loom_float16 *)(dst + 13 * ldd) = r13; *(loom_float16 *)(dst + 14 * ldd) = r14; *(loom_float16 *)(dst + 15 * ldd) = r15;
}

#endif
