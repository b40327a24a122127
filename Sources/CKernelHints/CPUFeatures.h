// The CPU's feature bits, read with the cpuid instruction, for choosing a kernel set at run time. Header-only
// inline assembly: Swift has no spelling for cpuid or xgetbv, and this needs no library.
#ifndef LOOM_CPU_FEATURES_H
#define LOOM_CPU_FEATURES_H

/// cpuid for `leaf` / `subleaf` into regs[0..3] = eax, ebx, ecx, edx; all zero on other architectures.
static inline void loom_cpuid(unsigned leaf, unsigned subleaf, unsigned regs[4]) {
#if defined(__x86_64__) || defined(__i386__)
    unsigned a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(subleaf));
    regs[0] = a; regs[1] = b; regs[2] = c; regs[3] = d;
#else
    regs[0] = regs[1] = regs[2] = regs[3] = 0;
#endif
}

/// XCR0: which register states the operating system saves on a context switch (bits 1-2: xmm/ymm; 5-7: AVX-512).
/// Only call when cpuid says OSXSAVE (leaf 1, ecx bit 27).
static inline unsigned long long loom_xgetbv0(void) {
#if defined(__x86_64__) || defined(__i386__)
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
#else
    return 0;
#endif
}

#endif
