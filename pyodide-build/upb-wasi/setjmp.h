/* <setjmp.h> for compiling protobuf's upb (google._upb._message) into the
 * wasm32-wasi interpreter.  See pyodide-build/README.md, "upb".
 *
 * WASI preview 1 has no setjmp/longjmp: wasi-libc only offers them on top of
 * the wasm exception-handling proposal (-mllvm -wasm-enable-sjlj), which
 * clang 19 emits in the legacy encoding that wazero does not run.  upb uses
 * setjmp only to bail out of its decoder, encoder and descriptor builder on
 * an *error* (malformed wire data, encode depth > 100, conflicting or
 * invalid descriptors, out of memory); on success setjmp just returns 0.
 * This header (found before the sysroot's via -I) does what upb itself does
 * for WAMR (upb/port/def.inc, WASM_WAMR): setjmp() is 0 and longjmp() ends
 * the process, after saying why on stderr.  upb's own def.inc picks
 * sigsetjmp when Python.h defined _POSIX_C_SOURCE, so both spellings are
 * covered.
 */
#ifndef MMPY_UPB_WASI_SETJMP_H
#define MMPY_UPB_WASI_SETJMP_H

#include <stdio.h>
#include <stdlib.h>

typedef int jmp_buf[1];
typedef jmp_buf sigjmp_buf;

static inline _Noreturn void mmpy_upb_longjmp(void) {
    fputs("mmpy: fatal: protobuf (upb) hit an unrecoverable error: malformed "
          "protobuf data, nesting too deep, an invalid descriptor or out of "
          "memory (no longjmp under WASI)\n", stderr);
    fflush(stderr);
    abort();
}

#define setjmp(buf) ((void)(buf), 0)
#define sigsetjmp(buf, savemask) ((void)(buf), 0)
#define longjmp(buf, val) ((void)(buf), (void)(val), mmpy_upb_longjmp())
#define siglongjmp(buf, val) ((void)(buf), (void)(val), mmpy_upb_longjmp())

#endif
