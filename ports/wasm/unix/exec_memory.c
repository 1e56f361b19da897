// Executable memory for the native code emitters (@micropython.native,
// @micropython.viper) and native .mpy files, in the host build: each block is
// an anonymous mapping, readable, writable and executable, outside the GC heap.
// A native .mpy's data (its .bss, say) may hold the only reference to a heap
// object, so the collector scans every live block (mpw_exec_memory_scan).
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "py/gc.h"
#include "py/misc.h"
#include "py/mpconfig.h"

#if MICROPY_EMIT_MACHINE_CODE

// Each mapping starts with this header; callers get the memory after it.
typedef struct exec_block {
    struct exec_block *prev, *next;
    size_t mapped;  // bytes in the whole mapping
} exec_block_t;

// Doubly linked, so that freeing a block is O(1).
static exec_block_t *exec_blocks;

void mpw_alloc_exec(size_t min_size, void **ptr, size_t *size) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t mapped = (sizeof(exec_block_t) + min_size + page - 1) / page * page;
    void *mapping = mmap(NULL, mapped, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) {
        m_malloc_fail(min_size);  // MemoryError (callers expect memory)
    }
    exec_block_t *block = mapping;
    block->prev = NULL;
    block->next = exec_blocks;
    block->mapped = mapped;
    if (exec_blocks != NULL) {
        exec_blocks->prev = block;
    }
    exec_blocks = block;
    *ptr = block + 1;
    *size = mapped - sizeof(exec_block_t);
}

void mpw_free_exec(void *ptr, size_t size) {
    (void)size;
    if (ptr == NULL) {
        return;
    }
    exec_block_t *block = (exec_block_t *)ptr - 1;
    if (block->prev != NULL) {
        block->prev->next = block->next;
    } else {
        exec_blocks = block->next;
    }
    if (block->next != NULL) {
        block->next->prev = block->prev;
    }
    munmap(block, block->mapped);
}

void mpw_exec_memory_scan(void) {
    for (exec_block_t *block = exec_blocks; block != NULL; block = block->next) {
        gc_collect_root((void **)(block + 1), (block->mapped - sizeof(exec_block_t)) / sizeof(void *));
    }
}

#endif
