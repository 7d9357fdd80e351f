// jemalloc's control entry point, declared here rather than through <jemalloc/jemalloc.h>, whose
// declarations of malloc and free would clash with Glibc's in Swift.
#include <stddef.h>

int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
