/*
 * test_sim.cpp: the host simulator's own test driver (build/test_sim, build/test_sim_asan).
 *
 *   test_sim             runs every check; prints PASS/FAIL/SKIP per check and a summary line
 *                        "sim tests: N passed, M failed"; exits non-zero on any failure
 *   test_sim --bench     measures barrier, shuffle and launch costs and tiled-SGEMM GFLOP/s
 *
 * Child modes, used by the checks themselves (the parent re-executes this binary):
 *   --planted-oob        runs planted_oob.cu, which reads one float past a cudaMalloc'd buffer
 *   --abort-on-fault     runs a divergent barrier with GPUSIM_ON_FAULT=abort
 *
 * Numerical checks use fresh random inputs each run; a failure prints the seed (set
 * GPUSIM_TEST_SEED to replay it), the first bad index and the error.
 */
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdarg>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <cuda_runtime_api.h>

#include "gpusim/gpusim_control.h"
#include "sim_kernels.h"
#include "test_kernels.h"

namespace {

// ---------------------------------------------------------------------------------------------
// A minimal harness
// ---------------------------------------------------------------------------------------------

int g_passed = 0, g_failed = 0;
uint64_t g_seed = 0;

void check(bool ok, const std::string &name, const std::string &detail = "") {
    if (ok) {
        g_passed++;
        std::printf("PASS %s\n", name.c_str());
    } else {
        g_failed++;
        std::printf("FAIL %s%s%s (seed %llu)\n", name.c_str(), detail.empty() ? "" : ": ",
                    detail.c_str(), (unsigned long long)g_seed);
    }
    std::fflush(stdout);
}

void skip(const std::string &name, const std::string &reason) {
    std::printf("SKIP %s: %s\n", name.c_str(), reason.c_str());
}

std::string fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *format, ...) {
    char buffer[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return buffer;
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

std::mt19937_64 &rng() {
    static std::mt19937_64 engine(g_seed);
    return engine;
}

std::vector<float> random_floats(size_t n, float lo = -1.0f, float hi = 1.0f) {
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(n);
    for (float &x : v) x = dist(rng());
    return v;
}

// Device buffer that frees itself; the tests count on allocations returning to zero.
template <class T>
struct DeviceBuffer {
    T *ptr = nullptr;
    size_t count = 0;
    explicit DeviceBuffer(size_t n) : count(n) {
        if (cudaMalloc((void **)&ptr, n * sizeof(T)) != cudaSuccess) ptr = nullptr;
    }
    DeviceBuffer(const DeviceBuffer &) = delete;
    DeviceBuffer &operator=(const DeviceBuffer &) = delete;
    ~DeviceBuffer() { cudaFree(ptr); }
    void upload(const std::vector<T> &host) {
        cudaMemcpy(ptr, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice);
    }
    std::vector<T> download() const {
        std::vector<T> host(count);
        cudaMemcpy(host.data(), ptr, count * sizeof(T), cudaMemcpyDeviceToHost);
        return host;
    }
};

bool same_bits_or_nan(float a, float b) {
    return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0;
}

// The fault of the last launch: the sticky error and its message; clears both.
std::string take_fault(cudaError_t *error_out) {
    *error_out = cudaDeviceSynchronize();
    std::string message = gpusim_last_fault();
    gpusim_clear_fault();
    return message;
}

// Runs this binary again with `flag`, capturing its stderr; returns the wait status.
int run_child(const char *flag, std::string &stderr_text) {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        execl("/proc/self/exe", "test_sim", flag, (char *)nullptr);
        _exit(127);
    }
    close(fds[1]);
    char buffer[4096];
    ssize_t got;
    while ((got = read(fds[0], buffer, sizeof buffer)) > 0) stderr_text.append(buffer, (size_t)got);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif

// ---------------------------------------------------------------------------------------------
// Numerics
// ---------------------------------------------------------------------------------------------

// C = alpha A B + beta C against a double loop; beta == 0 with C poisoned must not read C.
bool sgemm_case(int m, int n, int k, float alpha, float beta, std::string &detail) {
    std::vector<float> a = random_floats((size_t)m * k), b = random_floats((size_t)k * n);
    std::vector<float> c0 = random_floats((size_t)m * n);
    DeviceBuffer<float> da(a.size()), db(b.size()), dc(c0.size());
    da.upload(a);
    db.upload(b);
    if (beta != 0.0f) dc.upload(c0);  // else dc keeps its fresh NaN fill
    simtest::sgemm_tiled(m, n, k, alpha, da.ptr, db.ptr, beta, dc.ptr, nullptr);
    cudaError_t e = cudaGetLastError();
    if (e != cudaSuccess) {
        detail = cudaGetErrorName(e);
        return false;
    }
    std::vector<float> c = dc.download();
    double max_err = 0;
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            double ref = 0, mag = 0;
            for (int kk = 0; kk < k; kk++) {
                ref += (double)a[(size_t)i * k + kk] * b[(size_t)kk * n + j];
                mag += std::fabs((double)a[(size_t)i * k + kk] * b[(size_t)kk * n + j]);
            }
            double prior = beta != 0.0f ? (double)beta * c0[(size_t)i * n + j] : 0.0;
            ref = alpha * ref + prior;
            double got = c[(size_t)i * n + j];
            double err = std::fabs(got - ref);
            double tol = 2e-6 * k * (std::fabs(alpha) * mag + std::fabs(prior)) + 1e-6;
            if (!(err <= tol)) {
                detail = fmt("first bad C[%d,%d]: got %.9g, want %.9g (err %.3g, tol %.3g)", i,
                             j, got, ref, err, tol);
                return false;
            }
            if (err > max_err) max_err = err;
        }
    }
    detail = fmt("max abs err %.3g", max_err);
    return true;
}

void test_sgemm() {
    const int sizes[][3] = {{67, 45, 53}, {1, 1, 1}, {33, 31, 65}, {32, 32, 32}, {100, 7, 129}};
    for (const auto &s : sizes) {
        std::string detail;
        bool ok = sgemm_case(s[0], s[1], s[2], 1.5f, 0.5f, detail);
        check(ok, fmt("sgemm_tiled %dx%dx%d alpha=1.5 beta=0.5", s[0], s[1], s[2]), detail);
    }
    std::string detail;
    bool ok = sgemm_case(45, 67, 37, 1.0f, 0.0f, detail);
    check(ok, "sgemm_tiled 45x67x37 beta=0 over NaN-poisoned C", detail);
}

void test_dynamic_shared_memory() {
    for (int threads : {128, 96, 1}) {
        int n = 1000;
        std::vector<float> in = random_floats((size_t)n);
        DeviceBuffer<float> din((size_t)n), dout((size_t)n);
        din.upload(in);
        simtest::reverse_blocks(din.ptr, dout.ptr, n, threads, (size_t)threads * sizeof(float),
                                nullptr);
        cudaError_t e = cudaGetLastError();
        std::vector<float> out = dout.download();
        int bad = -1;
        for (int i = 0; i < n && bad < 0; i++) {
            int start = i / threads * threads, len = std::min(threads, n - start);
            if (out[(size_t)i] != in[(size_t)(start + len - 1 - (i - start))]) bad = i;
        }
        check(e == cudaSuccess && bad < 0,
              fmt("dynamic shared memory: block reversal n=%d threads=%d", n, threads),
              fmt("%s, first bad index %d", cudaGetErrorName(e), bad));
    }
}

void test_large_dynamic_shared_memory() {
    int n = 256;
    size_t smem = 64 * 1024;
    DeviceBuffer<float> din((size_t)n), dout((size_t)n);
    std::vector<float> in = random_floats((size_t)n);
    din.upload(in);
    simtest::reverse_blocks(din.ptr, dout.ptr, n, 256, smem, nullptr);
    cudaError_t refused = cudaGetLastError();
    cudaError_t set = cudaFuncSetAttribute(simtest::reverse_blocks_kernel_address(),
                                           cudaFuncAttributeMaxDynamicSharedMemorySize,
                                           (int)smem);
    simtest::reverse_blocks(din.ptr, dout.ptr, n, 256, smem, nullptr);
    cudaError_t accepted = cudaGetLastError();
    std::vector<float> out = dout.download();
    check(refused == cudaErrorInvalidValue && set == cudaSuccess && accepted == cudaSuccess &&
              out[0] == in[255],
          "64 KiB dynamic shared memory: refused without the attribute, runs with it",
          fmt("without %s, attribute %s, with %s", cudaGetErrorName(refused),
              cudaGetErrorName(set), cudaGetErrorName(accepted)));
}

void test_block_reduction() {
    const int cases[][3] = {{10007, 7, 256}, {4096, 1, 1024}, {999, 3, 96}, {50, 2, 33}};
    for (const auto &c : cases) {
        int n = c[0], blocks = c[1], threads = c[2];
        std::vector<float> in = random_floats((size_t)n);
        DeviceBuffer<float> din((size_t)n), dpart((size_t)blocks);
        din.upload(in);
        simtest::block_sum(din.ptr, dpart.ptr, n, blocks, threads, nullptr);
        cudaError_t e = cudaGetLastError();
        std::vector<float> part = dpart.download();
        double got = 0, ref = 0, mag = 0;
        for (float p : part) got += p;
        for (float x : in) ref += x, mag += std::fabs(x);
        double tol = 1e-6 * mag + 1e-6;
        check(e == cudaSuccess && std::fabs(got - ref) <= tol,
              fmt("block reduction (shuffles + shared tree) n=%d blocks=%d threads=%d", n, blocks,
                  threads),
              fmt("%s: got %.9g want %.9g tol %.3g", cudaGetErrorName(e), got, ref, tol));
    }
}

// ---------------------------------------------------------------------------------------------
// Warp semantics, against a reference written from the CUDA programming guide: lanes form
// segments of `width`; up/down never leave their segment (they return the caller's own value
// instead); xor may read an earlier segment but returns the caller's own value for a later one;
// a lane outside the participating set yields an undefined value, which the simulator makes NaN
// (-1 as an int). Lanes past the end of a partial warp do not participate.
// ---------------------------------------------------------------------------------------------

float nan_value() { return std::nanf(""); }

void test_warp_semantics(int threads) {
    std::vector<float> in((size_t)threads);
    for (int t = 0; t < threads; t++) in[(size_t)t] = 1.0f + 0.5f * (float)t;
    DeviceBuffer<float> din((size_t)threads), dout((size_t)threads * simtest::kWarpCases);
    DeviceBuffer<unsigned> dbits((size_t)threads * 4);
    din.upload(in);
    simtest::warp_semantics(din.ptr, dout.ptr, dbits.ptr, threads, nullptr);
    cudaError_t e = cudaGetLastError();
    std::vector<float> out = dout.download();
    std::vector<unsigned> bits = dbits.download();

    int mismatches = 0;
    std::string first;
    auto expect = [&](int t, int c, float want) {
        float got = out[(size_t)t * simtest::kWarpCases + c];
        if (!same_bits_or_nan(got, want)) {
            if (mismatches++ == 0)
                first = fmt("thread %d case %d: got %g want %g", t, c, got, want);
        }
    };
    auto expect_bits = [&](int t, int c, unsigned want) {
        unsigned got = bits[(size_t)t * 4 + c];
        if (got != want) {
            if (mismatches++ == 0)
                first = fmt("thread %d bits %d: got 0x%08x want 0x%08x", t, c, got, want);
        }
    };
    for (int t = 0; t < threads; t++) {
        int warp = t / 32, lane = t % 32, live = std::min(32, threads - 32 * warp);
        auto value = [&](int j) { return j < live ? in[(size_t)(32 * warp + j)] : nan_value(); };
        auto idx = [&](int src, int width) {
            return value((lane & ~(width - 1)) + (src & (width - 1)));
        };
        auto up = [&](int d, int width) {
            int j = lane - d;
            return value(j >= (lane & ~(width - 1)) ? j : lane);
        };
        auto down = [&](int d, int width) {
            int j = lane + d;
            return value(j < (lane & ~(width - 1)) + width ? j : lane);
        };
        auto bfly = [&](int m, int width) {
            int j = lane ^ m;
            return value(j < (lane & ~(width - 1)) + width ? j : lane);
        };
        expect(t, 0, idx(5, 32));
        expect(t, 1, up(3, 8));
        expect(t, 2, down(5, 8));
        expect(t, 3, bfly(9, 8));
        expect(t, 4, bfly(16, 32));
        expect(t, 5, idx(lane + 1, 16));
        // 16-lane butterfly sum in each half, emulated step by step in float.
        int half = lane & 16;
        float s[32];
        for (int j = 0; j < 32; j++) s[j] = value(j);
        for (int offset = 8; offset > 0; offset /= 2) {
            float next[32];
            for (int j = 0; j < 32; j++) next[j] = s[j] + s[j ^ offset];
            std::memcpy(s, next, sizeof s);
        }
        (void)half;
        expect(t, 6, s[lane]);
        expect(t, 7, down(1, 32));
        expect(t, 8, up(1, 32));
        expect(t, 9, value(31));
        expect(t, 10, 7 < live ? 1.0f : 0.0f);
        expect(t, 11, 1.0f);
        expect(t, 12, 3 < live ? 0.0f : 1.0f);
        expect(t, 13, (float)(live * (live - 1) / 2));
        int partner = lane ^ 1;
        expect(t, 14, partner < live ? 2.0f * value(partner) : nan_value());
        int src8 = (lane & ~7) + 3;
        expect(t, 15, src8 < live ? (float)(int)value(src8) : -1.0f);

        unsigned live_mask = live == 32 ? 0xffffffffu : (1u << live) - 1;
        unsigned every_third = 0, odd_in_half = 0;
        for (int j = 0; j < live; j++) {
            if (j % 3 == 0) every_third |= 1u << j;
            if ((j & 16) == half && (j & 1)) odd_in_half |= 1u << j;
        }
        expect_bits(t, 0, every_third);
        expect_bits(t, 1, odd_in_half);
        expect_bits(t, 2, live_mask);
        expect_bits(t, 3, live >= 8 ? 0xffu : (1u << live) - 1);
    }
    check(e == cudaSuccess && mismatches == 0,
          fmt("warp collectives: shfl idx/up/down/xor with widths 8/16/32, ballot, any, all, "
              "reduce, activemask, %d threads",
              threads),
          fmt("%s, %d mismatches, first: %s", cudaGetErrorName(e), mismatches, first.c_str()));
}

void test_barrier_votes() {
    DeviceBuffer<int> dout(4);
    simtest::barrier_votes(dout.ptr, 64, 10, nullptr);
    std::vector<int> a = dout.download();
    simtest::barrier_votes(dout.ptr, 48, 48, nullptr);
    std::vector<int> b = dout.download();
    check(a[0] == 10 && a[1] == 0 && a[2] == 1 && a[3] == 1 && b[0] == 48 && b[1] == 1 &&
              b[2] == 1,
          "__syncthreads_count/and/or",
          fmt("got (%d,%d,%d,%d) and (%d,%d,%d)", a[0], a[1], a[2], a[3], b[0], b[1], b[2]));
}

void test_atomics() {
    const int blocks = 37, threads = 96, total = blocks * threads;
    DeviceBuffer<int> ints(9);
    DeviceBuffer<unsigned> uints(1);
    DeviceBuffer<unsigned long long> u64(1);
    DeviceBuffer<float> floats(1);
    DeviceBuffer<double> doubles(1);
    ints.upload({0, 0, -1, 1 << 30, 0, 0, -1, 0, 0});
    uints.upload({0});
    u64.upload({0});
    floats.upload({0.0f});
    doubles.upload({0.0});
    simtest::atomics(ints.ptr, uints.ptr, u64.ptr, floats.ptr, doubles.ptr, blocks, threads,
                     nullptr);
    cudaError_t e = cudaGetLastError();
    std::vector<int> i = ints.download();
    unsigned u = uints.download()[0];
    unsigned long long big = u64.download()[0];
    float f = floats.download()[0];
    double d = doubles.download()[0];
    int or_bits = 0;
    for (int id = 0; id < total && id < 31; id++) or_bits |= 1 << id;
    bool ok = e == cudaSuccess && i[0] == total && i[1] == -total && i[2] == total - 1 &&
              i[3] == 0 && i[4] == total && i[5] == or_bits && i[6] == (-1 & ~or_bits) &&
              i[7] == 0 && i[8] == 7 && u == 3u * total &&
              big == (unsigned long long)total << 33 && f == 0.5f * total && d == 0.25 * total;
    check(ok, fmt("atomics from %d blocks x %d threads (int/unsigned/u64/float/double)", blocks,
                  threads),
          fmt("%s add=%d sub=%d max=%d min=%d cas=%d or=%x and=%x xor=%d exch=%d u=%u f=%g d=%g",
              cudaGetErrorName(e), i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], i[8], u, f, d));
}

// ---------------------------------------------------------------------------------------------
// Misuse diagnostics
// ---------------------------------------------------------------------------------------------

void expect_fault(const std::string &name, const std::function<void(int *)> &launch,
                  const std::vector<std::string> &parts) {
    DeviceBuffer<int> out(1024);
    launch(out.ptr);
    cudaError_t e;
    std::string message = take_fault(&e);
    bool ok = e == cudaErrorLaunchFailure;
    for (const std::string &p : parts) ok = ok && contains(message, p);
    // The sticky error is gone and the simulator works again.
    DeviceBuffer<int> votes(4);
    simtest::barrier_votes(votes.ptr, 32, 3, nullptr);
    ok = ok && cudaGetLastError() == cudaSuccess && votes.download()[0] == 3;
    check(ok, name, fmt("%s: \"%s\"", cudaGetErrorName(e), message.c_str()));
}

void test_misuse() {
    expect_fault("divergent barrier is a launch failure naming both call sites",
                 [](int *out) { simtest::divergent_barrier(out, 64, nullptr); },
                 {"divergent_barrier_kernel", "divergent barrier", "block (0,0,0)",
                  "wait at __syncthreads() (test/sim_kernels.cu:",
                  "reached __syncthreads() at test/sim_kernels.cu:"});
    expect_fault("early return before a barrier is a launch failure",
                 [](int *out) { simtest::early_return_barrier(out, 64, nullptr); },
                 {"early_return_barrier_kernel", "returned", "sim_kernels.cu:"});
    expect_fault("shuffle mask without the caller is a launch failure",
                 [](int *out) { simtest::shuffle_without_caller(out, nullptr); },
                 {"shuffle_without_caller_kernel", "does not include the calling lane 0",
                  "sim_kernels.cu:"});
    expect_fault("half a warp in __syncthreads, half in __syncwarp: deadlock reported",
                 [](int *out) { simtest::barrier_warp_deadlock(out, nullptr); },
                 {"deadlock", "threads 0-15 wait at __syncthreads()",
                  "threads 16-31 wait at __syncwarp(mask 0xffffffff)"});
    expect_fault("different collectives under one mask are a launch failure",
                 [](int *out) { simtest::mismatched_collectives(out, nullptr); },
                 {"mismatched warp collectives", "__shfl_sync", "__ballot_sync"});
    expect_fault("__trap() is a launch failure naming the thread",
                 [](int *out) { simtest::trap_kernel(out, nullptr); },
                 {"__trap()", "thread 3 (3,0,0)"});
}

void test_sticky_fault_blocks_later_work() {
    DeviceBuffer<int> out(64);
    simtest::divergent_barrier(out.ptr, 64, nullptr);
    cudaError_t launch = cudaDeviceSynchronize();
    void *p = nullptr;
    cudaError_t malloc_after = cudaMalloc(&p, 16);
    cudaError_t again = cudaGetLastError();
    bool has_message = gpusim_last_fault()[0] != '\0';
    // cudaGetErrorString carries the reason, so a launcher's error text names it.
    bool string_names_it =
        contains(cudaGetErrorString(cudaErrorLaunchFailure), "divergent barrier");
    gpusim_clear_fault();
    check(launch == cudaErrorLaunchFailure && malloc_after == cudaErrorLaunchFailure &&
              again == cudaErrorLaunchFailure && has_message && string_names_it && p == nullptr,
          "a fault is sticky: later calls fail until cleared",
          fmt("launch %s, malloc %s, again %s", cudaGetErrorName(launch),
              cudaGetErrorName(malloc_after), cudaGetErrorName(again)));
}

void test_exited_lanes_and_spin_wait() {
    DeviceBuffer<int> out(64);
    simtest::exited_lanes(out.ptr, nullptr);
    cudaError_t e = cudaDeviceSynchronize();
    std::vector<int> got = out.download();
    int bad = -1;
    for (int l = 0; l < 20 && bad < 0; l++) {
        int want = l + 1 < 20 ? 2 * (l + 1) : -1;
        if (got[(size_t)l] != want || got[(size_t)(32 + l)] != 0xfffff) bad = l;
    }
    check(e == cudaSuccess && bad < 0,
          "exited lanes leave warp collectives; reading one yields the undefined value",
          fmt("%s, first bad lane %d", cudaGetErrorName(e), bad));

    DeviceBuffer<int> flag(1);
    simtest::spin_wait(flag.ptr, nullptr);
    e = cudaDeviceSynchronize();
    check(e == cudaSuccess && flag.download()[0] == 42,
          "a spin-wait with __nanosleep lets the other threads of the block run",
          cudaGetErrorName(e));

    gpusim_set_option("strict", "0");
    DeviceBuffer<int> ones(64);
    cudaMemset(ones.ptr, 0, 64 * sizeof(int));
    simtest::early_return_barrier(ones.ptr, 64, nullptr);
    e = cudaDeviceSynchronize();
    gpusim_set_option("strict", "1");
    std::vector<int> o = ones.download();
    int sum = 0;
    for (int v : o) sum += v;
    check(e == cudaSuccess && sum == 63 && o[5] == 0,
          "GPUSIM_STRICT=0: a barrier completes without the threads that returned (as NVIDIA)",
          fmt("%s, %d threads passed the barrier", cudaGetErrorName(e), sum));
}

void test_abort_mode() {
    std::string err;
    int status = run_child("--abort-on-fault", err);
    check(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT &&
              contains(err, "divergent barrier") && contains(err, "sim_kernels.cu:"),
          "GPUSIM_ON_FAULT=abort prints the fault and aborts",
          fmt("status 0x%x, stderr: %s", status, err.c_str()));
}

// ---------------------------------------------------------------------------------------------
// Launch configuration and memory rules
// ---------------------------------------------------------------------------------------------

void test_launch_config() {
    DeviceBuffer<int> out(2048);
    simtest::barrier_loop(out.ptr, 2048, 1, nullptr);
    cudaError_t too_many = cudaGetLastError();
    simtest::empty_kernel(out.ptr, 0, 32, nullptr);
    cudaError_t zero_grid = cudaGetLastError();
    simtest::empty_kernel(out.ptr, 1, 0, nullptr);
    cudaError_t zero_block = cudaGetLastError();
    simtest::empty_kernel(out.ptr, 3, 1024, nullptr);
    cudaError_t fine = cudaGetLastError();
    check(too_many == cudaErrorInvalidConfiguration && zero_grid == cudaErrorInvalidConfiguration &&
              zero_block == cudaErrorInvalidConfiguration && fine == cudaSuccess,
          "launch configuration: 2048 threads, zero grid, zero block refused; 1024 accepted",
          fmt("%s %s %s %s", cudaGetErrorName(too_many), cudaGetErrorName(zero_grid),
              cudaGetErrorName(zero_block), cudaGetErrorName(fine)));
}

void test_pointer_arguments() {
    int n = 100;
    DeviceBuffer<float> x((size_t)n), y((size_t)n);
    std::vector<float> pageable((size_t)n, 1.0f);
    simtest::scale(pageable.data(), y.ptr, n, 2.0f, nullptr, nullptr);
    cudaError_t rejected = cudaGetLastError();
    std::string detail = gpusim_last_error_detail();
    x.upload(pageable);
    simtest::scale(x.ptr, y.ptr, n, 2.0f, nullptr, nullptr);
    cudaError_t null_ok = cudaGetLastError();
    float *pinned = nullptr;
    cudaMallocHost((void **)&pinned, (size_t)n * sizeof(float));
    for (int i = 0; i < n; i++) pinned[i] = (float)i;
    simtest::scale(pinned, y.ptr, n, 3.0f, x.ptr, nullptr);
    cudaError_t pinned_ok = cudaGetLastError();
    std::vector<float> out = y.download();
    cudaFreeHost(pinned);
    check(rejected == cudaErrorInvalidValue && contains(detail, "argument 0 'x'") &&
              contains(detail, "scale_kernel") && null_ok == cudaSuccess &&
              pinned_ok == cudaSuccess && out[7] == 7.0f * 3.0f + 1.0f,
          "kernel pointer arguments: pageable refused naming it; NULL and pinned accepted",
          fmt("%s \"%s\", %s, %s, y[7]=%g", cudaGetErrorName(rejected), detail.c_str(),
              cudaGetErrorName(null_ok), cudaGetErrorName(pinned_ok), out[7]));
}

void test_constant_symbols() {
    const float c[4] = {1.0f, 2.0f, 0.5f, -1.0f};
    cudaError_t set = simtest::set_polynomial(c);
    cudaError_t overrun = simtest::set_polynomial_overrun(c);
    cudaGetLastError();
    DeviceBuffer<float> x(5), y(5);
    x.upload({0.0f, 1.0f, 2.0f, -1.0f, 0.5f});
    simtest::polynomial_eval(x.ptr, y.ptr, 5, nullptr);
    std::vector<float> got = y.download();
    bool ok = set == cudaSuccess && overrun == cudaErrorInvalidValue;
    const float xs[5] = {0.0f, 1.0f, 2.0f, -1.0f, 0.5f};
    for (int i = 0; i < 5; i++) {
        float v = xs[i];
        ok = ok && std::fabs(got[(size_t)i] - (1.0f + 2.0f * v + 0.5f * v * v - v * v * v)) < 1e-6f;
    }
    check(ok, "__constant__ memory through cudaMemcpyToSymbol, overrun refused",
          fmt("set %s overrun %s y[2]=%g", cudaGetErrorName(set), cudaGetErrorName(overrun),
              got[2]));
}

void test_memory_rules() {
    int64_t allocations = gpusim_live_allocations(), bytes = gpusim_live_bytes();
    void *d = nullptr;
    cudaMalloc(&d, 1000);
    std::vector<char> host(2000, 1);
    bool fresh_is_nan = false;
    {
        float first;
        cudaMemcpy(&first, d, sizeof first, cudaMemcpyDeviceToHost);
        fresh_is_nan = std::isnan(first);
    }
    bool aligned = ((uintptr_t)d % 256) == 0;
    cudaError_t past_end = cudaMemcpy(d, host.data(), 1001, cudaMemcpyHostToDevice);
    cudaError_t offset_past_end =
        cudaMemcpy((char *)d + 500, host.data(), 501, cudaMemcpyHostToDevice);
    cudaError_t exact = cudaMemcpy((char *)d + 500, host.data(), 500, cudaMemcpyHostToDevice);
    cudaError_t swapped = cudaMemcpy(host.data(), d, 100, cudaMemcpyHostToDevice);
    cudaError_t memset_past = cudaMemset(d, 0, 1001);
    cudaError_t defaulted = cudaMemcpy(host.data(), d, 1000, cudaMemcpyDefault);
    int64_t live = gpusim_live_allocations() - allocations;
    int64_t live_bytes = gpusim_live_bytes() - bytes;
    cudaError_t first_free = cudaFree(d);
    cudaError_t double_free = cudaFree(d);
    cudaError_t last = cudaGetLastError();
    check(fresh_is_nan && aligned && past_end == cudaErrorInvalidValue &&
              offset_past_end == cudaErrorInvalidValue && exact == cudaSuccess &&
              swapped == cudaErrorInvalidValue && memset_past == cudaErrorInvalidValue &&
              defaulted == cudaSuccess && live == 1 && live_bytes == 1000 &&
              first_free == cudaSuccess && double_free == cudaErrorInvalidValue &&
              last == cudaErrorInvalidValue && gpusim_live_allocations() == allocations,
          "memory: NaN fill, 256-byte alignment, copy/memset ranges, swapped kind, double free",
          fmt("nan %d aligned %d past %s offset %s exact %s swapped %s memset %s default %s live "
              "%lld/%lld free %s double %s",
              fresh_is_nan, aligned, cudaGetErrorName(past_end),
              cudaGetErrorName(offset_past_end), cudaGetErrorName(exact),
              cudaGetErrorName(swapped), cudaGetErrorName(memset_past),
              cudaGetErrorName(defaulted), (long long)live, (long long)live_bytes,
              cudaGetErrorName(first_free), cudaGetErrorName(double_free)));
}

void test_allocation_control() {
    int64_t base = gpusim_live_allocations();
    gpusim_fail_allocation_after(2);
    void *a = nullptr, *b = nullptr, *c = nullptr, *h = nullptr;
    cudaError_t ea = cudaMalloc(&a, 64);
    cudaError_t eb = cudaMalloc(&b, 64);
    cudaError_t ec = cudaMalloc(&c, 64);
    cudaGetLastError();
    gpusim_fail_allocation_after(1);
    cudaError_t eh = cudaMallocHost(&h, 64);
    cudaGetLastError();
    int64_t live = gpusim_live_allocations() - base;
    cudaFree(a);
    cudaFree(c);
    check(ea == cudaSuccess && eb == cudaErrorMemoryAllocation && b == nullptr &&
              ec == cudaSuccess && eh == cudaErrorMemoryAllocation && live == 2 &&
              gpusim_live_allocations() == base,
          "gpusim_fail_allocation_after and gpusim_live_allocations",
          fmt("%s %s %s host %s live %lld", cudaGetErrorName(ea), cudaGetErrorName(eb),
              cudaGetErrorName(ec), cudaGetErrorName(eh), (long long)live));

    size_t free_before = 0, total = 0;
    cudaMemGetInfo(&free_before, &total);
    gpusim_set_memory_budget(1 << 20);
    void *big = nullptr, *small = nullptr;
    cudaError_t over = cudaMalloc(&big, (1 << 20) + 1);
    cudaGetLastError();
    cudaError_t under = cudaMalloc(&small, 1000);
    size_t free_now = 0, total_now = 0;
    cudaMemGetInfo(&free_now, &total_now);
    cudaFree(small);
    gpusim_set_memory_budget((int64_t)total);
    check(over == cudaErrorMemoryAllocation && under == cudaSuccess && total_now == (1 << 20) &&
              free_now == (1 << 20) - 1000,
          "gpusim_set_memory_budget limits cudaMalloc and cudaMemGetInfo",
          fmt("over %s under %s free %zu total %zu", cudaGetErrorName(over),
              cudaGetErrorName(under), free_now, total_now));
}

// ---------------------------------------------------------------------------------------------
// Streams, events, capture
// ---------------------------------------------------------------------------------------------

void test_deferred_streams() {
    gpusim_set_option("streams", "deferred");
    int n = 300;
    cudaStream_t stream;
    cudaStreamCreate(&stream);
    float *pinned_in = nullptr, *pinned_out = nullptr;
    cudaMallocHost((void **)&pinned_in, (size_t)n * sizeof(float));
    cudaMallocHost((void **)&pinned_out, (size_t)n * sizeof(float));
    for (int i = 0; i < n; i++) pinned_in[i] = (float)i, pinned_out[i] = -1.0f;
    DeviceBuffer<float> x((size_t)n), y((size_t)n);
    cudaEvent_t done;
    cudaEventCreate(&done);
    int64_t launches = gpusim_launch_count();
    cudaMemcpyAsync(x.ptr, pinned_in, (size_t)n * sizeof(float), cudaMemcpyHostToDevice, stream);
    simtest::scale(x.ptr, y.ptr, n, 2.0f, nullptr, stream);
    cudaMemcpyAsync(pinned_out, y.ptr, (size_t)n * sizeof(float), cudaMemcpyDeviceToHost, stream);
    cudaEventRecord(done, stream);
    bool stale = pinned_out[5] == -1.0f && gpusim_launch_count() == launches;
    cudaError_t event_query = cudaEventQuery(done);
    cudaError_t query = cudaStreamQuery(stream);
    cudaError_t sync = cudaStreamSynchronize(stream);
    bool fresh = pinned_out[5] == 10.0f && pinned_out[n - 1] == 2.0f * (float)(n - 1);
    cudaError_t query_after = cudaStreamQuery(stream);
    cudaError_t event_after = cudaEventQuery(done);

    // A pageable source is staged at the call, so overwriting it afterwards changes nothing.
    std::vector<float> pageable((size_t)n, 4.0f);
    cudaMemcpyAsync(x.ptr, pageable.data(), (size_t)n * sizeof(float), cudaMemcpyHostToDevice,
                    stream);
    pageable.assign((size_t)n, 9.0f);
    cudaStreamSynchronize(stream);
    std::vector<float> staged = x.download();

    cudaEventDestroy(done);
    cudaStreamDestroy(stream);
    cudaFreeHost(pinned_in);
    cudaFreeHost(pinned_out);
    gpusim_set_option("streams", "sync");
    check(stale && event_query == cudaErrorNotReady && sync == cudaSuccess && fresh &&
              query_after == cudaSuccess && event_after == cudaSuccess && staged[3] == 4.0f,
          "GPUSIM_STREAMS=deferred: stale before sync, NotReady, fresh after, pageable staged",
          fmt("stale %d event %s query %s sync %s fresh %d after %s/%s staged %g", stale,
              cudaGetErrorName(event_query), cudaGetErrorName(query), cudaGetErrorName(sync),
              fresh, cudaGetErrorName(query_after), cudaGetErrorName(event_after), staged[3]));
}

void test_events_sync_mode() {
    cudaEvent_t a, b;
    cudaEventCreate(&a);
    cudaEventCreate(&b);
    cudaEventRecord(a, nullptr);
    DeviceBuffer<int> out(256);
    simtest::barrier_loop(out.ptr, 256, 10, nullptr);
    cudaEventRecord(b, nullptr);
    float ms = -1.0f;
    cudaError_t e = cudaEventElapsedTime(&ms, a, b);
    cudaError_t q = cudaEventQuery(b);
    cudaEventDestroy(a);
    cudaEventDestroy(b);
    cudaError_t destroyed = cudaEventQuery(b);
    check(e == cudaSuccess && ms >= 0.0f && q == cudaSuccess &&
              destroyed == cudaErrorInvalidResourceHandle,
          "events: record, elapsed time, query; a destroyed event is an invalid handle",
          fmt("%s %g %s %s", cudaGetErrorName(e), ms, cudaGetErrorName(q),
              cudaGetErrorName(destroyed)));
}

void test_graph_capture_replay() {
    int m = 37, n = 29, k = 41;
    cudaStream_t stream;
    cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);
    DeviceBuffer<float> da((size_t)m * k), db((size_t)k * n), dc((size_t)m * n);
    float *result = nullptr;
    cudaMallocHost((void **)&result, (size_t)m * n * sizeof(float));
    std::vector<float> b = random_floats((size_t)k * n);
    db.upload(b);

    cudaError_t begin = cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal);
    cudaStreamCaptureStatus status;
    cudaStreamIsCapturing(stream, &status);
    int64_t launches = gpusim_launch_count();
    cudaMemsetAsync(dc.ptr, 0, (size_t)m * n * sizeof(float), stream);
    simtest::sgemm_tiled(m, n, k, 1.0f, da.ptr, db.ptr, 1.0f, dc.ptr, stream);
    cudaMemcpyAsync(result, dc.ptr, (size_t)m * n * sizeof(float), cudaMemcpyDeviceToHost,
                    stream);
    bool nothing_ran = gpusim_launch_count() == launches;
    cudaGraph_t graph = nullptr;
    cudaError_t end = cudaStreamEndCapture(stream, &graph);
    cudaGraphExec_t exec = nullptr;
    cudaError_t inst = cudaGraphInstantiate(&exec, graph, 0);

    bool all_ok = begin == cudaSuccess && status == cudaStreamCaptureStatusActive &&
                  nothing_ran && end == cudaSuccess && inst == cudaSuccess;
    std::string detail = fmt("begin %s end %s inst %s ran-during-capture %d",
                             cudaGetErrorName(begin), cudaGetErrorName(end),
                             cudaGetErrorName(inst), !nothing_ran);
    for (int replay = 0; replay < 3 && all_ok; replay++) {
        std::vector<float> a = random_floats((size_t)m * k);
        da.upload(a);  // replays read memory as it is when they run
        cudaError_t launch = cudaGraphLaunch(exec, stream);
        cudaError_t sync = cudaStreamSynchronize(stream);
        double worst = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double ref = 0;
                for (int kk = 0; kk < k; kk++)
                    ref += (double)a[(size_t)i * k + kk] * b[(size_t)kk * n + j];
                worst = std::max(worst, std::fabs(ref - result[(size_t)i * n + j]));
            }
        if (launch != cudaSuccess || sync != cudaSuccess || !(worst < 1e-4)) {
            all_ok = false;
            detail = fmt("replay %d: launch %s sync %s max err %g", replay,
                         cudaGetErrorName(launch), cudaGetErrorName(sync), worst);
        }
    }
    cudaGraphExecDestroy(exec);
    cudaGraphDestroy(graph);
    cudaFreeHost(result);
    cudaStreamDestroy(stream);
    check(all_ok, "capture memset+sgemm+copy, replay 3 times with new inputs", detail);
}

void test_capture_invalidation() {
    cudaStream_t stream;
    cudaStreamCreate(&stream);
    DeviceBuffer<float> x(16);
    cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal);
    cudaMemsetAsync(x.ptr, 0, 64, stream);
    void *p = nullptr;
    cudaError_t malloc_during = cudaMalloc(&p, 64);
    cudaStreamCaptureStatus status;
    cudaStreamIsCapturing(stream, &status);
    cudaGraph_t graph = (cudaGraph_t)0x1;
    cudaError_t end = cudaStreamEndCapture(stream, &graph);
    cudaGetLastError();

    // Work on the legacy stream while a blocking stream captures invalidates it too.
    cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal);
    simtest::scale(x.ptr, x.ptr, 16, 1.0f, nullptr, nullptr);
    cudaError_t legacy = cudaGetLastError();
    cudaGraph_t graph2 = nullptr;
    cudaError_t end2 = cudaStreamEndCapture(stream, &graph2);
    cudaGetLastError();

    // A replay over memory freed after the capture is refused, naming the argument.
    float *y = nullptr;
    cudaMalloc((void **)&y, 16 * sizeof(float));
    cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal);
    simtest::scale(x.ptr, y, 16, 1.0f, nullptr, stream);
    cudaGraph_t graph3 = nullptr;
    cudaStreamEndCapture(stream, &graph3);
    cudaGraphExec_t exec3 = nullptr;
    cudaGraphInstantiate(&exec3, graph3, 0);
    cudaFree(y);
    cudaGraphLaunch(exec3, stream);
    cudaError_t replay_error;
    std::string replay_fault = take_fault(&replay_error);
    cudaGraphExecDestroy(exec3);
    cudaGraphDestroy(graph3);
    cudaStreamDestroy(stream);
    check(replay_error == cudaErrorLaunchFailure && contains(replay_fault, "argument 1 'y'") &&
              contains(replay_fault, "no longer points"),
          "a graph replay over freed memory is a launch failure naming the argument",
          fmt("%s \"%s\"", cudaGetErrorName(replay_error), replay_fault.c_str()));
    check(malloc_during == cudaErrorStreamCaptureUnsupported && p == nullptr &&
              status == cudaStreamCaptureStatusInvalidated &&
              end == cudaErrorStreamCaptureInvalidated && graph == nullptr &&
              legacy == cudaErrorStreamCaptureImplicit &&
              end2 == cudaErrorStreamCaptureInvalidated,
          "cudaMalloc or legacy-stream work during capture invalidates it",
          fmt("malloc %s status %d end %s legacy %s end2 %s", cudaGetErrorName(malloc_during),
              (int)status, cudaGetErrorName(end), cudaGetErrorName(legacy),
              cudaGetErrorName(end2)));
}

// ---------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------

std::vector<float> run_reference_kernels() {
    int m = 45, n = 38, k = 70;
    std::mt19937_64 local(1234);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> a((size_t)m * k), b((size_t)k * n), in(5000);
    for (float &x : a) x = dist(local);
    for (float &x : b) x = dist(local);
    for (float &x : in) x = dist(local);
    DeviceBuffer<float> da(a.size()), db(b.size()), dc((size_t)m * n), din(in.size()), dp(5);
    da.upload(a);
    db.upload(b);
    din.upload(in);
    simtest::sgemm_tiled(m, n, k, 1.0f, da.ptr, db.ptr, 0.0f, dc.ptr, nullptr);
    simtest::block_sum(din.ptr, dp.ptr, 5000, 5, 160, nullptr);
    std::vector<float> out = dc.download();
    std::vector<float> partial = dp.download();
    out.insert(out.end(), partial.begin(), partial.end());
    return out;
}

void test_schedules() {
    std::vector<float> forward = run_reference_kernels();
    bool same = true;
    for (const char *schedule : {"reverse", "shuffle"}) {
        gpusim_set_option("schedule", schedule);
        std::vector<float> other = run_reference_kernels();
        same = same && other.size() == forward.size() &&
               std::memcmp(other.data(), forward.data(), forward.size() * sizeof(float)) == 0;
    }
    gpusim_set_option("schedule", "forward");
    check(same, "reverse and shuffle schedules give bit-identical results for correct kernels");

    // The schedules exist to expose missing barriers: count wrong reads per schedule.
    int wrong_any = 0;
    std::string counts;
    for (const char *schedule : {"forward", "reverse", "shuffle"}) {
        gpusim_set_option("schedule", schedule);
        DeviceBuffer<int> out(256);
        simtest::missing_barrier(out.ptr, 256, nullptr);
        std::vector<int> got = out.download();
        int wrong = 0;
        for (int t = 0; t < 256; t++) wrong += got[(size_t)t] != 1000 + (t + 1) % 256;
        counts += fmt(" %s:%d", schedule, wrong);
        wrong_any += wrong;
    }
    gpusim_set_option("schedule", "forward");
    check(wrong_any > 0, "a missing __syncthreads() shows up as wrong reads under some schedule",
          "wrong reads" + counts);
}

void test_worker_threads() {
    int workers_before = 1;  // the multiprocessor count is the worker count
    cudaDeviceGetAttribute(&workers_before, cudaDevAttrMultiProcessorCount, 0);
    gpusim_set_option("threads", "1");
    std::vector<float> single = run_reference_kernels();
    gpusim_set_option("threads", "3");
    std::vector<float> multi = run_reference_kernels();
    const int blocks = 64, threads = 128;
    DeviceBuffer<int> ints(9);
    DeviceBuffer<unsigned> uints(1);
    DeviceBuffer<unsigned long long> u64(1);
    DeviceBuffer<float> floats(1);
    DeviceBuffer<double> doubles(1);
    ints.upload({0, 0, -1, 1 << 30, 0, 0, -1, 0, 0});
    simtest::atomics(ints.ptr, uints.ptr, u64.ptr, floats.ptr, doubles.ptr, blocks, threads,
                     nullptr);
    std::vector<int> counters = ints.download();
    int props_sm = 0;
    cudaDeviceGetAttribute(&props_sm, cudaDevAttrMultiProcessorCount, 0);
    gpusim_set_option("threads", std::to_string(workers_before).c_str());
    bool same = std::memcmp(single.data(), multi.data(), single.size() * sizeof(float)) == 0;
    check(same && counters[0] == blocks * threads && counters[4] == blocks * threads &&
              props_sm == 3,
          "GPUSIM_THREADS=3: same results, atomics exact across workers",
          fmt("same %d add %d cas %d sm %d", same, counters[0], counters[4], props_sm));
}

// ---------------------------------------------------------------------------------------------
// Device queries and error names
// ---------------------------------------------------------------------------------------------

void test_device_queries() {
    cudaDeviceProp prop;
    cudaError_t e = cudaGetDeviceProperties(&prop, 0);
    int major = 0, minor = 0, warp = 0, count = 0, version = 0;
    cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, 0);
    cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, 0);
    cudaDeviceGetAttribute(&warp, cudaDevAttrWarpSize, 0);
    cudaGetDeviceCount(&count);
    cudaRuntimeGetVersion(&version);
    cudaError_t bad_device = cudaSetDevice(1);
    cudaGetLastError();
    check(e == cudaSuccess && std::strcmp(prop.name, "panagan host simulator") == 0 &&
              prop.major == 9 && prop.minor == 0 && major == 9 && minor == 0 && warp == 32 &&
              count == 1 && prop.maxThreadsPerBlock == 1024 && version == CUDART_VERSION &&
              bad_device == cudaErrorInvalidDevice &&
              std::strcmp(cudaGetErrorName(cudaErrorInvalidValue), "cudaErrorInvalidValue") == 0 &&
              std::strcmp(cudaGetErrorString(cudaErrorMemoryAllocation), "out of memory") == 0 &&
              cudaLaunchKernel(nullptr, dim3(1), dim3(1), nullptr, 0, nullptr) ==
                  cudaErrorNotSupported &&
              cudaGetLastError() == cudaErrorNotSupported && cudaGetLastError() == cudaSuccess,
          "device properties, attributes, versions, error names; cudaLaunchKernel unsupported",
          fmt("%s name '%s' cc %d.%d warp %d count %d version %d", cudaGetErrorName(e),
              prop.name, major, minor, warp, count, version));
}

// ---------------------------------------------------------------------------------------------
// ASan planted fault
// ---------------------------------------------------------------------------------------------

constexpr int kPlantedN = 100;  // the bad read is by global thread 100: block 1, thread 36

int planted_oob_child() {
    DeviceBuffer<float> in(kPlantedN), out(kPlantedN);
    in.upload(std::vector<float>(kPlantedN, 1.0f));
    simtest::planted_oob(in.ptr, out.ptr, kPlantedN, nullptr);
    cudaDeviceSynchronize();
    std::fprintf(stderr, "planted_oob: no sanitizer report\n");
    return 3;
}

void test_planted_oob() {
    const char *name = "ASan reports the planted out-of-bounds read with simulated coordinates";
    if (!kAsan) {
        skip(name, "needs the AddressSanitizer build (build/test_sim_asan)");
        return;
    }
    std::string err;
    int status = run_child("--planted-oob", err);
    bool ok = !(WIFEXITED(status) && WEXITSTATUS(status) == 0) &&
              contains(err, "heap-buffer-overflow") && contains(err, "planted_oob.cu") &&
              contains(err, "gpusim: the report above was raised in kernel "
                            "'planted_oob_kernel', block (1,0,0), thread (36,0,0)");
    check(ok, name, ok ? "" : "child stderr:\n" + err);
}

int abort_child() {
    gpusim_set_option("on_fault", "abort");
    DeviceBuffer<int> out(64);
    simtest::divergent_barrier(out.ptr, 64, nullptr);
    std::fprintf(stderr, "abort mode did not abort\n");
    return 3;
}

// ---------------------------------------------------------------------------------------------
// Measurements (--bench)
// ---------------------------------------------------------------------------------------------

double seconds_of(const std::function<void()> &work) {
    auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int bench() {
    DeviceBuffer<int> out(1 << 20);
    const int threads = 1024, iterations = 200;
    double t = seconds_of([&] { simtest::barrier_loop(out.ptr, threads, iterations, nullptr); });
    std::printf("barrier: %.1f ns per thread per __syncthreads (1024 threads, %d barriers)\n",
                t * 1e9 / ((double)threads * iterations), iterations);
    t = seconds_of([&] { simtest::shuffle_loop(out.ptr, threads, iterations, nullptr); });
    std::printf("shuffle: %.1f ns per lane per __shfl_xor_sync\n",
                t * 1e9 / ((double)threads * iterations));
    const int launches = 2000;
    t = seconds_of([&] {
        for (int i = 0; i < launches; i++) simtest::empty_kernel(out.ptr, 1, 1, nullptr);
    });
    std::printf("launch overhead: %.2f us per 1-thread launch\n", t * 1e6 / launches);
    t = seconds_of([&] { simtest::empty_kernel(out.ptr, 1024, 1024, nullptr); });
    std::printf("barrier-free thread: %.1f ns per thread (start + run + exit)\n",
                t * 1e9 / (1024.0 * 1024.0));
    for (int size : {256, 512}) {
        DeviceBuffer<float> a((size_t)size * size), b((size_t)size * size),
            c((size_t)size * size);
        cudaMemset(a.ptr, 0, a.count * 4);
        cudaMemset(b.ptr, 0, b.count * 4);
        t = seconds_of([&] {
            simtest::sgemm_tiled(size, size, size, 1.0f, a.ptr, b.ptr, 0.0f, c.ptr, nullptr);
        });
        std::printf("sgemm 32x32 tiled %d^3: %.3f GFLOP/s (%.3f s)\n", size,
                    2.0 * size * size * size / t * 1e-9, t);
    }
    return cudaGetLastError() == cudaSuccess ? 0 : 1;
}

}  // namespace

int main(int argc, char **argv) {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "--planted-oob") return planted_oob_child();
    if (mode == "--abort-on-fault") return abort_child();
    if (mode == "--bench") return bench();
    if (!mode.empty()) {
        std::fprintf(stderr, "usage: %s [--bench]\n", argv[0]);
        return 2;
    }

    const char *seed = std::getenv("GPUSIM_TEST_SEED");
    g_seed = seed ? std::strtoull(seed, nullptr, 10)
                  : (uint64_t)std::chrono::steady_clock::now().time_since_epoch().count();
    int64_t baseline = gpusim_live_allocations();
    // The checks expect faults as errors and synchronous streams unless they switch themselves;
    // the schedule, the worker count and the context switch follow the environment.
    gpusim_set_option("on_fault", "error");
    gpusim_set_option("streams", "sync");

    test_sgemm();
    test_dynamic_shared_memory();
    test_large_dynamic_shared_memory();
    test_block_reduction();
    for (int threads : {64, 48, 20}) test_warp_semantics(threads);
    test_barrier_votes();
    test_atomics();
    test_misuse();
    test_sticky_fault_blocks_later_work();
    test_exited_lanes_and_spin_wait();
    test_abort_mode();
    test_launch_config();
    test_pointer_arguments();
    test_memory_rules();
    test_constant_symbols();
    test_allocation_control();
    test_deferred_streams();
    test_events_sync_mode();
    test_graph_capture_replay();
    test_capture_invalidation();
    test_schedules();
    test_worker_threads();
    test_device_queries();
    test_planted_oob();

    // Every exported kernel on exact-size buffers (test_kernels.cpp), then again with blocks
    // run in reverse order, which exposes work that depends on block order.
    const kerneltest::Report report = [](bool ok, const std::string &name,
                                         const std::string &detail) { check(ok, name, detail); };
    kerneltest::run_sweep(g_seed, "", report);
    const char *schedule = std::getenv("GPUSIM_SCHEDULE");
    gpusim_set_option("schedule", "reverse");
    kerneltest::run_sweep(g_seed, " [schedule reverse]", report);
    gpusim_set_option("schedule", schedule != nullptr ? schedule : "forward");

    check(gpusim_live_allocations() == baseline, "every test freed what it allocated",
          fmt("%lld allocations left", (long long)(gpusim_live_allocations() - baseline)));
    std::printf("sim tests: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
