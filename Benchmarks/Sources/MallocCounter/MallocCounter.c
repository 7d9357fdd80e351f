// Interposes the allocator entry points of glibc to count allocations; the real work is done by
// glibc's own __libc_* functions. Linked into the benchmark executable only.
#include <stddef.h>
#include <stdatomic.h>
#include "MallocCounter.h"

#if defined(__linux__) && defined(__GLIBC__)
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern int __posix_memalign(void **, size_t, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_long allocations;

void *malloc(size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_realloc(pointer, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    void *p = __libc_memalign(alignment, size);
    if (!p) return 12;
    *result = p;
    return 0;
}

long airscript_allocations(void) { return atomic_load_explicit(&allocations, memory_order_relaxed); }
#else
long airscript_allocations(void) { return -1; }
#endif
