/* ---- The wasm2native C API: the same in every library ---------------- */
#ifndef W2N_API
#define W2N_API

/* A WASI configuration: what the guest of each new instance gets. */
typedef struct w2n_wasi w2n_wasi;
/* Why a call or an instantiation failed; NULL means success. */
typedef struct w2n_error w2n_error;
/* A v128 value, little-endian lanes. */
typedef struct w2n_v128 { uint8_t bytes[16]; } w2n_v128;

/* A new, empty WASI configuration: no arguments, no environment, no
   directories; the standard streams are closed to the guest (reads see
   end of file, writes are discarded) until inherited or set. Pass it to
   any number of <name>_instantiate calls: each builds its own WASI
   context from it then. */
w2n_wasi *w2n_wasi_new(void);
/* Frees a configuration (instances made from it are not affected). */
void w2n_wasi_free(w2n_wasi *wasi);
/* Appends an argument to the guest's argv; the first is the program name. */
void w2n_wasi_arg(w2n_wasi *wasi, const char *arg);
/* Gives the guest the environment variable NAME=VALUE. */
void w2n_wasi_env(w2n_wasi *wasi, const char *name, const char *value);
/* Gives the guest the host process's whole environment. */
void w2n_wasi_inherit_env(w2n_wasi *wasi);
/* Grants the guest the host directory host_path as guest_path (NULL: the
   same path). As in executables, the guest reaches only files beneath
   it: "..", absolute paths and symlinks cannot leave it. The directory is
   opened at instantiation, which fails (naming it) if it cannot be. */
void w2n_wasi_dir(w2n_wasi *wasi, const char *host_path, const char *guest_path);
/* The guest's stdin, stdout and stderr are the host process's own. */
void w2n_wasi_inherit_stdio(w2n_wasi *wasi);
/* The guest's stdin / stdout / stderr is host descriptor fd (negative:
   closed to the guest again). The host keeps fd open while instances
   made with this configuration live. */
void w2n_wasi_stdin(w2n_wasi *wasi, int fd);
void w2n_wasi_stdout(w2n_wasi *wasi, int fd);
void w2n_wasi_stderr(w2n_wasi *wasi, int fd);

/* Kinds of error (w2n_error_kind). */
enum w2n_error_kind {
    W2N_ERROR_TRAP = 1,          /* a wasm trap; w2n_error_trap_code says which */
    W2N_ERROR_EXIT = 2,          /* the guest called proc_exit; see w2n_error_exit_status */
    W2N_ERROR_WASI = 3,          /* a WASI call met a guest error an executable ends for */
    W2N_ERROR_HOST = 4,          /* a host function called w2n_caller_trap */
    W2N_ERROR_INSTANTIATION = 5, /* the instance could not be created */
    W2N_ERROR_USAGE = 6          /* the API was misused (a NULL instance) */
};

/* Trap codes (w2n_error_trap_code). */
enum w2n_trap {
@TRAPS@};

/* The error's kind (enum w2n_error_kind). */
int w2n_error_kind(const w2n_error *err);
/* What an executable of the module prints on stderr for the same failure,
   without the final newline: for a trap its report, "wasm trap: REASON"
   and the wasm backtrace; for other errors the text after "error: ".
   Valid until the error is freed. */
const char *w2n_error_message(const w2n_error *err);
/* A trap's wasm backtrace, one frame per line, innermost first; "" else. */
const char *w2n_error_backtrace(const w2n_error *err);
/* A trap's code (enum w2n_trap); 0 for other errors. */
int w2n_error_trap_code(const w2n_error *err);
/* True when the guest called proc_exit; then *status (if not NULL) is its
   exit status. */
bool w2n_error_exit_status(const w2n_error *err, int *status);
/* Frees an error. */
void w2n_error_free(w2n_error *err);

/* For host functions (imports implemented in C): vmctx is their first
   argument, the calling instance. */
/* The caller's memory exported as "memory" and its size in bytes; NULL
   and 0 when it exports none. Valid until the guest runs again. Check
   every guest offset and length against *size before using it. */
uint8_t *w2n_caller_memory(void *vmctx, size_t *size);
/* The same for the memory exported as name. */
uint8_t *w2n_caller_memory_named(void *vmctx, const char *name, size_t *size);
/* The host_data the caller was instantiated with (NULL in executables). */
void *w2n_caller_host_data(void *vmctx);
/* Ends the wasm call with a trap: the host's call returns a W2N_ERROR_HOST
   error "wasm trap: MESSAGE" (an executable reports it and exits with
   status 134). Does not return: the host function's frames are abandoned
   like with longjmp, so release what it holds first. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
void w2n_caller_trap(void *vmctx, const char *message);

#endif /* W2N_API */
