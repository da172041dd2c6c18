/*
 * _mmpy -- guest half of the mmpy host ABI (built into python.wasm).
 *
 * The host (Go, wazero) provides five functions in the wasm import module
 * "mmpy".  interrupt_info is called once, at module init (see "Cooperative
 * interrupt" below).  hello/call/ret send a message (ptr,len owned by the guest; the
 * host copies it during the call) and return n:
 *   n >= 0  the host now holds a pending reply of exactly n bytes which the
 *           guest fetches with recv(buf, n) into a buffer it allocated
 *           (recv returns the number of bytes copied, == n, or < 0).
 *           The guest ALWAYS calls recv after n >= 0, also when n == 0.
 *   n <  0  ABI error code (see ERRORS below); there is no pending reply.
 *
 * Uses the normal CPython C API, plus internal headers for the cooperative
 * interrupt only (thread-state field addresses, the eval-breaker bit,
 * _Py_SetImmortal); no ctypes.  Multi-phase init, module state holds the
 * ABIError and DeadlineExceeded classes.  Single-threaded guest: the GIL is
 * kept during host calls (nothing else could run anyway).
 */
#define PY_SSIZE_T_CLEAN
/* A built-in module compiled in-tree: makesetup passes -DPy_BUILD_CORE_BUILTIN
   for *static* modules; defining it here as well keeps the file honest about
   needing CPython's internal headers (thread state layout, eval-breaker bits)
   for the cooperative interrupt below. */
#ifndef Py_BUILD_CORE_BUILTIN
#  define Py_BUILD_CORE_BUILTIN 1
#endif
#include "Python.h"
#include "pycore_ceval.h"      /* _PY_ASYNC_EXCEPTION_BIT */
#include "pycore_object.h"     /* _Py_SetImmortal */
#include "pycore_pystate.h"    /* _PyThreadState_GET */

#include <stddef.h>
#include <stdint.h>

#define MMPY_ABI_VERSION 1

#if defined(__wasm__)
__attribute__((import_module("mmpy"), import_name("hello")))
int32_t mmpy_hello(const uint8_t *ptr, int32_t len);
__attribute__((import_module("mmpy"), import_name("call")))
int32_t mmpy_call(const uint8_t *ptr, int32_t len);
__attribute__((import_module("mmpy"), import_name("ret")))
int32_t mmpy_ret(const uint8_t *ptr, int32_t len);
__attribute__((import_module("mmpy"), import_name("recv")))
int32_t mmpy_recv(uint8_t *ptr, int32_t len);
__attribute__((import_module("mmpy"), import_name("interrupt_info")))
int32_t mmpy_interrupt_info(const uint8_t *ptr, int32_t len);
#else
#error "_mmpy is only meaningful for wasm32 (the host provides the mmpy imports)"
#endif

typedef int32_t (*mmpy_send_fn)(const uint8_t *, int32_t);

/* ABI error codes (negative results of hello/call/ret/recv). */
static const struct {
    int32_t code;
    const char *const_name;
    const char *meaning;
} ERRORS[] = {
    {-1, "ERR_BAD_POINTER", "bad pointer/length"},
    {-2, "ERR_NO_PENDING", "no pending frame"},
    {-3, "ERR_MALFORMED", "malformed message"},
    {-4, "ERR_WRONG_STATE", "wrong state"},
    {-5, "ERR_TOO_LARGE", "too large"},
    {-6, "ERR_SHUTDOWN", "shutting down"},
};

static const char *
error_meaning(int32_t code)
{
    for (size_t i = 0; i < sizeof(ERRORS) / sizeof(ERRORS[0]); i++) {
        if (ERRORS[i].code == code) {
            return ERRORS[i].meaning;
        }
    }
    return "unknown ABI error";
}

typedef struct {
    PyObject *ABIError;
    PyObject *DeadlineExceeded;
} mmpy_state;

/* ---------------------------------------------------------------------
 * Cooperative interrupt (abi/ABI.md section 3.1).
 *
 * The host cannot call into the guest while a hook runs, but it can write to
 * guest memory from another goroutine.  We tell it where the main thread
 * state's eval_breaker word and async_exc slot are; at a hook deadline it
 * stores the DeadlineExceeded type into async_exc and ORs
 * _PY_ASYNC_EXCEPTION_BIT into eval_breaker -- exactly what
 * PyThreadState_SetAsyncExc does.  The eval loop polls eval_breaker anyway
 * (loop back-edges, calls, RESUME), so this costs nothing while idle;
 * _Py_HandlePending then raises the exception at the next check.
 *
 * Reference counting: _Py_HandlePending DECREFs the exchanged async_exc.
 * The host cannot INCREF, so the type is made immortal here (3.12+ immortal
 * objects ignore Py_DECREF): in effect a reference pre-paid for every arming.
 * The type is module-lifetime anyway.
 *
 * Struct sent with mmpy.interrupt_info(ptr, 24), all little-endian u32:
 *   0  version           MMPY_INTERRUPT_VERSION (1)
 *   4  eval_breaker      address of tstate->eval_breaker (uintptr_t, 4 bytes)
 *   8  async_exc         address of tstate->async_exc (PyObject *, 4 bytes)
 *  12  exc_type          address of the DeadlineExceeded type object
 *  16  bit               _PY_ASYNC_EXCEPTION_BIT (8 in 3.13)
 *  20  reserved          0
 * ------------------------------------------------------------------- */
#define MMPY_INTERRUPT_VERSION 1

_Static_assert(sizeof(uintptr_t) == 4, "wasm32: eval_breaker is one 32-bit word");
_Static_assert(sizeof(PyObject *) == 4, "wasm32: async_exc is one 32-bit word");

static int32_t
announce_interrupt(PyObject *exc_type)
{
    PyThreadState *tstate = _PyThreadState_GET();
    if (tstate == NULL) {
        return -4;
    }
    uint32_t info[6] = {
        MMPY_INTERRUPT_VERSION,
        (uint32_t)(uintptr_t)&tstate->eval_breaker,
        (uint32_t)(uintptr_t)&tstate->async_exc,
        (uint32_t)(uintptr_t)exc_type,
        (uint32_t)_PY_ASYNC_EXCEPTION_BIT,
        0,
    };
    return mmpy_interrupt_info((const uint8_t *)info, (int32_t)sizeof(info));
}

static inline mmpy_state *
get_state(PyObject *module)
{
    return (mmpy_state *)PyModule_GetState(module);
}

/* Raise _mmpy.ABIError(code, "<meaning> (mmpy.<func>[: detail])"). */
static PyObject *
raise_abi_error(PyObject *module, int32_t code, const char *func,
                const char *detail)
{
    mmpy_state *st = get_state(module);
    PyObject *msg;
    if (detail != NULL) {
        msg = PyUnicode_FromFormat("%s (mmpy.%s: %s)",
                                   error_meaning(code), func, detail);
    }
    else {
        msg = PyUnicode_FromFormat("%s (mmpy.%s)", error_meaning(code), func);
    }
    if (msg == NULL) {
        return NULL;
    }
    PyObject *exc = PyObject_CallFunction(st->ABIError, "iO", (int)code, msg);
    Py_DECREF(msg);
    if (exc == NULL) {
        return NULL;
    }
    PyErr_SetObject(st->ABIError, exc);
    Py_DECREF(exc);
    return NULL;
}

/* Shared body of hello/call/ret: send `data`, then fetch the reply. */
static PyObject *
send_and_recv(PyObject *module, PyObject *data, mmpy_send_fn fn,
              const char *name)
{
    Py_buffer view;
    if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    if (view.len > INT32_MAX) {
        PyBuffer_Release(&view);
        PyErr_Format(PyExc_OverflowError,
                     "mmpy.%s: message of %zd bytes exceeds the 2 GiB ABI limit",
                     name, view.len);
        return NULL;
    }
    int32_t n = fn((const uint8_t *)view.buf, (int32_t)view.len);
    PyBuffer_Release(&view);
    if (n < 0) {
        return raise_abi_error(module, n, name, NULL);
    }

    /* The host holds a pending reply of exactly n bytes: fetch it. */
    PyObject *reply = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n);
    if (reply == NULL) {
        return NULL;  /* MemoryError; the reply stays pending in the host */
    }
    /* For n == 0 this is the shared empty bytes object: recv copies 0 bytes,
       so it is never written to. */
    int32_t got = mmpy_recv((uint8_t *)PyBytes_AS_STRING(reply), n);
    if (got != n) {
        Py_DECREF(reply);
        if (got < 0) {
            char detail[64];
            PyOS_snprintf(detail, sizeof(detail), "recv after %s", name);
            return raise_abi_error(module, got, "recv", detail);
        }
        char detail[96];
        PyOS_snprintf(detail, sizeof(detail),
                      "short recv after %s: got %d of %d bytes",
                      name, (int)got, (int)n);
        return raise_abi_error(module, -3, "recv", detail);
    }
    return reply;
}

PyDoc_STRVAR(hello_doc,
"hello(data, /) -> bytes\n"
"\n"
"Send the handshake message `data` (any contiguous bytes-like object) to\n"
"the host via the mmpy.hello import and return the host's reply.\n"
"Raises ABIError if the host returns a negative ABI error code.");

static PyObject *
mmpy_py_hello(PyObject *module, PyObject *data)
{
    return send_and_recv(module, data, mmpy_hello, "hello");
}

PyDoc_STRVAR(call_doc,
"call(data, /) -> bytes\n"
"\n"
"Send a request `data` (any contiguous bytes-like object) to the host via\n"
"the mmpy.call import and return the host's reply.\n"
"Raises ABIError if the host returns a negative ABI error code.");

static PyObject *
mmpy_py_call(PyObject *module, PyObject *data)
{
    return send_and_recv(module, data, mmpy_call, "call");
}

PyDoc_STRVAR(ret_doc,
"ret(data, /) -> bytes\n"
"\n"
"Return the result `data` (any contiguous bytes-like object) of the work\n"
"item the host handed to the guest via the mmpy.ret import, and return\n"
"the host's reply (typically the next work item).\n"
"Raises ABIError if the host returns a negative ABI error code.");

static PyObject *
mmpy_py_ret(PyObject *module, PyObject *data)
{
    return send_and_recv(module, data, mmpy_ret, "ret");
}

/* fget of the ABIError.code property: the ABI error code (== errno). */
static PyObject *
abierror_code(PyObject *Py_UNUSED(module), PyObject *exc)
{
    return PyObject_GetAttrString(exc, "errno");
}

PyDoc_STRVAR(interruptible_doc,
"interruptible() -> bool\n"
"\n"
"True when the host accepted the cooperative-interrupt announcement made at\n"
"import (mmpy.interrupt_info): a hook that overruns its deadline then raises\n"
"DeadlineExceeded at the next bytecode boundary.");

static PyObject *
mmpy_py_interruptible(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *v = PyObject_GetAttrString(module, "_interrupt_status");
    if (v == NULL) {
        return NULL;
    }
    long code = PyLong_AsLong(v);
    Py_DECREF(v);
    if (code == -1 && PyErr_Occurred()) {
        return NULL;
    }
    return PyBool_FromLong(code == 0);
}

static PyMethodDef mmpy_methods[] = {
    {"hello", mmpy_py_hello, METH_O, hello_doc},
    {"call", mmpy_py_call, METH_O, call_doc},
    {"ret", mmpy_py_ret, METH_O, ret_doc},
    {"interruptible", mmpy_py_interruptible, METH_NOARGS, interruptible_doc},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef abierror_code_def = {
    "code", abierror_code, METH_O,
    "The negative ABI error code returned by the host (same as errno).",
};

PyDoc_STRVAR(abierror_doc,
"ABIError(code, message)\n"
"\n"
"A host ABI call returned a negative error code.  Subclass of OSError:\n"
"`code` (also `errno`, `args[0]`) is the negative code, `strerror` the\n"
"message naming the code's meaning and the mmpy function.  Codes:\n"
"-1 bad pointer/length, -2 no pending frame, -3 malformed message,\n"
"-4 wrong state, -5 too large, -6 shutting down.");

PyDoc_STRVAR(deadline_doc,
"DeadlineExceeded\n"
"\n"
"Raised asynchronously by the host inside a hook handler that overran its\n"
"deadline.  Subclass of BaseException (not Exception), so `except Exception`\n"
"does not catch it; the SDK reports it as the hook's error.");

static int
mmpy_exec(PyObject *module)
{
    mmpy_state *st = get_state(module);

    /* class ABIError(OSError) with a read-only `code` property. */
    PyObject *dict = PyDict_New();
    if (dict == NULL) {
        return -1;
    }
    /* self=NULL: the getter needs no module, and binding the module would
       create a module -> ABIError -> property -> module reference cycle. */
    PyObject *fget = PyCFunction_NewEx(&abierror_code_def, NULL, NULL);
    if (fget == NULL) {
        Py_DECREF(dict);
        return -1;
    }
    PyObject *prop = PyObject_CallOneArg((PyObject *)&PyProperty_Type, fget);
    Py_DECREF(fget);
    if (prop == NULL) {
        Py_DECREF(dict);
        return -1;
    }
    int rc = PyDict_SetItemString(dict, "code", prop);
    Py_DECREF(prop);
    if (rc < 0) {
        Py_DECREF(dict);
        return -1;
    }
    st->ABIError = PyErr_NewExceptionWithDoc("_mmpy.ABIError", abierror_doc,
                                             PyExc_OSError, dict);
    Py_DECREF(dict);
    if (st->ABIError == NULL) {
        return -1;
    }
    if (PyModule_AddObjectRef(module, "ABIError", st->ABIError) < 0) {
        return -1;
    }
    /* class DeadlineExceeded(BaseException): not an Exception, so a plugin's
       `except Exception` cannot swallow the host's interrupt. */
    st->DeadlineExceeded = PyErr_NewExceptionWithDoc(
        "mattermost_plugin.DeadlineExceeded", deadline_doc,
        PyExc_BaseException, NULL);
    if (st->DeadlineExceeded == NULL) {
        return -1;
    }
    _Py_SetImmortal(st->DeadlineExceeded);
    if (PyModule_AddObjectRef(module, "DeadlineExceeded",
                              st->DeadlineExceeded) < 0) {
        return -1;
    }
    /* Tell the host where to raise it.  0 = accepted; a negative ABI code
       (e.g. from a host that checks the struct) leaves hooks uninterruptible
       but the plugin working. */
    if (PyModule_AddIntConstant(module, "_interrupt_status",
                                announce_interrupt(st->DeadlineExceeded)) < 0) {
        return -1;
    }
    if (PyModule_AddIntConstant(module, "ABI_VERSION", MMPY_ABI_VERSION) < 0) {
        return -1;
    }
    for (size_t i = 0; i < sizeof(ERRORS) / sizeof(ERRORS[0]); i++) {
        if (PyModule_AddIntConstant(module, ERRORS[i].const_name,
                                    ERRORS[i].code) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
mmpy_traverse(PyObject *module, visitproc visit, void *arg)
{
    Py_VISIT(get_state(module)->ABIError);
    Py_VISIT(get_state(module)->DeadlineExceeded);
    return 0;
}

static int
mmpy_clear(PyObject *module)
{
    Py_CLEAR(get_state(module)->ABIError);
    Py_CLEAR(get_state(module)->DeadlineExceeded);
    return 0;
}

static void
mmpy_free(void *module)
{
    (void)mmpy_clear((PyObject *)module);
}

static PyModuleDef_Slot mmpy_slots[] = {
    {Py_mod_exec, mmpy_exec},
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
    {0, NULL},
};

PyDoc_STRVAR(module_doc,
"Guest half of the mmpy host ABI (wasm imports from module \"mmpy\").\n"
"\n"
"hello(data), call(data), ret(data) send a bytes-like message to the host\n"
"and return its reply as bytes; negative host results raise ABIError.\n"
"ABI_VERSION is the ABI revision implemented (1).  ERR_* are the error\n"
"codes.  DeadlineExceeded (a BaseException) is raised by the host in a hook\n"
"that overran its deadline; interruptible() tells whether the host accepted\n"
"the interrupt announcement.  Only available inside python.wasm run by the\n"
"mmpy host.");

static struct PyModuleDef mmpy_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_mmpy",
    .m_doc = module_doc,
    .m_size = sizeof(mmpy_state),
    .m_methods = mmpy_methods,
    .m_slots = mmpy_slots,
    .m_traverse = mmpy_traverse,
    .m_clear = mmpy_clear,
    .m_free = mmpy_free,
};

PyMODINIT_FUNC
PyInit__mmpy(void)
{
    return PyModuleDef_Init(&mmpy_module);
}

/* ------------------------------------------------------------------------
 * Entry points.  python.wasm is a WASI *reactor* (linked with
 * -mexec-model=reactor): the host calls _initialize (C constructors), then
 * one of these exports (abi/ABI.md section 1):
 *
 *   mmpy_main()   what a command's _start does: main(argc, argv) with the
 *                 WASI arguments (python -m ..., or any program: mmpy test),
 *                 then exit(status).  Never returns.
 *   mmpy_init()   starts the interpreter from the WASI arguments and
 *                 imports the SDK (_boot.prepare()), then returns 0: no wasm
 *                 frame is live, the host may copy linear memory as a
 *                 snapshot of the runtime, shared by every plugin.
 *   mmpy_plugin() runs mattermost_plugin._boot.init(args) with this
 *                 instance's WASI arguments: the plugin file is run and says
 *                 hello.  Returns 0 when the plugin paused there (a snapshot
 *                 of the plugin may be taken); otherwise the plugin served
 *                 within and this exits like mmpy_main.
 *   mmpy_serve()  resumes a paused plugin (in this instance, or in a new
 *                 instance whose memory the host restored from a snapshot):
 *                 runs _boot.resume(), i.e. ready and the serve loop, then
 *                 finalises and exits.  Never returns.
 *
 * The only mutable global of the module is __stack_pointer, which is back
 * at its initial value whenever an export has returned; a snapshot is
 * therefore linear memory alone (the host checks the module's globals).
 * ---------------------------------------------------------------------- */
#include <stdlib.h>
#include <wasi/api.h>

extern int __main_void(void); /* wasi-libc: reads the WASI args, calls main */

static PyObject *mmpy_boot; /* mattermost_plugin._boot while paused */

/* Finalise like Py_RunMain, then exit with status (proc_exit). */
static _Noreturn void
mmpy_finish(int status)
{
    if (Py_IsInitialized() && Py_FinalizeEx() < 0) {
        status = 120;
    }
    exit(status);
}

/* The result of _boot.init()/resume(): NULL (exception), None (paused) or an
   int status.  Returns 1 when paused; otherwise finishes. */
static int
mmpy_outcome(PyObject *res, const char *what)
{
    if (res == NULL) {
        /* SystemExit: PyErr_Print finalises and exits with its code. */
        PyErr_Print();
        mmpy_finish(1);
    }
    if (res == Py_None) {
        Py_DECREF(res);
        return 1;
    }
    long status = PyLong_AsLong(res);
    Py_DECREF(res);
    if (status == -1 && PyErr_Occurred()) {
        PyErr_Print();
        fprintf(stderr, "mmpy: %s returned a non-integer status\n", what);
        mmpy_finish(1);
    }
    mmpy_finish((int)status);
}

__attribute__((export_name("mmpy_main"))) int32_t
mmpy_main_export(void)
{
    exit(__main_void());
}

/* The WASI arguments as a NULL-terminated argv (one allocation for both). */
static char **
mmpy_args(__wasi_size_t *argc)
{
    __wasi_size_t size = 0;
    if (__wasi_args_sizes_get(argc, &size) != 0) {
        fputs("mmpy: args_sizes_get failed\n", stderr);
        exit(71);
    }
    char **argv = malloc((*argc + 1) * sizeof(char *) + size + 1);
    if (argv == NULL) {
        fputs("mmpy: out of memory reading the arguments\n", stderr);
        exit(71);
    }
    if (__wasi_args_get((uint8_t **)argv, (uint8_t *)(argv + *argc + 1)) != 0) {
        fputs("mmpy: args_get failed\n", stderr);
        exit(71);
    }
    argv[*argc] = NULL;
    return argv;
}

__attribute__((export_name("mmpy_init"))) int32_t
mmpy_init_export(void)
{
    __wasi_size_t argc = 0;
    char **argv = mmpy_args(&argc);
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    PyStatus st = PyConfig_SetBytesArgv(&config, (Py_ssize_t)argc, argv);
    if (!PyStatus_Exception(st)) {
        st = Py_InitializeFromConfig(&config);
    }
    PyConfig_Clear(&config);
    free(argv);
    if (PyStatus_Exception(st)) {
        if (PyStatus_IsExit(st)) {
            exit(st.exitcode);
        }
        Py_ExitStatusException(st);
    }
    PyObject *boot = PyImport_ImportModule("mattermost_plugin._boot");
    PyObject *res = boot ? PyObject_CallMethod(boot, "prepare", NULL) : NULL;
    if (res == NULL) {
        PyErr_Print();
        mmpy_finish(1);
    }
    Py_DECREF(res);
    mmpy_boot = boot; /* keep the reference */
    return 0;
}

__attribute__((export_name("mmpy_plugin"))) int32_t
mmpy_plugin_export(void)
{
    if (mmpy_boot == NULL) {
        fputs("mmpy: mmpy_plugin called before mmpy_init\n", stderr);
        exit(70);
    }
    /* This instance's arguments: after a restore they are not the ones the
       interpreter was started with. */
    __wasi_size_t argc = 0;
    char **argv = mmpy_args(&argc);
    PyObject *args = PyList_New(0);
    for (__wasi_size_t i = 0; args != NULL && i < argc; i++) {
        PyObject *a = PyUnicode_DecodeFSDefault(argv[i]);
        if (a == NULL || PyList_Append(args, a) < 0) {
            Py_XDECREF(a);
            Py_CLEAR(args);
            break;
        }
        Py_DECREF(a);
    }
    free(argv);
    PyObject *res = args ? PyObject_CallMethod(mmpy_boot, "init", "O", args) : NULL;
    Py_XDECREF(args);
    if (mmpy_outcome(res, "mattermost_plugin._boot.init()")) {
        return 0;
    }
    return 1; /* not reached */
}

__attribute__((export_name("mmpy_serve"))) int32_t
mmpy_serve_export(void)
{
    if (mmpy_boot == NULL) {
        fputs("mmpy: mmpy_serve called without a paused plugin "
              "(the host must call mmpy_init first)\n", stderr);
        exit(70);
    }
    PyObject *res = PyObject_CallMethod(mmpy_boot, "resume", NULL);
    if (mmpy_outcome(res, "mattermost_plugin._boot.resume()")) {
        fputs("mmpy: mattermost_plugin._boot.resume() paused again\n", stderr);
        mmpy_finish(70);
    }
    return 1; /* not reached */
}
