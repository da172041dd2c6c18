//go:build wasmtime && cgo

#include "capi.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "_cgo_export.h"

void wasi_config_set_stdout_custom(void *config, ptrdiff_t (*callback)(void *, const unsigned char *, size_t),
                                   void *data, void (*finalizer)(void *));
void wasi_config_set_stderr_custom(void *config, ptrdiff_t (*callback)(void *, const unsigned char *, size_t),
                                   void *data, void (*finalizer)(void *));
void wasmtime_store_epoch_deadline_callback(void *store,
                                            void *(*func)(void *context, void *data, uint64_t *delta, uint8_t *kind),
                                            void *data, void (*finalizer)(void *));
void *wasmtime_error_new(const char *message);

static ptrdiff_t mmpy_write(void *data, const unsigned char *buf, size_t n) {
	return mmpyGoWrite((uintptr_t)data, (unsigned char *)buf, n);
}

void mmpy_set_stdio(void *wasi_config, uintptr_t out, uintptr_t err) {
	wasi_config_set_stdout_custom(wasi_config, mmpy_write, (void *)out, NULL);
	wasi_config_set_stderr_custom(wasi_config, mmpy_write, (void *)err, NULL);
}

int *mmpy_stop_flag_new(void) { return calloc(1, sizeof(int)); }

void mmpy_stop_flag_free(int *flag) { free(flag); }

void mmpy_stop_flag_set(int *flag) { atomic_store((_Atomic int *)flag, 1); }

static void *mmpy_epoch(void *context, void *data, uint64_t *delta, uint8_t *kind) {
	(void)context;
	if (atomic_load((_Atomic int *)data)) {
		return wasmtime_error_new("mmpy: guest stopped by the host (hard stop: its context was cancelled)");
	}
	*delta = 1;
	*kind = 0; // WASMTIME_UPDATE_DEADLINE_CONTINUE
	return NULL;
}

void mmpy_install_epoch_callback(void *store, int *flag) {
	wasmtime_store_epoch_deadline_callback(store, mmpy_epoch, flag, NULL);
}

size_t mmpy_thread_stack_size(void) {
	pthread_attr_t attr;
	size_t size = 0;
	if (pthread_attr_init(&attr) == 0) {
		pthread_attr_getstacksize(&attr, &size);
		pthread_attr_destroy(&attr);
	}
	return size;
}
