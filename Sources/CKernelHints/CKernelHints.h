// Cache hints that Swift has no spelling for. Header-only: Swift imports these static inline functions and LLVM
// inlines them into the kernels, so each call is one prefetch instruction.
#ifndef LOOM_KERNEL_HINTS_H
#define LOOM_KERNEL_HINTS_H

/// Asks for the cache line at `address` to be brought into L1 ahead of a write (or a read followed by a write).
static inline void loom_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Asks for the cache line at `address` to be brought into L1 ahead of a read.
static inline void loom_prefetch_for_read(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
