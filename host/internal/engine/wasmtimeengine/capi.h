// Declarations of the parts of wasmtime's C API (libwasmtime, linked by
// wasmtime-go) that wasmtime-go v39 does not wrap. Objects are passed as
// opaque pointers; see capi.go for how they are obtained.
#ifndef MMPY_WASMTIME_CAPI_H
#define MMPY_WASMTIME_CAPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void wasmtime_config_memory_may_move_set(void *config, bool);
void wasmtime_config_memory_reservation_set(void *config, uint64_t);
void wasmtime_config_memory_reservation_for_growth_set(void *config, uint64_t);

// mmpy_set_stdio sends the guest's stdout and stderr to the Go writers behind
// two cgo.Handles (released by Go after the store is deleted).
void mmpy_set_stdio(void *wasi_config, uintptr_t out, uintptr_t err);

// mmpy_stop_flag_new allocates a flag for mmpy_install_epoch_callback.
int *mmpy_stop_flag_new(void);
void mmpy_stop_flag_free(int *flag);
void mmpy_stop_flag_set(int *flag);

// mmpy_install_epoch_callback: when the store reaches its epoch deadline the
// guest traps if *flag is set, and otherwise continues with a deadline one
// tick later.
void mmpy_install_epoch_callback(void *store, int *flag);

// mmpy_thread_stack_size is the default stack size of new pthreads (0 if
// unknown).
size_t mmpy_thread_stack_size(void);

#endif
