/*
 * cudart.cpp: the CUDA runtime stand-in of the host simulator, and its control hooks.
 *
 * Exports, with the exact prototypes of the installed cuda_runtime_api.h, the subset of cudart
 * that panagan's launchers and its Java engine use: memory, copies, streams, events, errors,
 * device properties, stream capture and graphs. Nothing is emulated beyond that subset; a
 * missing function is a link error, never a silent no-op.
 *
 * Memory. Device and pinned allocations are exact-size host allocations, 256-byte aligned and
 * filled with 0xFF (NaN as float), recorded in one table. Copies and memsets check their
 * direction and that the device side lies inside one allocation; kernel launches check that
 * every top-level pointer argument is NULL or points into device or pinned memory.
 *
 * Streams. GPUSIM_STREAMS=sync (default) runs every operation before the call returns.
 * GPUSIM_STREAMS=deferred queues operations of all streams in one FIFO in issue order (a valid
 * schedule for any correct use of streams and events) and runs them at synchronisation points,
 * so a missing synchronisation shows up as stale data. Copies that involve pageable host memory
 * follow cudart: the source is staged at the call (host to device) or the call waits (device to
 * host).
 *
 * Capture. Operations issued to a capturing stream are recorded as closures (kernel arguments
 * are already copied at launch); replaying the graph reads memory as it is then. Calls that are
 * illegal during a global-mode capture (cudaMalloc, synchronous copies, synchronisation, work on
 * the legacy stream) fail and invalidate the capture, so cudaStreamEndCapture reports
 * cudaErrorStreamCaptureInvalidated.
 *
 * Faults. A kernel fault (see exec.cpp) sets the sticky cudaErrorLaunchFailure, as an illegal
 * address does on a GPU: every later call that does work returns it until cudaDeviceReset or
 * gpusim_clear_fault. Deferred work queued behind the fault is dropped.
 *
 * Locking. One global lock serialises every call, and kernels run under it on the calling
 * thread. The last error is per host thread, as in cudart.
 */
#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine.h"
#include "gpusim/gpusim_control.h"

namespace gpusim::engine {
struct Capture;
}

struct CUstream_st {
    uint64_t id;
    unsigned flags;
    std::shared_ptr<gpusim::engine::Capture> capture;
};

struct CUevent_st {
    uint64_t id;
    unsigned flags;
    bool recorded = false;
    bool complete = true;
    uint64_t pending_seq = 0;  // deferred mode: the queued record operation
    double time_ms = 0;
    std::weak_ptr<gpusim::engine::Capture> capture;
};

struct CUgraph_st {
    std::vector<std::function<void()>> nodes;
};

struct CUgraphExec_st {
    std::vector<std::function<void()>> nodes;
};

namespace gpusim::engine {

// A stream capture in progress: the recorded operations and the streams taking part.
struct Capture {
    std::vector<std::function<void()>> nodes;
    bool invalidated = false;
    cudaStreamCaptureMode mode = cudaStreamCaptureModeGlobal;
    std::thread::id thread;
    CUstream_st *origin = nullptr;
    std::vector<CUstream_st *> members;
};

namespace {

// Device limits we report and enforce: those of an H100/H200 (compute capability 9.0).
constexpr int kMaxThreadsPerBlock = 1024;
constexpr unsigned kMaxBlockDimXY = 1024, kMaxBlockDimZ = 64;
constexpr unsigned kMaxGridDimX = 2147483647u, kMaxGridDimYZ = 65535;
constexpr size_t kDefaultSmemPerBlock = 48 * 1024;  // without cudaFuncSetAttribute
constexpr size_t kOptinSmemPerBlock = 232448;       // 227 KiB, the sm_90 opt-in maximum
constexpr size_t kAllocationAlignment = 256;        // what cudaMalloc guarantees
constexpr int kRuntimeVersion = 13000;

std::recursive_mutex g_lock;
using Lock = std::lock_guard<std::recursive_mutex>;

thread_local cudaError_t tl_last_error = cudaSuccess;
thread_local std::string tl_detail;
cudaError_t g_sticky = cudaSuccess;
std::string g_fault;
int64_t g_launches = 0;

std::string format(const char *format, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *format, ...) {
    char buffer[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return buffer;
}

cudaError_t record(cudaError_t error) {
    if (error != cudaSuccess) tl_last_error = error;
    return error;
}

// An error with an explanation for gpusim_last_error_detail().
cudaError_t reject(cudaError_t error, std::string detail) {
    tl_detail = std::move(detail);
    return record(error);
}

// --- allocations ------------------------------------------------------------------------------

enum class Kind { device, pinned };

struct Allocation {
    size_t size;
    Kind kind;
};

std::map<uintptr_t, Allocation> g_allocations;
int64_t g_device_bytes = 0, g_pinned_bytes = 0;
int64_t g_fail_countdown = -1;  // > 0: that many calls from now fail; -1: disarmed

// The allocation holding [p, p + bytes), or null. With bytes == 0 a pointer one past the end
// still counts (kernels may receive the end of an empty view).
const Allocation *find_allocation(const void *p, size_t bytes, uintptr_t *base_out = nullptr) {
    if (p == nullptr || g_allocations.empty()) return nullptr;
    uintptr_t address = (uintptr_t)p;
    auto it = g_allocations.upper_bound(address);
    if (it == g_allocations.begin()) return nullptr;
    --it;
    uintptr_t base = it->first;
    const Allocation &a = it->second;
    bool inside = bytes == 0 ? address <= base + a.size
                             : address < base + a.size && bytes <= base + a.size - address;
    if (!inside) return nullptr;
    if (base_out) *base_out = base;
    return &a;
}

bool allocation_should_fail() {
    if (g_fail_countdown < 0) return false;
    if (--g_fail_countdown > 0) return false;
    g_fail_countdown = -1;
    return true;
}

cudaError_t allocate(void **out, size_t size, Kind kind) {
    if (out == nullptr) return reject(cudaErrorInvalidValue, "allocation: NULL result pointer");
    *out = nullptr;
    if (allocation_should_fail())
        return reject(cudaErrorMemoryAllocation,
                      "allocation failed on purpose (gpusim_fail_allocation_after)");
    if (size == 0) return cudaSuccess;  // cudart hands back NULL for an empty request
    if (kind == Kind::device &&
        (int64_t)size > settings().memory_budget - g_device_bytes)
        return reject(cudaErrorMemoryAllocation,
                      format("cudaMalloc(%zu): only %lld of %lld bytes of simulated device "
                             "memory are free",
                             size, (long long)(settings().memory_budget - g_device_bytes),
                             (long long)settings().memory_budget));
    void *p = nullptr;
    if (posix_memalign(&p, kAllocationAlignment, size) != 0 || p == nullptr)
        return reject(cudaErrorMemoryAllocation,
                      format("the host could not provide %zu bytes", size));
    std::memset(p, 0xff, size);
    g_allocations[(uintptr_t)p] = Allocation{size, kind};
    (kind == Kind::device ? g_device_bytes : g_pinned_bytes) += (int64_t)size;
    *out = p;
    return cudaSuccess;
}

cudaError_t release(void *p, Kind kind, const char *function) {
    if (p == nullptr) return cudaSuccess;
    auto it = g_allocations.find((uintptr_t)p);
    if (it == g_allocations.end() || it->second.kind != kind)
        return reject(cudaErrorInvalidValue,
                      format("%s(%p): not the start of a live %s allocation (freed twice, or "
                             "never allocated here)",
                             function, p, kind == Kind::device ? "device" : "pinned host"));
    (kind == Kind::device ? g_device_bytes : g_pinned_bytes) -= (int64_t)it->second.size;
    g_allocations.erase(it);
    std::free(p);
    return cudaSuccess;
}

// --- streams, events, the deferred queue, capture ------------------------------------------

struct Operation {
    uint64_t seq;
    uint64_t stream_id;
    std::function<void()> body;
};

uint64_t g_next_id = 1;
CUstream_st g_legacy_stream{0, 0, nullptr};
CUstream_st g_per_thread_stream{0, cudaStreamNonBlocking, nullptr};
std::unordered_set<CUstream_st *> g_streams;
std::unordered_set<CUevent_st *> g_events;
std::unordered_set<CUgraph_st *> g_graphs;
std::unordered_set<CUgraphExec_st *> g_graph_execs;
std::vector<std::shared_ptr<Capture>> g_captures;  // begun and not yet ended
std::deque<Operation> g_queue;                     // deferred mode
uint64_t g_next_seq = 1;
std::unordered_map<const void *, size_t> g_max_dynamic_smem;  // cudaFuncSetAttribute

bool is_legacy(const CUstream_st *s) { return s == &g_legacy_stream; }

// An event whose record operation is no longer queued has completed (or was dropped with the
// queue after a fault, which a cleared fault must not turn into an event that never completes).
void settle(CUevent_st *e) {
    if (!e->complete && (g_queue.empty() || g_queue.front().seq > e->pending_seq))
        e->complete = true;
}

// NULL and cudaStreamLegacy are the legacy stream; cudaStreamPerThread has its own object.
CUstream_st *resolve_stream(cudaStream_t stream) {
    if (stream == nullptr || stream == cudaStreamLegacy) return &g_legacy_stream;
    if (stream == cudaStreamPerThread) return &g_per_thread_stream;
    return g_streams.count(stream) ? stream : nullptr;
}

cudaError_t bad_stream(cudaStream_t stream, const char *function) {
    return reject(cudaErrorInvalidResourceHandle,
                  format("%s: stream %p was not created here or is destroyed", function,
                         (void *)stream));
}

void invalidate(Capture &c) { c.invalidated = true; }

// Whether a call that is illegal during capture must fail now (global and thread-local modes).
Capture *restricting_capture() {
    for (auto &c : g_captures) {
        if (c->invalidated) continue;
        if (c->mode == cudaStreamCaptureModeGlobal) return c.get();
        if (c->mode == cudaStreamCaptureModeThreadLocal && c->thread == std::this_thread::get_id())
            return c.get();
    }
    return nullptr;
}

// An unsafe call during capture: invalidates the captures that forbid it and reports `error`.
bool refuse_during_capture(const char *function, cudaError_t error, cudaError_t *out) {
    if (restricting_capture() == nullptr) return false;
    for (auto &c : g_captures)
        if (c->mode != cudaStreamCaptureModeRelaxed) invalidate(*c);
    *out = reject(error, format("%s is not allowed while a stream is being captured; the "
                                "capture is now invalidated",
                                function));
    return true;
}

void drop_queue() { g_queue.clear(); }

void run_body(const std::function<void()> &body) {
    if (g_sticky != cudaSuccess) return;  // the context is lost: later work does not run
    body();
}

// Runs queued operations in issue order up to and including sequence number `last`.
void drain(uint64_t last = UINT64_MAX) {
    while (!g_queue.empty() && g_queue.front().seq <= last) {
        Operation op = std::move(g_queue.front());
        g_queue.pop_front();
        run_body(op.body);
        if (g_sticky != cudaSuccess) drop_queue();
    }
}

// The last queued operation of `s` (the legacy stream waits for everything).
uint64_t last_seq_of(const CUstream_st *s) {
    if (is_legacy(s)) return g_queue.empty() ? 0 : g_queue.back().seq;
    for (auto it = g_queue.rbegin(); it != g_queue.rend(); ++it)
        if (it->stream_id == s->id) return it->seq;
    return 0;
}

// Issues `body` on `s`: captured, queued, or run now. Returns the status for the caller.
cudaError_t issue(CUstream_st *s, std::function<void()> body, const char *function,
                  uint64_t *seq_out = nullptr) {
    if (seq_out) *seq_out = 0;
    if (s->capture) {
        if (s->capture->invalidated)
            return reject(cudaErrorStreamCaptureInvalidated,
                          format("%s: the capture on this stream was invalidated earlier",
                                 function));
        s->capture->nodes.push_back(std::move(body));
        return cudaSuccess;
    }
    if (is_legacy(s)) {
        // The legacy stream synchronises with every blocking stream, so work on it during a
        // capture of a blocking stream would join the capture implicitly: CUDA refuses that.
        for (auto &c : g_captures) {
            if (!c->invalidated && c->origin != nullptr &&
                !(c->origin->flags & cudaStreamNonBlocking)) {
                invalidate(*c);
                return reject(cudaErrorStreamCaptureImplicit,
                              format("%s on the legacy (NULL) stream while another stream is "
                                     "being captured; the capture is now invalidated",
                                     function));
            }
        }
    }
    if (settings().deferred_streams) {
        uint64_t seq = g_next_seq++;
        g_queue.push_back(Operation{seq, s->id, std::move(body)});
        if (seq_out) *seq_out = seq;
    } else {
        run_body(body);
    }
    return cudaSuccess;
}

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// --- copies -------------------------------------------------------------------------------------

const char *kind_name(cudaMemcpyKind kind) {
    switch (kind) {
        case cudaMemcpyHostToHost: return "cudaMemcpyHostToHost";
        case cudaMemcpyHostToDevice: return "cudaMemcpyHostToDevice";
        case cudaMemcpyDeviceToHost: return "cudaMemcpyDeviceToHost";
        case cudaMemcpyDeviceToDevice: return "cudaMemcpyDeviceToDevice";
        case cudaMemcpyDefault: return "cudaMemcpyDefault";
    }
    return "an unknown cudaMemcpyKind";
}

bool is_device_pointer(const void *p) {
    const Allocation *a = find_allocation(p, 1);
    return a != nullptr && a->kind == Kind::device;
}

bool is_pinned_pointer(const void *p) {
    const Allocation *a = find_allocation(p, 1);
    return a != nullptr && a->kind == Kind::pinned;
}

// Checks one side of a copy: device memory must hold the whole range; host memory must not be
// device memory (a pinned range must fit its allocation; pageable memory cannot be checked).
cudaError_t check_side(const char *function, const char *side, const void *p, size_t count,
                       bool device, cudaMemcpyKind kind) {
    if (count == 0) return cudaSuccess;
    if (p == nullptr)
        return reject(cudaErrorInvalidValue, format("%s: %s is NULL", function, side));
    if (device) {
        if (find_allocation(p, 1) == nullptr || !is_device_pointer(p))
            return reject(cudaErrorInvalidValue,
                          format("%s(%s): %s %p is not device memory", function, kind_name(kind),
                                 side, p));
        uintptr_t base = 0;
        const Allocation *a = find_allocation(p, count, &base);
        if (a == nullptr) {
            find_allocation(p, 1, &base);
            const Allocation *holder = find_allocation(p, 1);
            return reject(cudaErrorInvalidValue,
                          format("%s: %s range [%p, +%zu) runs past the end of its %zu-byte "
                                 "allocation at %p (offset %zu)",
                                 function, side, p, count, holder->size, (void *)base,
                                 (size_t)((uintptr_t)p - base)));
        }
        return cudaSuccess;
    }
    if (is_device_pointer(p))
        return reject(cudaErrorInvalidValue,
                      format("%s(%s): %s %p is device memory, not host memory", function,
                             kind_name(kind), side, p));
    if (is_pinned_pointer(p) && find_allocation(p, count) == nullptr)
        return reject(cudaErrorInvalidValue,
                      format("%s: %s range [%p, +%zu) runs past the end of its pinned "
                             "allocation",
                             function, side, p, count));
    return cudaSuccess;
}

cudaError_t check_copy(const char *function, void *dst, const void *src, size_t count,
                       cudaMemcpyKind &kind) {
    if (kind == cudaMemcpyDefault) {
        // Unified addressing: the pointers say where they live.
        bool d = is_device_pointer(dst), s = is_device_pointer(src);
        kind = d ? (s ? cudaMemcpyDeviceToDevice : cudaMemcpyHostToDevice)
                 : (s ? cudaMemcpyDeviceToHost : cudaMemcpyHostToHost);
    }
    bool dst_device, src_device;
    switch (kind) {
        case cudaMemcpyHostToHost: dst_device = false, src_device = false; break;
        case cudaMemcpyHostToDevice: dst_device = true, src_device = false; break;
        case cudaMemcpyDeviceToHost: dst_device = false, src_device = true; break;
        case cudaMemcpyDeviceToDevice: dst_device = true, src_device = true; break;
        default:
            return reject(cudaErrorInvalidMemcpyDirection,
                          format("%s: %d is not a cudaMemcpyKind", function, (int)kind));
    }
    cudaError_t e = check_side(function, "destination", dst, count, dst_device, kind);
    if (e != cudaSuccess) return e;
    return check_side(function, "source", src, count, src_device, kind);
}

// --- kernels ------------------------------------------------------------------------------------

// Descriptions of faults for cudaGetErrorString, kept for the life of the process because
// callers may hold the returned pointer indefinitely (faults are rare, so this stays small).
std::vector<std::unique_ptr<std::string>> g_fault_descriptions;
const char *g_launch_failure_text = nullptr;

void set_sticky_fault(std::string message) {
    g_sticky = cudaErrorLaunchFailure;
    g_fault = std::move(message);
    g_fault_descriptions.push_back(
        std::make_unique<std::string>("unspecified launch failure: " + g_fault));
    g_launch_failure_text = g_fault_descriptions.back()->c_str();
}

std::string argument_name(const char *text, int index);

void execute_grid(const Grid &grid) {
    // Memory freed between the launch and now (a graph replay, or a queued launch) would be a
    // use after free on the GPU: refuse to run over it.
    for (const detail::PointerArgument &p : grid.pointers) {
        if (p.value == nullptr || find_allocation(p.value, 0) != nullptr) continue;
        set_sticky_fault(format("kernel '%s': pointer argument %d '%s' = %p no longer points "
                                "into device or pinned memory (freed after the launch was "
                                "issued or captured)",
                                grid.kernel_name.c_str(), p.index,
                                argument_name(grid.argument_text.c_str(), p.index).c_str(),
                                p.value));
        return;
    }
    g_launches++;
    std::string fault;
    if (!run_grid(grid, fault)) set_sticky_fault(std::move(fault));
}

std::string argument_name(const char *text, int index) {
    // The index-th top-level comma-separated expression of the launcher's argument list.
    int depth = 0, current = 0;
    std::string out;
    for (const char *p = text; *p; p++) {
        char c = *p;
        if (c == '(' || c == '[' || c == '{' || c == '<') depth++;
        if (c == ')' || c == ']' || c == '}' || c == '>') depth--;
        if (c == ',' && depth == 0) {
            current++;
            continue;
        }
        if (current == index) out += c;
    }
    size_t a = out.find_first_not_of(' '), b = out.find_last_not_of(' ');
    return a == std::string::npos ? std::string("?") : out.substr(a, b - a + 1);
}

cudaError_t validate_launch(const detail::LaunchRequest &r) {
    const dim3 &g = r.grid, &b = r.block;
    if (b.x == 0 || b.y == 0 || b.z == 0 || g.x == 0 || g.y == 0 || g.z == 0)
        return reject(cudaErrorInvalidConfiguration,
                      format("launch of '%s': grid (%u,%u,%u) and block (%u,%u,%u) must have "
                             "no zero dimension",
                             r.kernel_name, g.x, g.y, g.z, b.x, b.y, b.z));
    uint64_t threads = (uint64_t)b.x * b.y * b.z;
    if (threads > (uint64_t)kMaxThreadsPerBlock || b.x > kMaxBlockDimXY ||
        b.y > kMaxBlockDimXY || b.z > kMaxBlockDimZ)
        return reject(cudaErrorInvalidConfiguration,
                      format("launch of '%s': block (%u,%u,%u) exceeds %d threads or the "
                             "per-dimension limits (1024,1024,64)",
                             r.kernel_name, b.x, b.y, b.z, kMaxThreadsPerBlock));
    if (g.x > kMaxGridDimX || g.y > kMaxGridDimYZ || g.z > kMaxGridDimYZ)
        return reject(cudaErrorInvalidConfiguration,
                      format("launch of '%s': grid (%u,%u,%u) exceeds (2^31-1,65535,65535)",
                             r.kernel_name, g.x, g.y, g.z));
    size_t allowed = kDefaultSmemPerBlock;
    auto it = g_max_dynamic_smem.find(r.kernel);
    if (it != g_max_dynamic_smem.end() && it->second > allowed) allowed = it->second;
    if (r.dynamic_smem > allowed)
        return reject(cudaErrorInvalidValue,
                      format("launch of '%s': %zu bytes of dynamic shared memory exceed the %zu "
                             "allowed (above 48 KiB needs cudaFuncSetAttribute("
                             "cudaFuncAttributeMaxDynamicSharedMemorySize))",
                             r.kernel_name, r.dynamic_smem, allowed));
    for (int i = 0; i < r.pointer_count; i++) {
        const void *p = r.pointers[i].value;
        if (p == nullptr || find_allocation(p, 0) != nullptr) continue;
        return reject(cudaErrorInvalidValue,
                      format("launch of '%s': pointer argument %d '%s' = %p is neither device "
                             "nor pinned host memory",
                             r.kernel_name, r.pointers[i].index,
                             argument_name(r.argument_text, r.pointers[i].index).c_str(), p));
    }
    return cudaSuccess;
}

// --- error names ------------------------------------------------------------------------------

// Every cudaError_t of the toolkit this was built against, for cudaGetErrorName.
#define GPUSIM_CUDA_ERRORS(X) \
    X(cudaSuccess) X(cudaErrorInvalidValue) X(cudaErrorMemoryAllocation) \
    X(cudaErrorInitializationError) X(cudaErrorCudartUnloading) X(cudaErrorProfilerDisabled) \
    X(cudaErrorProfilerNotInitialized) X(cudaErrorProfilerAlreadyStarted) \
    X(cudaErrorProfilerAlreadyStopped) X(cudaErrorInvalidConfiguration) \
    X(cudaErrorInvalidPitchValue) X(cudaErrorInvalidSymbol) X(cudaErrorInvalidHostPointer) \
    X(cudaErrorInvalidDevicePointer) X(cudaErrorInvalidTexture) \
    X(cudaErrorInvalidTextureBinding) X(cudaErrorInvalidChannelDescriptor) \
    X(cudaErrorInvalidMemcpyDirection) X(cudaErrorAddressOfConstant) \
    X(cudaErrorTextureFetchFailed) X(cudaErrorTextureNotBound) X(cudaErrorSynchronizationError) \
    X(cudaErrorInvalidFilterSetting) X(cudaErrorInvalidNormSetting) \
    X(cudaErrorMixedDeviceExecution) X(cudaErrorNotYetImplemented) \
    X(cudaErrorMemoryValueTooLarge) X(cudaErrorStubLibrary) X(cudaErrorInsufficientDriver) \
    X(cudaErrorCallRequiresNewerDriver) X(cudaErrorInvalidSurface) \
    X(cudaErrorDuplicateVariableName) X(cudaErrorDuplicateTextureName) \
    X(cudaErrorDuplicateSurfaceName) X(cudaErrorDevicesUnavailable) \
    X(cudaErrorIncompatibleDriverContext) X(cudaErrorMissingConfiguration) \
    X(cudaErrorPriorLaunchFailure) X(cudaErrorLaunchMaxDepthExceeded) \
    X(cudaErrorLaunchFileScopedTex) X(cudaErrorLaunchFileScopedSurf) \
    X(cudaErrorSyncDepthExceeded) X(cudaErrorLaunchPendingCountExceeded) \
    X(cudaErrorInvalidDeviceFunction) X(cudaErrorNoDevice) X(cudaErrorInvalidDevice) \
    X(cudaErrorDeviceNotLicensed) X(cudaErrorSoftwareValidityNotEstablished) \
    X(cudaErrorStartupFailure) X(cudaErrorInvalidKernelImage) X(cudaErrorDeviceUninitialized) \
    X(cudaErrorMapBufferObjectFailed) X(cudaErrorUnmapBufferObjectFailed) \
    X(cudaErrorArrayIsMapped) X(cudaErrorAlreadyMapped) X(cudaErrorNoKernelImageForDevice) \
    X(cudaErrorAlreadyAcquired) X(cudaErrorNotMapped) X(cudaErrorNotMappedAsArray) \
    X(cudaErrorNotMappedAsPointer) X(cudaErrorECCUncorrectable) X(cudaErrorUnsupportedLimit) \
    X(cudaErrorDeviceAlreadyInUse) X(cudaErrorPeerAccessUnsupported) X(cudaErrorInvalidPtx) \
    X(cudaErrorInvalidGraphicsContext) X(cudaErrorNvlinkUncorrectable) \
    X(cudaErrorJitCompilerNotFound) X(cudaErrorUnsupportedPtxVersion) \
    X(cudaErrorJitCompilationDisabled) X(cudaErrorUnsupportedExecAffinity) \
    X(cudaErrorUnsupportedDevSideSync) X(cudaErrorContained) X(cudaErrorInvalidSource) \
    X(cudaErrorFileNotFound) X(cudaErrorSharedObjectSymbolNotFound) \
    X(cudaErrorSharedObjectInitFailed) X(cudaErrorOperatingSystem) \
    X(cudaErrorInvalidResourceHandle) X(cudaErrorIllegalState) X(cudaErrorLossyQuery) \
    X(cudaErrorSymbolNotFound) X(cudaErrorNotReady) X(cudaErrorIllegalAddress) \
    X(cudaErrorLaunchOutOfResources) X(cudaErrorLaunchTimeout) \
    X(cudaErrorLaunchIncompatibleTexturing) X(cudaErrorPeerAccessAlreadyEnabled) \
    X(cudaErrorPeerAccessNotEnabled) X(cudaErrorSetOnActiveProcess) \
    X(cudaErrorContextIsDestroyed) X(cudaErrorAssert) X(cudaErrorTooManyPeers) \
    X(cudaErrorHostMemoryAlreadyRegistered) X(cudaErrorHostMemoryNotRegistered) \
    X(cudaErrorHardwareStackError) X(cudaErrorIllegalInstruction) X(cudaErrorMisalignedAddress) \
    X(cudaErrorInvalidAddressSpace) X(cudaErrorInvalidPc) X(cudaErrorLaunchFailure) \
    X(cudaErrorCooperativeLaunchTooLarge) X(cudaErrorTensorMemoryLeak) X(cudaErrorNotPermitted) \
    X(cudaErrorNotSupported) X(cudaErrorSystemNotReady) X(cudaErrorSystemDriverMismatch) \
    X(cudaErrorCompatNotSupportedOnDevice) X(cudaErrorMpsConnectionFailed) \
    X(cudaErrorMpsRpcFailure) X(cudaErrorMpsServerNotReady) X(cudaErrorMpsMaxClientsReached) \
    X(cudaErrorMpsMaxConnectionsReached) X(cudaErrorMpsClientTerminated) \
    X(cudaErrorCdpNotSupported) X(cudaErrorCdpVersionMismatch) \
    X(cudaErrorStreamCaptureUnsupported) X(cudaErrorStreamCaptureInvalidated) \
    X(cudaErrorStreamCaptureMerge) X(cudaErrorStreamCaptureUnmatched) \
    X(cudaErrorStreamCaptureUnjoined) X(cudaErrorStreamCaptureIsolation) \
    X(cudaErrorStreamCaptureImplicit) X(cudaErrorCapturedEvent) \
    X(cudaErrorStreamCaptureWrongThread) X(cudaErrorTimeout) X(cudaErrorGraphExecUpdateFailure) \
    X(cudaErrorExternalDevice) X(cudaErrorInvalidClusterSize) X(cudaErrorFunctionNotLoaded) \
    X(cudaErrorInvalidResourceType) X(cudaErrorInvalidResourceConfiguration) X(cudaErrorUnknown)

const char *error_description(cudaError_t e) {
    switch (e) {
        case cudaSuccess: return "no error";
        case cudaErrorInvalidValue: return "invalid argument";
        case cudaErrorMemoryAllocation: return "out of memory";
        case cudaErrorInvalidConfiguration: return "invalid configuration argument";
        case cudaErrorInvalidMemcpyDirection: return "invalid copy direction for memcpy";
        case cudaErrorInvalidDevicePointer: return "invalid device pointer";
        case cudaErrorInvalidDevice: return "invalid device ordinal";
        case cudaErrorInvalidDeviceFunction: return "invalid device function";
        case cudaErrorInvalidResourceHandle: return "invalid resource handle";
        case cudaErrorIllegalState: return "the operation is not permitted in this state";
        case cudaErrorNotReady: return "device not ready";
        case cudaErrorIllegalAddress: return "an illegal memory access was encountered";
        case cudaErrorLaunchFailure:
            // The simulator knows why: the text of the latest fault, kept valid forever.
            return g_launch_failure_text != nullptr ? g_launch_failure_text
                                                    : "unspecified launch failure";
        case cudaErrorNotSupported: return "operation not supported";
        case cudaErrorStreamCaptureUnsupported:
            return "operation not permitted when stream is capturing";
        case cudaErrorStreamCaptureInvalidated:
            return "operation failed due to a previous error during capture";
        case cudaErrorStreamCaptureUnmatched:
            return "capture was not ended in the same stream as it began";
        case cudaErrorStreamCaptureImplicit:
            return "operation would make the legacy stream depend on a capturing blocking "
                   "stream";
        case cudaErrorNoDevice: return "no CUDA-capable device is detected";
        default: return nullptr;
    }
}

// --- device properties --------------------------------------------------------------------------

int multiprocessors() { return settings().threads; }

}  // namespace
}  // namespace gpusim::engine

using namespace gpusim::engine;

// =============================================================================================
// The launch path (called by GPUSIM_LAUNCH)
// =============================================================================================

void gpusim::detail::submit_launch(const LaunchRequest &request,
                                   std::shared_ptr<const KernelThunk> thunk) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) {
        record(g_sticky);
        return;
    }
    if (validate_launch(request) != cudaSuccess) return;
    CUstream_st *s = resolve_stream(request.stream);
    if (s == nullptr) {
        bad_stream(request.stream, request.kernel_name);
        return;
    }
    auto grid = std::make_shared<Grid>(Grid{
        request.kernel_name, std::move(thunk), request.grid, request.block, request.dynamic_smem,
        std::vector<detail::PointerArgument>(request.pointers,
                                             request.pointers + request.pointer_count),
        request.argument_text});
    issue(s, [grid] { execute_grid(*grid); }, request.kernel_name);
}

cudaError_t gpusim::detail::copy_symbol(void *symbol, size_t symbol_bytes, void *host,
                                        size_t count, size_t offset, cudaMemcpyKind kind,
                                        bool to_symbol) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    const char *function = to_symbol ? "cudaMemcpyToSymbol" : "cudaMemcpyFromSymbol";
    if (offset > symbol_bytes || count > symbol_bytes - offset)
        return reject(cudaErrorInvalidValue,
                      format("%s: %zu bytes at offset %zu overrun the %zu-byte symbol", function,
                             count, offset, symbol_bytes));
    cudaMemcpyKind expected_host = to_symbol ? cudaMemcpyHostToDevice : cudaMemcpyDeviceToHost;
    if (kind != expected_host && kind != cudaMemcpyDeviceToDevice && kind != cudaMemcpyDefault)
        return reject(cudaErrorInvalidMemcpyDirection,
                      format("%s: %s is not a direction to or from a symbol", function,
                             kind_name(kind)));
    bool other_is_device = kind == cudaMemcpyDeviceToDevice ||
                           (kind == cudaMemcpyDefault && is_device_pointer(host));
    cudaError_t e = check_side(function, to_symbol ? "source" : "destination", host, count,
                               other_is_device, kind);
    if (e != cudaSuccess) return e;
    drain();
    if (g_sticky != cudaSuccess) return record(g_sticky);
    char *at = static_cast<char *>(symbol) + offset;
    if (count) std::memmove(to_symbol ? at : host, to_symbol ? host : at, count);
    return cudaSuccess;
}

// =============================================================================================
// cudart stand-in
// =============================================================================================

extern "C" {

// --- errors -------------------------------------------------------------------------------------

cudaError_t cudaGetLastError(void) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return g_sticky;
    cudaError_t e = tl_last_error;
    tl_last_error = cudaSuccess;
    return e;
}

cudaError_t cudaPeekAtLastError(void) {
    Lock lock(g_lock);
    return g_sticky != cudaSuccess ? g_sticky : tl_last_error;
}

const char *cudaGetErrorName(cudaError_t error) {
    switch (error) {
#define GPUSIM_ERROR_CASE(name) \
    case name: return #name;
        GPUSIM_CUDA_ERRORS(GPUSIM_ERROR_CASE)
#undef GPUSIM_ERROR_CASE
        default: return "cudaErrorUnknown";
    }
}

const char *cudaGetErrorString(cudaError_t error) {
    Lock lock(g_lock);
    const char *text = error_description(error);
    if (text != nullptr) return text;
    const char *name = cudaGetErrorName(error);
    return std::strcmp(name, "cudaErrorUnknown") == 0 && error != cudaErrorUnknown
               ? "unrecognized error code"
               : name;
}

// --- device -------------------------------------------------------------------------------------

cudaError_t cudaGetDeviceCount(int *count) {
    if (count == nullptr) return record(cudaErrorInvalidValue);
    *count = 1;
    return cudaSuccess;
}

cudaError_t cudaSetDevice(int device) {
    return device == 0 ? cudaSuccess
                       : reject(cudaErrorInvalidDevice,
                                format("cudaSetDevice(%d): the simulator has device 0 only",
                                       device));
}

cudaError_t cudaGetDevice(int *device) {
    if (device == nullptr) return record(cudaErrorInvalidValue);
    *device = 0;
    return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp *prop, int device) {
    if (prop == nullptr) return record(cudaErrorInvalidValue);
    if (device != 0) return record(cudaErrorInvalidDevice);
    Lock lock(g_lock);
    std::memset(prop, 0, sizeof *prop);
    std::snprintf(prop->name, sizeof prop->name, "panagan host simulator");
    prop->totalGlobalMem = (size_t)settings().memory_budget;
    prop->sharedMemPerBlock = kDefaultSmemPerBlock;
    prop->sharedMemPerBlockOptin = kOptinSmemPerBlock;
    prop->sharedMemPerMultiprocessor = 233472;
    prop->regsPerBlock = 65536;
    prop->regsPerMultiprocessor = 65536;
    prop->warpSize = 32;
    prop->memPitch = SIZE_MAX;
    prop->maxThreadsPerBlock = kMaxThreadsPerBlock;
    prop->maxThreadsDim[0] = (int)kMaxBlockDimXY;
    prop->maxThreadsDim[1] = (int)kMaxBlockDimXY;
    prop->maxThreadsDim[2] = (int)kMaxBlockDimZ;
    prop->maxGridSize[0] = (int)kMaxGridDimX;
    prop->maxGridSize[1] = (int)kMaxGridDimYZ;
    prop->maxGridSize[2] = (int)kMaxGridDimYZ;
    prop->totalConstMem = 65536;
    prop->major = 9;
    prop->minor = 0;
    prop->textureAlignment = 512;
    prop->multiProcessorCount = multiprocessors();
    prop->maxThreadsPerMultiProcessor = 2048;
    prop->maxBlocksPerMultiProcessor = 32;
    prop->concurrentKernels = 1;
    prop->unifiedAddressing = 1;
    prop->canMapHostMemory = 1;
    prop->l2CacheSize = 50 * 1024 * 1024;
    prop->memoryBusWidth = 5120;
    prop->managedMemory = 0;
    prop->cooperativeLaunch = 0;
    prop->streamPrioritiesSupported = 0;
    return cudaSuccess;
}

cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device) {
    if (value == nullptr) return record(cudaErrorInvalidValue);
    if (device != 0) return record(cudaErrorInvalidDevice);
    Lock lock(g_lock);
    switch (attr) {
        case cudaDevAttrMaxThreadsPerBlock: *value = kMaxThreadsPerBlock; break;
        case cudaDevAttrMaxBlockDimX:
        case cudaDevAttrMaxBlockDimY: *value = (int)kMaxBlockDimXY; break;
        case cudaDevAttrMaxBlockDimZ: *value = (int)kMaxBlockDimZ; break;
        case cudaDevAttrMaxGridDimX: *value = (int)kMaxGridDimX; break;
        case cudaDevAttrMaxGridDimY:
        case cudaDevAttrMaxGridDimZ: *value = (int)kMaxGridDimYZ; break;
        case cudaDevAttrMaxSharedMemoryPerBlock: *value = (int)kDefaultSmemPerBlock; break;
        case cudaDevAttrMaxSharedMemoryPerBlockOptin: *value = (int)kOptinSmemPerBlock; break;
        case cudaDevAttrWarpSize: *value = 32; break;
        case cudaDevAttrMultiProcessorCount: *value = multiprocessors(); break;
        case cudaDevAttrComputeCapabilityMajor: *value = 9; break;
        case cudaDevAttrComputeCapabilityMinor: *value = 0; break;
        case cudaDevAttrMaxThreadsPerMultiProcessor: *value = 2048; break;
        case cudaDevAttrMaxRegistersPerBlock: *value = 65536; break;
        case cudaDevAttrUnifiedAddressing: *value = 1; break;
        case cudaDevAttrConcurrentKernels: *value = 1; break;
        default:
            return reject(cudaErrorInvalidValue,
                          format("cudaDeviceGetAttribute: attribute %d is not simulated",
                                 (int)attr));
    }
    return cudaSuccess;
}

cudaError_t cudaDriverGetVersion(int *version) {
    if (version == nullptr) return record(cudaErrorInvalidValue);
    *version = kRuntimeVersion;
    return cudaSuccess;
}

cudaError_t cudaRuntimeGetVersion(int *version) {
    if (version == nullptr) return record(cudaErrorInvalidValue);
    *version = kRuntimeVersion;
    return cudaSuccess;
}

cudaError_t cudaDeviceSynchronize(void) {
    Lock lock(g_lock);
    cudaError_t e;
    if (refuse_during_capture("cudaDeviceSynchronize", cudaErrorStreamCaptureUnsupported, &e))
        return e;
    drain();
    return record(g_sticky);
}

cudaError_t cudaDeviceReset(void) {
    Lock lock(g_lock);
    drop_queue();
    for (auto &[base, a] : g_allocations) std::free((void *)base);
    g_allocations.clear();
    g_device_bytes = g_pinned_bytes = 0;
    for (CUstream_st *s : g_streams) delete s;
    g_streams.clear();
    for (CUevent_st *e : g_events) delete e;
    g_events.clear();
    for (CUgraph_st *g : g_graphs) delete g;
    g_graphs.clear();
    for (CUgraphExec_st *g : g_graph_execs) delete g;
    g_graph_execs.clear();
    g_captures.clear();
    g_legacy_stream.capture.reset();
    g_per_thread_stream.capture.reset();
    g_max_dynamic_smem.clear();
    g_sticky = cudaSuccess;
    g_fault.clear();
    tl_last_error = cudaSuccess;
    return cudaSuccess;
}

cudaError_t cudaFuncSetAttribute(const void *func, cudaFuncAttribute attr, int value) {
    Lock lock(g_lock);
    if (func == nullptr) return record(cudaErrorInvalidDeviceFunction);
    if (attr == cudaFuncAttributeMaxDynamicSharedMemorySize) {
        if (value < 0 || (size_t)value > kOptinSmemPerBlock)
            return reject(cudaErrorInvalidValue,
                          format("cudaFuncSetAttribute: %d bytes of dynamic shared memory; the "
                                 "limit is %zu",
                                 value, kOptinSmemPerBlock));
        g_max_dynamic_smem[func] = (size_t)value;
        return cudaSuccess;
    }
    if (attr == cudaFuncAttributePreferredSharedMemoryCarveout) return cudaSuccess;
    return reject(cudaErrorInvalidValue,
                  format("cudaFuncSetAttribute: attribute %d is not simulated", (int)attr));
}

cudaError_t cudaLaunchKernel(const void *, dim3, dim3, void **, size_t, cudaStream_t) {
    // Type-erased arguments cannot be passed to a host function: launch with GPUSIM_LAUNCH.
    return reject(cudaErrorNotSupported,
                  "cudaLaunchKernel: the simulator launches only through GPUSIM_LAUNCH");
}

// --- memory -------------------------------------------------------------------------------------

cudaError_t cudaMalloc(void **devPtr, size_t size) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    cudaError_t e;
    if (refuse_during_capture("cudaMalloc", cudaErrorStreamCaptureUnsupported, &e)) return e;
    return allocate(devPtr, size, Kind::device);
}

cudaError_t cudaMallocHost(void **ptr, size_t size) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    return allocate(ptr, size, Kind::pinned);
}

cudaError_t cudaHostAlloc(void **pHost, size_t size, unsigned int flags) {
    (void)flags;  // portable / mapped / write-combined change nothing on the host
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    return allocate(pHost, size, Kind::pinned);
}

cudaError_t cudaFree(void *devPtr) {
    Lock lock(g_lock);
    // Freeing waits for queued work that might still use the memory, as on a GPU.
    if (devPtr != nullptr) drain();
    cudaError_t e = release(devPtr, Kind::device, "cudaFree");
    if (e != cudaSuccess) return e;
    return record(g_sticky);
}

cudaError_t cudaFreeHost(void *ptr) {
    Lock lock(g_lock);
    if (ptr != nullptr) drain();
    cudaError_t e = release(ptr, Kind::pinned, "cudaFreeHost");
    if (e != cudaSuccess) return e;
    return record(g_sticky);
}

cudaError_t cudaMemGetInfo(size_t *free, size_t *total) {
    Lock lock(g_lock);
    if (free == nullptr || total == nullptr) return record(cudaErrorInvalidValue);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    int64_t budget = settings().memory_budget;
    *total = (size_t)budget;
    *free = (size_t)(budget > g_device_bytes ? budget - g_device_bytes : 0);
    return cudaSuccess;
}

cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, cudaMemcpyKind kind) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    cudaError_t e;
    if (refuse_during_capture("cudaMemcpy", cudaErrorStreamCaptureImplicit, &e)) return e;
    if ((e = check_copy("cudaMemcpy", dst, src, count, kind)) != cudaSuccess) return e;
    drain();  // the legacy stream waits for all earlier work
    if (g_sticky != cudaSuccess) return record(g_sticky);
    if (count) std::memmove(dst, src, count);
    return cudaSuccess;
}

cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, cudaMemcpyKind kind,
                            cudaStream_t stream) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    cudaError_t e = check_copy("cudaMemcpyAsync", dst, src, count, kind);
    if (e != cudaSuccess) return e;
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaMemcpyAsync");
    if (count == 0) return cudaSuccess;
    bool capturing = s->capture != nullptr;
    bool deferred = settings().deferred_streams && !capturing;
    if (deferred && kind == cudaMemcpyHostToDevice && !is_pinned_pointer(src)) {
        // Pageable source: cudart stages it before returning, so the caller may reuse it.
        auto staged = std::make_shared<std::vector<char>>((const char *)src,
                                                          (const char *)src + count);
        return issue(s, [dst, staged] { std::memcpy(dst, staged->data(), staged->size()); },
                     "cudaMemcpyAsync");
    }
    uint64_t seq = 0;
    e = issue(s, [dst, src, count] { std::memmove(dst, src, count); }, "cudaMemcpyAsync", &seq);
    if (e != cudaSuccess) return e;
    if (deferred && kind == cudaMemcpyDeviceToHost && !is_pinned_pointer(dst)) {
        // Pageable destination: cudart returns only once the copy is done.
        drain(seq);
        return record(g_sticky);
    }
    return cudaSuccess;
}

cudaError_t cudaMemset(void *devPtr, int value, size_t count) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    cudaError_t e;
    if (refuse_during_capture("cudaMemset", cudaErrorStreamCaptureImplicit, &e)) return e;
    if ((e = check_side("cudaMemset", "destination", devPtr, count, true,
                        cudaMemcpyHostToDevice)) != cudaSuccess)
        return e;
    drain();
    if (g_sticky != cudaSuccess) return record(g_sticky);
    if (count) std::memset(devPtr, value, count);
    return cudaSuccess;
}

cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    cudaError_t e = check_side("cudaMemsetAsync", "destination", devPtr, count, true,
                               cudaMemcpyHostToDevice);
    if (e != cudaSuccess) return e;
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaMemsetAsync");
    if (count == 0) return cudaSuccess;
    return issue(s, [devPtr, value, count] { std::memset(devPtr, value, count); },
                 "cudaMemsetAsync");
}

// --- streams ------------------------------------------------------------------------------------

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *stream, unsigned int flags) {
    if (stream == nullptr) return record(cudaErrorInvalidValue);
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    CUstream_st *s = new CUstream_st{g_next_id++, flags, nullptr};
    g_streams.insert(s);
    *stream = s;
    return cudaSuccess;
}

cudaError_t cudaStreamCreate(cudaStream_t *stream) {
    return cudaStreamCreateWithFlags(stream, cudaStreamDefault);
}

cudaError_t cudaStreamDestroy(cudaStream_t stream) {
    Lock lock(g_lock);
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr || s == &g_legacy_stream || s == &g_per_thread_stream)
        return bad_stream(stream, "cudaStreamDestroy");
    if (s->capture) {
        std::shared_ptr<Capture> c = s->capture;
        invalidate(*c);
        c->members.erase(std::remove(c->members.begin(), c->members.end(), s),
                         c->members.end());
        if (c->origin == s) {
            // Nobody can end this capture any more: release the streams that joined it.
            for (CUstream_st *m : c->members) m->capture.reset();
            g_captures.erase(std::remove(g_captures.begin(), g_captures.end(), c),
                             g_captures.end());
        }
    }
    // Queued work of the stream still runs (it refers to the stream by id only).
    g_streams.erase(s);
    delete s;
    return record(g_sticky);
}

cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
    Lock lock(g_lock);
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaStreamSynchronize");
    if (s->capture) {
        invalidate(*s->capture);
        return reject(cudaErrorStreamCaptureUnsupported,
                      "cudaStreamSynchronize on a capturing stream; the capture is now "
                      "invalidated");
    }
    cudaError_t e;
    if (is_legacy(s) &&
        refuse_during_capture("cudaStreamSynchronize(legacy stream)",
                              cudaErrorStreamCaptureImplicit, &e))
        return e;
    drain(last_seq_of(s));
    return record(g_sticky);
}

cudaError_t cudaStreamQuery(cudaStream_t stream) {
    Lock lock(g_lock);
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaStreamQuery");
    if (s->capture) {
        invalidate(*s->capture);
        return reject(cudaErrorStreamCaptureUnsupported,
                      "cudaStreamQuery on a capturing stream; the capture is now invalidated");
    }
    if (g_sticky != cudaSuccess) return record(g_sticky);
    uint64_t last = last_seq_of(s);
    if (last == 0) return cudaSuccess;
    // Not ready yet; polling must still terminate, so the queue makes progress meanwhile.
    drain(last);
    return cudaErrorNotReady;
}

cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event, unsigned int flags) {
    (void)flags;
    Lock lock(g_lock);
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaStreamWaitEvent");
    if (event == nullptr || !g_events.count(event))
        return reject(cudaErrorInvalidResourceHandle,
                      "cudaStreamWaitEvent: the event was not created here or is destroyed");
    auto captured = event->capture.lock();
    if (captured && !s->capture) {
        // Fork: the waiting stream joins the capture the event was recorded in.
        if (is_legacy(s))
            return reject(cudaErrorStreamCaptureImplicit,
                          "cudaStreamWaitEvent: the legacy stream cannot join a capture");
        s->capture = captured;
        captured->members.push_back(s);
        return cudaSuccess;
    }
    // One FIFO in issue order already runs the event's work before anything issued later.
    return cudaSuccess;
}

// --- events -------------------------------------------------------------------------------------

cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags) {
    if (event == nullptr) return record(cudaErrorInvalidValue);
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    CUevent_st *e = new CUevent_st;
    e->id = g_next_id++;
    e->flags = flags;
    g_events.insert(e);
    *event = e;
    return cudaSuccess;
}

cudaError_t cudaEventCreate(cudaEvent_t *event) {
    return cudaEventCreateWithFlags(event, cudaEventDefault);
}

cudaError_t cudaEventDestroy(cudaEvent_t event) {
    Lock lock(g_lock);
    if (event == nullptr || !g_events.erase(event))
        return reject(cudaErrorInvalidResourceHandle,
                      "cudaEventDestroy: the event was not created here or is destroyed");
    delete event;
    return record(g_sticky);
}

cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
    Lock lock(g_lock);
    if (event == nullptr || !g_events.count(event))
        return reject(cudaErrorInvalidResourceHandle,
                      "cudaEventRecord: the event was not created here or is destroyed");
    if (g_sticky != cudaSuccess) return record(g_sticky);
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaEventRecord");
    if (s->capture) {
        if (s->capture->invalidated) return record(cudaErrorStreamCaptureInvalidated);
        event->capture = s->capture;  // a dependency inside the graph, not a node
        return cudaSuccess;
    }
    event->capture.reset();
    event->recorded = true;
    event->complete = false;
    uint64_t id = event->id;
    uint64_t seq = 0;
    cudaError_t e = issue(
        s,
        [event, id] {
            if (!g_events.count(event) || event->id != id) return;
            event->complete = true;
            event->time_ms = now_ms();
        },
        "cudaEventRecord", &seq);
    event->pending_seq = seq;
    return e;
}

cudaError_t cudaEventQuery(cudaEvent_t event) {
    Lock lock(g_lock);
    if (event == nullptr || !g_events.count(event))
        return reject(cudaErrorInvalidResourceHandle,
                      "cudaEventQuery: the event was not created here or is destroyed");
    if (!event->capture.expired())
        return reject(cudaErrorStreamCaptureUnsupported,
                      "cudaEventQuery on an event recorded in a capture");
    if (g_sticky != cudaSuccess) return record(g_sticky);
    settle(event);
    if (event->complete) return cudaSuccess;
    drain(event->pending_seq);
    return cudaErrorNotReady;
}

cudaError_t cudaEventSynchronize(cudaEvent_t event) {
    Lock lock(g_lock);
    if (event == nullptr || !g_events.count(event))
        return reject(cudaErrorInvalidResourceHandle,
                      "cudaEventSynchronize: the event was not created here or is destroyed");
    if (!event->capture.expired())
        return reject(cudaErrorStreamCaptureUnsupported,
                      "cudaEventSynchronize on an event recorded in a capture");
    if (!event->complete) drain(event->pending_seq);
    settle(event);
    return record(g_sticky);
}

cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end) {
    Lock lock(g_lock);
    if (ms == nullptr) return record(cudaErrorInvalidValue);
    for (cudaEvent_t e : {start, end}) {
        if (e == nullptr || !g_events.count(e))
            return reject(cudaErrorInvalidResourceHandle,
                          "cudaEventElapsedTime: an event was not created here or is destroyed");
        if ((e->flags & cudaEventDisableTiming) || !e->recorded)
            return reject(cudaErrorInvalidResourceHandle,
                          "cudaEventElapsedTime: an event has timing disabled or was never "
                          "recorded");
    }
    if (g_sticky != cudaSuccess) return record(g_sticky);
    settle(start);
    settle(end);
    if (!start->complete || !end->complete) return record(cudaErrorNotReady);
    *ms = (float)(end->time_ms - start->time_ms);
    return cudaSuccess;
}

// --- capture and graphs -----------------------------------------------------------------------

cudaError_t cudaStreamBeginCapture(cudaStream_t stream, cudaStreamCaptureMode mode) {
    Lock lock(g_lock);
    if (g_sticky != cudaSuccess) return record(g_sticky);
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaStreamBeginCapture");
    if (is_legacy(s))
        return reject(cudaErrorStreamCaptureUnsupported,
                      "cudaStreamBeginCapture: the legacy (NULL) stream cannot be captured");
    if (s->capture)
        return reject(cudaErrorIllegalState,
                      "cudaStreamBeginCapture: the stream is already capturing");
    auto c = std::make_shared<Capture>();
    c->mode = mode;
    c->thread = std::this_thread::get_id();
    c->origin = s;
    c->members.push_back(s);
    s->capture = c;
    g_captures.push_back(c);
    return cudaSuccess;
}

cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t *pGraph) {
    Lock lock(g_lock);
    if (pGraph == nullptr) return record(cudaErrorInvalidValue);
    *pGraph = nullptr;
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaStreamEndCapture");
    if (!s->capture)
        return reject(cudaErrorIllegalState, "cudaStreamEndCapture: the stream is not capturing");
    std::shared_ptr<Capture> c = s->capture;
    if (c->origin != s)
        return reject(cudaErrorStreamCaptureUnmatched,
                      "cudaStreamEndCapture on a stream that joined the capture; end it on the "
                      "stream that began it");
    for (CUstream_st *m : c->members) m->capture.reset();
    g_captures.erase(std::remove(g_captures.begin(), g_captures.end(), c), g_captures.end());
    if (c->invalidated)
        return reject(cudaErrorStreamCaptureInvalidated,
                      "cudaStreamEndCapture: the capture was invalidated by an illegal call "
                      "while it was active");
    CUgraph_st *g = new CUgraph_st{std::move(c->nodes)};
    g_graphs.insert(g);
    *pGraph = g;
    return cudaSuccess;
}

cudaError_t cudaStreamIsCapturing(cudaStream_t stream, cudaStreamCaptureStatus *pCaptureStatus) {
    Lock lock(g_lock);
    if (pCaptureStatus == nullptr) return record(cudaErrorInvalidValue);
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaStreamIsCapturing");
    if (is_legacy(s) && restricting_capture() != nullptr)
        return reject(cudaErrorStreamCaptureImplicit,
                      "cudaStreamIsCapturing(legacy stream) while a blocking stream captures");
    *pCaptureStatus = !s->capture ? cudaStreamCaptureStatusNone
                      : s->capture->invalidated ? cudaStreamCaptureStatusInvalidated
                                                : cudaStreamCaptureStatusActive;
    return cudaSuccess;
}

cudaError_t cudaGraphInstantiate(cudaGraphExec_t *pGraphExec, cudaGraph_t graph,
                                 unsigned long long flags) {
    (void)flags;
    Lock lock(g_lock);
    if (pGraphExec == nullptr) return record(cudaErrorInvalidValue);
    if (graph == nullptr || !g_graphs.count(graph))
        return reject(cudaErrorInvalidValue,
                      "cudaGraphInstantiate: the graph was not created here or is destroyed");
    CUgraphExec_st *exec = new CUgraphExec_st{graph->nodes};
    g_graph_execs.insert(exec);
    *pGraphExec = exec;
    return cudaSuccess;
}

cudaError_t cudaGraphLaunch(cudaGraphExec_t graphExec, cudaStream_t stream) {
    Lock lock(g_lock);
    if (graphExec == nullptr || !g_graph_execs.count(graphExec))
        return reject(cudaErrorInvalidResourceHandle,
                      "cudaGraphLaunch: the executable graph was not created here or is "
                      "destroyed");
    if (g_sticky != cudaSuccess) return record(g_sticky);
    CUstream_st *s = resolve_stream(stream);
    if (s == nullptr) return bad_stream(stream, "cudaGraphLaunch");
    for (const auto &node : graphExec->nodes) {
        cudaError_t e = issue(s, node, "cudaGraphLaunch");
        if (e != cudaSuccess) return e;
    }
    return cudaSuccess;
}

cudaError_t cudaGraphExecDestroy(cudaGraphExec_t graphExec) {
    Lock lock(g_lock);
    if (graphExec == nullptr || !g_graph_execs.erase(graphExec))
        return record(cudaErrorInvalidValue);
    delete graphExec;
    return cudaSuccess;
}

cudaError_t cudaGraphDestroy(cudaGraph_t graph) {
    Lock lock(g_lock);
    if (graph == nullptr || !g_graphs.erase(graph)) return record(cudaErrorInvalidValue);
    delete graph;
    return cudaSuccess;
}

// =============================================================================================
// gpusim_control.h
// =============================================================================================

int64_t gpusim_live_allocations(void) {
    Lock lock(g_lock);
    return (int64_t)g_allocations.size();
}

int64_t gpusim_live_bytes(void) {
    Lock lock(g_lock);
    return g_device_bytes + g_pinned_bytes;
}

void gpusim_fail_allocation_after(int64_t k) {
    Lock lock(g_lock);
    g_fail_countdown = k < 0 ? -1 : (k == 0 ? 1 : k);
}

void gpusim_set_memory_budget(int64_t bytes) {
    Lock lock(g_lock);
    settings().memory_budget = bytes < 0 ? 0 : bytes;
}

const char *gpusim_last_fault(void) {
    Lock lock(g_lock);
    return g_fault.c_str();
}

void gpusim_clear_fault(void) {
    Lock lock(g_lock);
    g_sticky = cudaSuccess;
    g_fault.clear();
    tl_last_error = cudaSuccess;
}

int gpusim_set_option(const char *name, const char *value) {
    if (name == nullptr || value == nullptr) return -1;
    Lock lock(g_lock);
    Settings updated = settings();
    if (!set_option(updated, name, value)) return -1;
    if (settings().deferred_streams && !updated.deferred_streams) drain();
    settings() = updated;
    return 0;
}

int64_t gpusim_launch_count(void) {
    Lock lock(g_lock);
    return g_launches;
}

const char *gpusim_last_error_detail(void) { return tl_detail.c_str(); }

}  // extern "C"
