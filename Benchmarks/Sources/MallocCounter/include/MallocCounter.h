#ifndef AIRSCRIPT_MALLOC_COUNTER_H
#define AIRSCRIPT_MALLOC_COUNTER_H
/// The number of allocations (malloc, calloc, realloc, posix_memalign) since the program started.
long airscript_allocations(void);
#endif
