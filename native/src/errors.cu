/*
 * errors.cu: the calling thread's last error text, status names and the library version.
 * Host code only: no kernels here.
 */
#include <cstdarg>
#include <cstdio>

#include "launch.cuh"

namespace panagan {

namespace {
// Per host thread, as cudaGetLastError is: two Java threads calling in never see each other's text.
thread_local char last_error[1024];
}  // namespace

void clear_error() { last_error[0] = '\0'; }

int32_t fail(int32_t status, const char *function, const char *format, ...) {
    int used = std::snprintf(last_error, sizeof last_error, "%s: ", function);
    if (used < 0 || used >= (int)sizeof last_error) return status;
    va_list args;
    va_start(args, format);
    std::vsnprintf(last_error + used, sizeof last_error - used, format, args);
    va_end(args);
    return status;
}

int32_t check_launch(const char *function) {
    cudaError_t error = cudaGetLastError();
    if (error == cudaSuccess) return PANAGAN_OK;
    return fail(PANAGAN_CUDA_ERROR, function, "kernel launch failed: %s (%s)",
                cudaGetErrorName(error), cudaGetErrorString(error));
}

}  // namespace panagan

extern "C" const char *panagan_last_error(void) { return panagan::last_error; }

extern "C" const char *panagan_status_name(int32_t status) {
    switch (status) {
        case PANAGAN_OK: return "PANAGAN_OK";
        case PANAGAN_INVALID_ARGUMENT: return "PANAGAN_INVALID_ARGUMENT";
        case PANAGAN_WORKSPACE_TOO_SMALL: return "PANAGAN_WORKSPACE_TOO_SMALL";
        case PANAGAN_CUDA_ERROR: return "PANAGAN_CUDA_ERROR";
        default: return "PANAGAN_UNKNOWN_STATUS";
    }
}

extern "C" int32_t panagan_version(void) { return 100; }
