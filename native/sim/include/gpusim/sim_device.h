/*
 * sim_device.h: the device side of CUDA C++ for g++, as the host simulator provides it.
 *
 * Included by cuda_compat.h when the compiler is not nvcc. It gives an unmodified kernel source
 * what nvcc would: the execution-space keywords, the built-in variables (threadIdx, blockIdx,
 * blockDim, gridDim, warpSize), barriers, warp collectives, atomics and the intrinsics our kernels
 * use. Types and API prototypes come from the installed toolkit (vector_types.h,
 * cuda_runtime_api.h), so the simulator is ABI-identical to cudart by construction.
 *
 * Execution model in one paragraph (details in native/README.md): a block runs on one OS thread;
 * each CUDA thread is a fiber that gives up the CPU only inside a barrier or a warp collective.
 * So the built-in variables are ordinary thread_local variables that the scheduler rewrites
 * whenever it resumes a fiber, and `__shared__` is `static thread_local`: the fibers of a block
 * share their OS thread's copy. Every barrier and collective takes a defaulted
 * std::source_location, so a diagnostic names the kernel line without any macro.
 */
#ifndef GPUSIM_SIM_DEVICE_H
#define GPUSIM_SIM_DEVICE_H

#if defined(__CUDACC__)
#error "sim_device.h is the host simulator's; nvcc builds include <cuda_runtime.h> instead"
#endif

// The keywords must exist before any toolkit header: crt/host_defines.h defines each of them only
// when it is still undefined, and for g++ it would make __shared__ an empty annotation.
#define __global__
#define __device__
#define __host__
#define __constant__
#define __managed__
#define __shared__ static thread_local
#define __launch_bounds__(...)

#include <cuda_runtime_api.h>
#include <vector_functions.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <source_location>
#include <type_traits>
#include <time.h>

// __noinline__ cannot be a macro (libstdc++ spells __attribute__((__noinline__))).
#define GPUSIM_NOINLINE __attribute__((noinline))

// ---------------------------------------------------------------------------------------------
// Built-in variables. The scheduler writes them; kernels only read them.
// ---------------------------------------------------------------------------------------------

inline thread_local uint3 threadIdx;
inline thread_local uint3 blockIdx;
inline thread_local dim3 blockDim;
inline thread_local dim3 gridDim;
inline constexpr int warpSize = 32;

namespace gpusim::detail {

// The engine entry points behind the device functions below (sim/src/exec.cpp).
enum class BarrierKind : int { plain, count, all, any };
enum class WarpOp : int {
    sync, shfl_idx, shfl_up, shfl_down, shfl_xor, ballot, vote_any, vote_all,
    reduce_add, reduce_min_s, reduce_min_u, reduce_max_s, reduce_max_u,
    reduce_and, reduce_or, reduce_xor
};

int block_barrier(BarrierKind kind, int predicate, const std::source_location &where);
uint64_t warp_collective(WarpOp op, unsigned mask, uint64_t value, int lane_arg, int width,
                         const std::source_location &where);
unsigned active_mask();
void *dynamic_shared_memory();
void yield_fiber();
[[noreturn]] void trap(const std::source_location &where);

template <class T>
concept ShuffleValue = std::is_arithmetic_v<T> && (sizeof(T) == 4 || sizeof(T) == 8);

template <class T>
inline uint64_t to_bits(T value) {
    if constexpr (sizeof(T) == 4) return std::bit_cast<uint32_t>(value);
    else return std::bit_cast<uint64_t>(value);
}

template <class T>
inline T from_bits(uint64_t bits) {
    if constexpr (sizeof(T) == 4) return std::bit_cast<T>(static_cast<uint32_t>(bits));
    else return std::bit_cast<T>(bits);
}

template <class T>
inline T shuffle(WarpOp op, unsigned mask, T var, int lane_arg, int width,
                 const std::source_location &where) {
    return from_bits<T>(warp_collective(op, mask, to_bits(var), lane_arg, width, where));
}

}  // namespace gpusim::detail

// ---------------------------------------------------------------------------------------------
// Barriers
// ---------------------------------------------------------------------------------------------

inline void __syncthreads(std::source_location where = std::source_location::current()) {
    gpusim::detail::block_barrier(gpusim::detail::BarrierKind::plain, 0, where);
}
inline int __syncthreads_count(int predicate,
                               std::source_location where = std::source_location::current()) {
    return gpusim::detail::block_barrier(gpusim::detail::BarrierKind::count, predicate, where);
}
inline int __syncthreads_and(int predicate,
                             std::source_location where = std::source_location::current()) {
    return gpusim::detail::block_barrier(gpusim::detail::BarrierKind::all, predicate, where);
}
inline int __syncthreads_or(int predicate,
                            std::source_location where = std::source_location::current()) {
    return gpusim::detail::block_barrier(gpusim::detail::BarrierKind::any, predicate, where);
}

// ---------------------------------------------------------------------------------------------
// Warp collectives: only the *_sync forms exist (the others are undefined on Volta and later).
// ---------------------------------------------------------------------------------------------

inline void __syncwarp(unsigned mask = 0xffffffffu,
                       std::source_location where = std::source_location::current()) {
    gpusim::detail::warp_collective(gpusim::detail::WarpOp::sync, mask, 0, 0, warpSize, where);
}

template <gpusim::detail::ShuffleValue T>
inline T __shfl_sync(unsigned mask, T var, int srcLane, int width = warpSize,
                     std::source_location where = std::source_location::current()) {
    return gpusim::detail::shuffle(gpusim::detail::WarpOp::shfl_idx, mask, var, srcLane, width,
                                   where);
}
template <gpusim::detail::ShuffleValue T>
inline T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = warpSize,
                        std::source_location where = std::source_location::current()) {
    return gpusim::detail::shuffle(gpusim::detail::WarpOp::shfl_up, mask, var, (int)delta, width,
                                   where);
}
template <gpusim::detail::ShuffleValue T>
inline T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = warpSize,
                          std::source_location where = std::source_location::current()) {
    return gpusim::detail::shuffle(gpusim::detail::WarpOp::shfl_down, mask, var, (int)delta,
                                   width, where);
}
template <gpusim::detail::ShuffleValue T>
inline T __shfl_xor_sync(unsigned mask, T var, int laneMask, int width = warpSize,
                         std::source_location where = std::source_location::current()) {
    return gpusim::detail::shuffle(gpusim::detail::WarpOp::shfl_xor, mask, var, laneMask, width,
                                   where);
}

inline unsigned __ballot_sync(unsigned mask, int predicate,
                              std::source_location where = std::source_location::current()) {
    return (unsigned)gpusim::detail::warp_collective(gpusim::detail::WarpOp::ballot, mask,
                                                     predicate != 0, 0, warpSize, where);
}
inline int __any_sync(unsigned mask, int predicate,
                      std::source_location where = std::source_location::current()) {
    return (int)gpusim::detail::warp_collective(gpusim::detail::WarpOp::vote_any, mask,
                                                predicate != 0, 0, warpSize, where);
}
inline int __all_sync(unsigned mask, int predicate,
                      std::source_location where = std::source_location::current()) {
    return (int)gpusim::detail::warp_collective(gpusim::detail::WarpOp::vote_all, mask,
                                                predicate != 0, 0, warpSize, where);
}
inline unsigned __activemask() { return gpusim::detail::active_mask(); }

#define GPUSIM_REDUCE_SYNC(name, type, op)                                                    \
    inline type name(unsigned mask, type value,                                               \
                     std::source_location where = std::source_location::current()) {         \
        return (type)gpusim::detail::warp_collective(gpusim::detail::WarpOp::op, mask,        \
                                                     (uint32_t)value, 0, warpSize, where);    \
    }
GPUSIM_REDUCE_SYNC(__reduce_add_sync, unsigned, reduce_add)
GPUSIM_REDUCE_SYNC(__reduce_add_sync, int, reduce_add)
GPUSIM_REDUCE_SYNC(__reduce_min_sync, unsigned, reduce_min_u)
GPUSIM_REDUCE_SYNC(__reduce_min_sync, int, reduce_min_s)
GPUSIM_REDUCE_SYNC(__reduce_max_sync, unsigned, reduce_max_u)
GPUSIM_REDUCE_SYNC(__reduce_max_sync, int, reduce_max_s)
GPUSIM_REDUCE_SYNC(__reduce_and_sync, unsigned, reduce_and)
GPUSIM_REDUCE_SYNC(__reduce_or_sync, unsigned, reduce_or)
GPUSIM_REDUCE_SYNC(__reduce_xor_sync, unsigned, reduce_xor)
#undef GPUSIM_REDUCE_SYNC

// ---------------------------------------------------------------------------------------------
// Fences, sleeping, traps. Fibers of one block share an OS thread, so the block-scope fence only
// has to stop the compiler; blocks may run on several workers, so the others are real fences.
// ---------------------------------------------------------------------------------------------

inline void __threadfence_block() { __atomic_signal_fence(__ATOMIC_SEQ_CST); }
inline void __threadfence() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
inline void __threadfence_system() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
// A spin-wait can only make progress if the waiter lets the other fibers run.
inline void __nanosleep(unsigned) { gpusim::detail::yield_fiber(); }
[[noreturn]] inline void __trap(std::source_location where = std::source_location::current()) {
    gpusim::detail::trap(where);
}

// ---------------------------------------------------------------------------------------------
// Atomics: exactly CUDA's overload set, relaxed like CUDA's (blocks may run on several workers).
// ---------------------------------------------------------------------------------------------

namespace gpusim::detail {

template <class T, class F>
inline T atomic_update_bits(T *address, F update) {
    using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    Bits *word = reinterpret_cast<Bits *>(address);
    Bits old_bits = __atomic_load_n(word, __ATOMIC_RELAXED);
    for (;;) {
        T old_value = std::bit_cast<T>(old_bits);
        Bits new_bits = std::bit_cast<Bits>(update(old_value));
        if (__atomic_compare_exchange_n(word, &old_bits, new_bits, true, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
            return old_value;
    }
}

template <class T>
inline T atomic_cas(T *address, T compare, T value) {
    __atomic_compare_exchange_n(address, &compare, value, false, __ATOMIC_RELAXED,
                                __ATOMIC_RELAXED);
    return compare;
}

}  // namespace gpusim::detail

#define GPUSIM_ATOMIC_FETCH(name, type, builtin)                                              \
    inline type name(type *address, type value) {                                             \
        return builtin(address, value, __ATOMIC_RELAXED);                                     \
    }
GPUSIM_ATOMIC_FETCH(atomicAdd, int, __atomic_fetch_add)
GPUSIM_ATOMIC_FETCH(atomicAdd, unsigned int, __atomic_fetch_add)
GPUSIM_ATOMIC_FETCH(atomicAdd, unsigned long long int, __atomic_fetch_add)
GPUSIM_ATOMIC_FETCH(atomicSub, int, __atomic_fetch_sub)
GPUSIM_ATOMIC_FETCH(atomicSub, unsigned int, __atomic_fetch_sub)
GPUSIM_ATOMIC_FETCH(atomicExch, int, __atomic_exchange_n)
GPUSIM_ATOMIC_FETCH(atomicExch, unsigned int, __atomic_exchange_n)
GPUSIM_ATOMIC_FETCH(atomicExch, unsigned long long int, __atomic_exchange_n)
GPUSIM_ATOMIC_FETCH(atomicAnd, int, __atomic_fetch_and)
GPUSIM_ATOMIC_FETCH(atomicAnd, unsigned int, __atomic_fetch_and)
GPUSIM_ATOMIC_FETCH(atomicAnd, unsigned long long int, __atomic_fetch_and)
GPUSIM_ATOMIC_FETCH(atomicOr, int, __atomic_fetch_or)
GPUSIM_ATOMIC_FETCH(atomicOr, unsigned int, __atomic_fetch_or)
GPUSIM_ATOMIC_FETCH(atomicOr, unsigned long long int, __atomic_fetch_or)
GPUSIM_ATOMIC_FETCH(atomicXor, int, __atomic_fetch_xor)
GPUSIM_ATOMIC_FETCH(atomicXor, unsigned int, __atomic_fetch_xor)
GPUSIM_ATOMIC_FETCH(atomicXor, unsigned long long int, __atomic_fetch_xor)
#undef GPUSIM_ATOMIC_FETCH

inline float atomicAdd(float *address, float value) {
    return gpusim::detail::atomic_update_bits(address, [value](float old) { return old + value; });
}
inline double atomicAdd(double *address, double value) {
    return gpusim::detail::atomic_update_bits(address,
                                              [value](double old) { return old + value; });
}
inline float atomicExch(float *address, float value) {
    return std::bit_cast<float>(__atomic_exchange_n(reinterpret_cast<uint32_t *>(address),
                                                    std::bit_cast<uint32_t>(value),
                                                    __ATOMIC_RELAXED));
}

#define GPUSIM_ATOMIC_MINMAX(type)                                                            \
    inline type atomicMin(type *address, type value) {                                        \
        return gpusim::detail::atomic_update_bits(                                            \
            address, [value](type old) { return value < old ? value : old; });                \
    }                                                                                         \
    inline type atomicMax(type *address, type value) {                                        \
        return gpusim::detail::atomic_update_bits(                                            \
            address, [value](type old) { return value > old ? value : old; });                \
    }
GPUSIM_ATOMIC_MINMAX(int)
GPUSIM_ATOMIC_MINMAX(unsigned int)
GPUSIM_ATOMIC_MINMAX(unsigned long long int)
GPUSIM_ATOMIC_MINMAX(long long int)
#undef GPUSIM_ATOMIC_MINMAX

inline int atomicCAS(int *address, int compare, int value) {
    return gpusim::detail::atomic_cas(address, compare, value);
}
inline unsigned int atomicCAS(unsigned int *address, unsigned int compare, unsigned int value) {
    return gpusim::detail::atomic_cas(address, compare, value);
}
inline unsigned long long int atomicCAS(unsigned long long int *address,
                                        unsigned long long int compare,
                                        unsigned long long int value) {
    return gpusim::detail::atomic_cas(address, compare, value);
}
inline unsigned short int atomicCAS(unsigned short int *address, unsigned short int compare,
                                    unsigned short int value) {
    return gpusim::detail::atomic_cas(address, compare, value);
}
inline unsigned int atomicInc(unsigned int *address, unsigned int limit) {
    return gpusim::detail::atomic_update_bits(
        address, [limit](unsigned old) { return old >= limit ? 0u : old + 1; });
}
inline unsigned int atomicDec(unsigned int *address, unsigned int limit) {
    return gpusim::detail::atomic_update_bits(
        address, [limit](unsigned old) { return (old == 0 || old > limit) ? limit : old - 1; });
}

// ---------------------------------------------------------------------------------------------
// Intrinsics. The fast-math ones map to accurate libm: compare against a GPU only with tolerances.
// ---------------------------------------------------------------------------------------------

inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline double rsqrt(double x) { return 1.0 / std::sqrt(x); }
inline float __expf(float x) { return std::exp(x); }
inline float __exp10f(float x) { return std::pow(10.0f, x); }
inline float __logf(float x) { return std::log(x); }
inline float __log2f(float x) { return std::log2(x); }
inline float __log10f(float x) { return std::log10(x); }
inline float __powf(float x, float y) { return std::pow(x, y); }
inline float __sinf(float x) { return std::sin(x); }
inline float __cosf(float x) { return std::cos(x); }
inline float __tanf(float x) { return std::tan(x); }
inline void __sincosf(float x, float *s, float *c) { *s = std::sin(x); *c = std::cos(x); }
inline float __tanhf(float x) { return std::tanh(x); }
inline float __fdividef(float x, float y) { return x / y; }
inline float fdividef(float x, float y) { return x / y; }
inline float __frcp_rn(float x) { return 1.0f / x; }
inline float __fsqrt_rn(float x) { return std::sqrt(x); }
inline float __fadd_rn(float x, float y) { return x + y; }
inline float __fsub_rn(float x, float y) { return x - y; }
inline float __fmul_rn(float x, float y) { return x * y; }
inline float __fmaf_rn(float x, float y, float z) { return std::fma(x, y, z); }
inline float __saturatef(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x); }

inline int __float_as_int(float x) { return std::bit_cast<int>(x); }
inline unsigned __float_as_uint(float x) { return std::bit_cast<unsigned>(x); }
inline float __int_as_float(int x) { return std::bit_cast<float>(x); }
inline float __uint_as_float(unsigned x) { return std::bit_cast<float>(x); }
inline long long __double_as_longlong(double x) { return std::bit_cast<long long>(x); }
inline double __longlong_as_double(long long x) { return std::bit_cast<double>(x); }

inline int __float2int_rn(float x) { return (int)std::nearbyint(x); }
inline int __float2int_rz(float x) { return (int)x; }
inline int __float2int_rd(float x) { return (int)std::floor(x); }
inline int __float2int_ru(float x) { return (int)std::ceil(x); }
inline unsigned __float2uint_rn(float x) { return (unsigned)std::nearbyint(x); }
inline float __int2float_rn(int x) { return (float)x; }

inline int __popc(unsigned x) { return std::popcount(x); }
inline int __popcll(unsigned long long x) { return std::popcount(x); }
inline int __clz(int x) { return std::countl_zero((unsigned)x); }
inline int __clzll(long long x) { return std::countl_zero((unsigned long long)x); }
inline int __ffs(int x) { return x == 0 ? 0 : std::countr_zero((unsigned)x) + 1; }
inline int __ffsll(long long x) {
    return x == 0 ? 0 : std::countr_zero((unsigned long long)x) + 1;
}
inline unsigned __brev(unsigned x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    return __builtin_bswap32(x);
}
inline unsigned __umulhi(unsigned x, unsigned y) {
    return (unsigned)(((unsigned long long)x * y) >> 32);
}
inline int __mulhi(int x, int y) { return (int)(((long long)x * y) >> 32); }

template <class T> inline T __ldg(const T *p) { return *p; }
template <class T> inline T __ldcg(const T *p) { return *p; }
template <class T> inline T __ldcs(const T *p) { return *p; }
template <class T> inline T __ldlu(const T *p) { return *p; }
template <class T> inline void __stcg(T *p, T value) { *p = value; }
template <class T> inline void __stcs(T *p, T value) { *p = value; }
template <class T> inline void __stwt(T *p, T value) { *p = value; }

// Same-type min/max only: a mixed-signedness call is ambiguous here, as it is suspect on a GPU.
#define GPUSIM_MINMAX(type)                                                                   \
    inline type min(type a, type b) { return b < a ? b : a; }                                 \
    inline type max(type a, type b) { return a < b ? b : a; }
GPUSIM_MINMAX(int)
GPUSIM_MINMAX(unsigned int)
GPUSIM_MINMAX(long)
GPUSIM_MINMAX(unsigned long)
GPUSIM_MINMAX(long long)
GPUSIM_MINMAX(unsigned long long)
#undef GPUSIM_MINMAX
inline float min(float a, float b) { return std::fmin(a, b); }
inline float max(float a, float b) { return std::fmax(a, b); }
inline double min(double a, double b) { return std::fmin(a, b); }
inline double max(double a, double b) { return std::fmax(a, b); }

#if defined(__x86_64__)
inline long long clock64() { return (long long)__builtin_ia32_rdtsc(); }
#else
inline long long clock64() {
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}
#endif

#endif /* GPUSIM_SIM_DEVICE_H */
