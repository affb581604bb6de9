/*
 * batch_norm.cu: PyTorch's BatchNorm2d (affine, batch statistics in training, running
 * statistics in inference) with an optional activation fused after it:
 *
 *   z = gamma * (x - mean) * invstd + beta,   y = act(z),   act(z) = z > 0 ? z : neg_slope * z
 *
 * where neg_slope is 1 for NONE, 0 for RELU and `slope` for LEAKY_RELU, so one branch-free form
 * serves all three, and act'(z) = z > 0 ? 1 : neg_slope. The backward recomputes z from x with
 * the same instructions (preactivation below) so its mask is the forward's, bit for bit.
 *
 * Layouts: x, y, dy, dx are [N, C, H, W]; per-channel vectors are [C]. A channel's M = N*H*W
 * values are N runs of H*W contiguous floats, C*H*W floats apart.
 *
 * Decomposition. Every pass runs on a (C, chunks) grid of kBatchNormThreads-thread blocks: block
 * (c, j) owns chunk j of channel c, a range of the channel's values taken in (n, h, w) order, so
 * consecutive threads read consecutive addresses and a block streams whole 128-byte lines. The
 * chunk count depends on the shape only (batch_norm_chunks): a channel is split into pieces of
 * about kBatchNormChunkElements so the work of a large channel spreads over many SMs, and a
 * small layer still has one block per channel. When H*W is a multiple of 4 and the tensors are
 * 16-byte aligned, threads move float4 packs (a pack never straddles two runs); otherwise floats.
 *
 *   training forward   stats (Welford per thread, Chan merges over the block) -> workspace
 *                      partials [C][chunks]{mean, M2};  finalize: one warp per channel merges its
 *                      chunks in double, in a fixed order -> save_mean, save_invstd, running_*;
 *                      apply: y = act(z).
 *   inference forward  apply, with mean and invstd from the running statistics.
 *   backward           reduce: sum(dz), sum(dz * xhat) per chunk -> workspace partials;
 *                      finalize: per channel in double -> dgamma, dbeta and the two dx
 *                      coefficients (workspace);  data: dx = scale * dz - k_mean - xhat * k_xhat
 *                      with scale = gamma * invstd, k_mean = scale * sum(dz) / M,
 *                      k_xhat = scale * sum(dz * xhat) / M.
 *
 * Determinism: no atomics. Each thread visits its values in a fixed order, the block reduction's
 * tree depends only on blockDim, and the finalize folds chunks lane by lane then down a fixed
 * shuffle tree, so the same inputs give the same bits on every run. Welford/Chan partials keep
 * the variance accurate when |mean| is large against the spread, where sum and sum of squares in
 * float would cancel; M2 is a sum of non-negative terms, so the variance is never negative.
 */
#include <cmath>

#include "elementwise.cuh"
#include "launch.cuh"

namespace panagan {
namespace {

// 8 warps per block: 16 values per thread at kBatchNormChunkElements, enough loads in flight to
// cover memory latency, and up to 8 blocks (64 warps) resident per SM on sm_80/90.
constexpr int kBatchNormThreads = 256;

// A channel is split into chunks of about this many values, so that DCGAN's 32x32 layers at
// batch 64 (M = 65536) give 16 blocks per channel and its 4x4 layers (M = 1024) one.
// TODO(batch_norm): below M = 1024 most threads of a block idle (4x4 layers at batch < 64);
// packing several channels into one block would fill them, for tensors that take microseconds.
constexpr int64_t kBatchNormChunkElements = 4096;

// Caps the partials (workspace) at C * 1024 * 2 floats; beyond M = 4 M values per channel the
// chunks grow instead of multiplying.
constexpr int64_t kBatchNormMaxChunks = 1024;

// The finalize passes give each channel one warp: a block of 8 warps covers 8 channels.
constexpr int kFinalizeWarps = 8;

// The largest tensor accepted: far beyond any GPU's memory, small enough that no index overflows.
constexpr double kMaxElements = 4.0e18;

// The geometry every kernel of one call shares, in packs of `vec` floats (1 or 4).
struct BnShape {
    int64_t c;        // channels
    int64_t hw;       // packs per (n, c) plane: H*W / vec
    int64_t m;        // packs per channel: N * hw
    int64_t chunk;    // packs per chunk (the last may be shorter, or empty)
    int64_t step_n;   // a block's stride, kBatchNormThreads packs, as step_n planes ...
    int64_t step_hw;  // ... plus step_hw packs
    int64_t elements; // M = N*H*W, values per channel
    int32_t chunks;
    int32_t vec;
};

int64_t batch_norm_chunks(int64_t elements) {
    int64_t chunks = ceil_div(elements, kBatchNormChunkElements);
    return chunks < kBatchNormMaxChunks ? chunks : kBatchNormMaxChunks;
}

// Workspace: partials [C][chunks][2] floats, then backward coefficients [C][2] floats.
int64_t workspace_floats(int64_t c, int64_t chunks) { return c * chunks * 2 + c * 2; }

BnShape make_shape(int32_t n, int32_t c, int32_t h, int32_t w, int32_t vec) {
    BnShape s;
    s.c = c;
    s.hw = (int64_t)h * w / vec;
    s.m = (int64_t)n * s.hw;
    s.elements = (int64_t)n * h * w;
    s.chunks = (int32_t)batch_norm_chunks(s.elements);
    s.chunk = ceil_div(s.m, s.chunks);
    s.step_n = kBatchNormThreads / s.hw;
    s.step_hw = kBatchNormThreads % s.hw;
    s.vec = vec;
    return s;
}

// Values in chunk j of any channel.
__device__ __forceinline__ int64_t chunk_elements(const BnShape &s, int64_t j) {
    const int64_t left = s.m - j * s.chunk;
    const int64_t packs = left < 0 ? 0 : (left < s.chunk ? left : s.chunk);
    return packs * s.vec;
}

// Calls body(pack index into the NCHW tensor) for this thread's packs of chunk j of channel c,
// in increasing order. (n, hw) advance incrementally: one division per thread, not per pack.
template <class Body>
__device__ __forceinline__ void for_each_chunk_pack(const BnShape &s, int64_t c, int64_t j,
                                                    Body body) {
    const int64_t begin = j * s.chunk;
    const int64_t end = begin + s.chunk < s.m ? begin + s.chunk : s.m;
    int64_t p = begin + threadIdx.x;
    if (p >= end) return;
    int64_t n = p / s.hw;
    int64_t hw = p - n * s.hw;
    for (; p < end; p += kBatchNormThreads) {
        body((n * s.c + c) * s.hw + hw);
        n += s.step_n;
        hw += s.step_hw;
        if (hw >= s.hw) {
            hw -= s.hw;
            ++n;
        }
    }
}

template <int V>
struct Pack {
    float v[V];
};

template <int V>
__device__ __forceinline__ Pack<V> load_pack(const float *p, int64_t i) {
    Pack<V> r;
    if constexpr (V == 4) {
        const float4 q = load4(p, i);
        r.v[0] = q.x;
        r.v[1] = q.y;
        r.v[2] = q.z;
        r.v[3] = q.w;
    } else {
        r.v[0] = p[i];
    }
    return r;
}

template <int V>
__device__ __forceinline__ void store_pack(float *p, int64_t i, const Pack<V> &r) {
    if constexpr (V == 4) {
        float4 q;
        q.x = r.v[0];
        q.y = r.v[1];
        q.z = r.v[2];
        q.w = r.v[3];
        store4(p, i, q);
    } else {
        p[i] = r.v[0];
    }
}

// The pre-activation, spelt once so the forward and the backward round it identically.
__device__ __forceinline__ float preactivation(float x, float mean, float scale, float beta) {
    return fmaf(x - mean, scale, beta);
}

__device__ __forceinline__ float activate(float z, float neg_slope) {
    return z > 0.0f ? z : z * neg_slope;
}

// (count, mean, M2) of a set of values; M2 = sum of squared deviations from the mean.
struct Welford {
    int n;
    float mean;
    float m2;
};

// Chan et al.'s merge of two partials; an empty side (mean 0, M2 0) leaves the other unchanged.
__device__ __forceinline__ Welford merge(Welford a, Welford b) {
    const int n = a.n + b.n;
    if (n == 0) return a;
    const float wb = (float)b.n / (float)n;
    const float delta = b.mean - a.mean;
    Welford r;
    r.n = n;
    r.mean = fmaf(delta, wb, a.mean);
    r.m2 = a.m2 + b.m2 + delta * delta * (float)a.n * wb;
    return r;
}

__device__ __forceinline__ Welford shfl_down(Welford w, int offset) {
    w.n = __shfl_down_sync(kFullWarp, w.n, offset);
    w.mean = __shfl_down_sync(kFullWarp, w.mean, offset);
    w.m2 = __shfl_down_sync(kFullWarp, w.m2, offset);
    return w;
}

// The partial of one pack: the pack's own mean and M2, so a float4 costs one merge.
template <int V>
__device__ __forceinline__ Welford welford_of(const Pack<V> &p) {
    float sum = 0.0f;
    for (int k = 0; k < V; ++k) sum += p.v[k];
    const float mean = sum * (1.0f / V);
    float m2 = 0.0f;
    for (int k = 0; k < V; ++k) m2 += (p.v[k] - mean) * (p.v[k] - mean);
    return Welford{V, mean, m2};
}

struct GradSums {
    float dz;    // sum of dz
    float dzx;   // sum of dz * xhat
};

__device__ __forceinline__ GradSums shfl_down(GradSums g, int offset) {
    g.dz = __shfl_down_sync(kFullWarp, g.dz, offset);
    g.dzx = __shfl_down_sync(kFullWarp, g.dzx, offset);
    return g;
}

// Chan's merge in double, for the finalize.
__device__ __forceinline__ void merge_double(double &n, double &mean, double &m2, double nb,
                                             double mean_b, double m2_b) {
    const double total = n + nb;
    if (total == 0.0) return;
    const double delta = mean_b - mean;
    const double wb = nb / total;
    mean += delta * wb;
    m2 += m2_b + delta * delta * n * wb;
    n = total;
}

// =============================================================================================
// Kernels
// =============================================================================================

// Block (c, j): the (mean, M2) of chunk j of channel c -> partials[(c * chunks + j) * 2 + {0,1}].
template <int V>
__global__ void __launch_bounds__(kBatchNormThreads)
    batch_norm_forward_stats_kernel(const float *x, BnShape s, float *partials) {
    const int64_t c = blockIdx.x, j = blockIdx.y;
    Welford acc{0, 0.0f, 0.0f};
    for_each_chunk_pack(s, c, j,
                        [&](int64_t i) { acc = merge(acc, welford_of(load_pack<V>(x, i))); });
    acc = block_reduce(acc, [](Welford a, Welford b) { return merge(a, b); });
    if (threadIdx.x == 0) {
        partials[(c * s.chunks + j) * 2] = acc.mean;
        partials[(c * s.chunks + j) * 2 + 1] = acc.m2;
    }
}

// One warp per channel: lane l merges chunks l, l + 32, ... in double, then a shuffle tree.
// Writes save_mean, save_invstd (biased variance) and, when running_mean is not NULL, the
// running statistics with the unbiased variance.
__global__ void __launch_bounds__(kFinalizeWarps * kWarpSize)
    batch_norm_forward_finalize_kernel(const float *partials, BnShape s, float eps,
                                       float momentum, float *save_mean, float *save_invstd,
                                       float *running_mean, float *running_var) {
    const int64_t c = (int64_t)blockIdx.x * kFinalizeWarps + threadIdx.x / kWarpSize;
    if (c >= s.c) return;  // the whole warp leaves together; there is no barrier
    const int lane = threadIdx.x % kWarpSize;
    double n = 0.0, mean = 0.0, m2 = 0.0;
    for (int64_t j = lane; j < s.chunks; j += kWarpSize) {
        const float *part = partials + (c * s.chunks + j) * 2;
        merge_double(n, mean, m2, (double)chunk_elements(s, j), part[0], part[1]);
    }
    for (int offset = kWarpSize / 2; offset > 0; offset /= 2) {
        const double n_b = __shfl_down_sync(kFullWarp, n, offset);
        const double mean_b = __shfl_down_sync(kFullWarp, mean, offset);
        const double m2_b = __shfl_down_sync(kFullWarp, m2, offset);
        merge_double(n, mean, m2, n_b, mean_b, m2_b);
    }
    if (lane != 0) return;
    const double var = m2 / (double)s.elements;
    save_mean[c] = (float)mean;
    save_invstd[c] = (float)(1.0 / sqrt(var + (double)eps));
    if (running_mean != nullptr) {
        const double unbiased = m2 / (double)(s.elements - 1);
        running_mean[c] = (float)((1.0 - momentum) * running_mean[c] + (double)momentum * mean);
        running_var[c] = (float)((1.0 - momentum) * running_var[c] + (double)momentum * unbiased);
    }
}

// y = act(gamma * (x - mean) * invstd + beta) over block (c, j)'s chunk. invstd is read from
// `spread` (training: save_invstd), or computed from it as 1 / sqrt(spread + eps) when
// spread_is_var (inference: running_var).
template <int V>
__global__ void __launch_bounds__(kBatchNormThreads)
    batch_norm_forward_apply_kernel(const float *x, const float *gamma, const float *beta,
                                    float *y, const float *mean, const float *spread,
                                    int spread_is_var, float eps, float neg_slope, BnShape s) {
    const int64_t c = blockIdx.x, j = blockIdx.y;
    const float mu = mean[c];
    const float invstd = spread_is_var ? 1.0f / sqrtf(spread[c] + eps) : spread[c];
    const float scale = gamma[c] * invstd;
    const float shift = beta[c];
    for_each_chunk_pack(s, c, j, [&](int64_t i) {
        Pack<V> v = load_pack<V>(x, i);
        for (int k = 0; k < V; ++k)
            v.v[k] = activate(preactivation(v.v[k], mu, scale, shift), neg_slope);
        store_pack<V>(y, i, v);
    });
}

// Block (c, j): sum(dz) and sum(dz * xhat) over its chunk -> partials, dz = dy * act'(z).
template <int V>
__global__ void __launch_bounds__(kBatchNormThreads)
    batch_norm_backward_reduce_kernel(const float *dy, const float *x, const float *gamma,
                                      const float *beta, const float *save_mean,
                                      const float *save_invstd, float neg_slope, BnShape s,
                                      float *partials) {
    const int64_t c = blockIdx.x, j = blockIdx.y;
    const float mu = save_mean[c], invstd = save_invstd[c];
    const float scale = gamma[c] * invstd;
    const float shift = beta[c];
    GradSums acc{0.0f, 0.0f};
    for_each_chunk_pack(s, c, j, [&](int64_t i) {
        const Pack<V> g = load_pack<V>(dy, i);
        const Pack<V> v = load_pack<V>(x, i);
        for (int k = 0; k < V; ++k) {
            const float z = preactivation(v.v[k], mu, scale, shift);
            const float dz = z > 0.0f ? g.v[k] : g.v[k] * neg_slope;
            acc.dz += dz;
            acc.dzx = fmaf(dz, (v.v[k] - mu) * invstd, acc.dzx);
        }
    });
    acc = block_reduce(acc, [](GradSums a, GradSums b) {
        return GradSums{a.dz + b.dz, a.dzx + b.dzx};
    });
    if (threadIdx.x == 0) {
        partials[(c * s.chunks + j) * 2] = acc.dz;
        partials[(c * s.chunks + j) * 2 + 1] = acc.dzx;
    }
}

// One warp per channel: the chunk sums in double, in a fixed order -> dbeta = sum(dz),
// dgamma = sum(dz * xhat) (overwritten or accumulated), and the dx coefficients
// coefficients[c] = {k_mean, k_xhat}.
__global__ void __launch_bounds__(kFinalizeWarps * kWarpSize)
    batch_norm_backward_finalize_kernel(const float *partials, BnShape s, const float *gamma,
                                        const float *save_invstd, float *dgamma, float *dbeta,
                                        int accumulate, float *coefficients) {
    const int64_t c = (int64_t)blockIdx.x * kFinalizeWarps + threadIdx.x / kWarpSize;
    if (c >= s.c) return;  // the whole warp leaves together; there is no barrier
    const int lane = threadIdx.x % kWarpSize;
    double sum_dz = 0.0, sum_dzx = 0.0;
    for (int64_t j = lane; j < s.chunks; j += kWarpSize) {
        sum_dz += partials[(c * s.chunks + j) * 2];
        sum_dzx += partials[(c * s.chunks + j) * 2 + 1];
    }
    for (int offset = kWarpSize / 2; offset > 0; offset /= 2) {
        sum_dz += __shfl_down_sync(kFullWarp, sum_dz, offset);
        sum_dzx += __shfl_down_sync(kFullWarp, sum_dzx, offset);
    }
    if (lane != 0) return;
    dbeta[c] = accumulate ? dbeta[c] + (float)sum_dz : (float)sum_dz;
    dgamma[c] = accumulate ? dgamma[c] + (float)sum_dzx : (float)sum_dzx;
    // The same float product the data kernel uses for its scale * dz term.
    const double scale = (double)(gamma[c] * save_invstd[c]);
    coefficients[c * 2] = (float)(scale * sum_dz / (double)s.elements);
    coefficients[c * 2 + 1] = (float)(scale * sum_dzx / (double)s.elements);
}

// dx = scale * dz - k_mean - xhat * k_xhat over block (c, j)'s chunk; dx may alias dy.
template <int V>
__global__ void __launch_bounds__(kBatchNormThreads)
    batch_norm_backward_data_kernel(const float *dy, const float *x, const float *gamma,
                                    const float *beta, const float *save_mean,
                                    const float *save_invstd, const float *coefficients,
                                    float neg_slope, BnShape s, float *dx) {
    const int64_t c = blockIdx.x, j = blockIdx.y;
    const float mu = save_mean[c], invstd = save_invstd[c];
    const float scale = gamma[c] * invstd;
    const float shift = beta[c];
    const float k_mean = coefficients[c * 2], k_xhat = coefficients[c * 2 + 1];
    for_each_chunk_pack(s, c, j, [&](int64_t i) {
        Pack<V> g = load_pack<V>(dy, i);
        const Pack<V> v = load_pack<V>(x, i);
        for (int k = 0; k < V; ++k) {
            const float z = preactivation(v.v[k], mu, scale, shift);
            const float dz = z > 0.0f ? g.v[k] : g.v[k] * neg_slope;
            const float xhat = (v.v[k] - mu) * invstd;
            g.v[k] = fmaf(scale, dz, -fmaf(xhat, k_xhat, k_mean));
        }
        store_pack<V>(dx, i, g);
    });
}

// =============================================================================================
// Launchers
// =============================================================================================

int32_t check_shape(const char *function, int32_t n, int32_t c, int32_t h, int32_t w) {
    PANAGAN_REQUIRE_IN(function, n > 0, "n must be > 0, got %d", n);
    PANAGAN_REQUIRE_IN(function, c > 0, "c must be > 0, got %d", c);
    PANAGAN_REQUIRE_IN(function, h > 0, "h must be > 0, got %d", h);
    PANAGAN_REQUIRE_IN(function, w > 0, "w must be > 0, got %d", w);
    const double elements = (double)n * c * h * w;
    PANAGAN_REQUIRE_IN(function, elements <= kMaxElements,
                       "n*c*h*w must be <= %g, got %g", kMaxElements, elements);
    return PANAGAN_OK;
}

// The activation's negative-side slope (see the header comment), or a status when invalid.
int32_t check_activation(const char *function, int32_t activation, float slope,
                         float *neg_slope) {
    PANAGAN_REQUIRE_IN(function,
                       activation == PANAGAN_ACTIVATION_NONE ||
                           activation == PANAGAN_ACTIVATION_RELU ||
                           activation == PANAGAN_ACTIVATION_LEAKY_RELU,
                       "activation must be PANAGAN_ACTIVATION_NONE (0), _RELU (1) or "
                       "_LEAKY_RELU (2), got %d", activation);
    if (activation == PANAGAN_ACTIVATION_LEAKY_RELU)
        PANAGAN_REQUIRE_IN(function, slope >= 0.0f && std::isfinite(slope),
                           "slope must be finite and >= 0 for LEAKY_RELU, got %g", (double)slope);
    *neg_slope = activation == PANAGAN_ACTIVATION_NONE   ? 1.0f
                 : activation == PANAGAN_ACTIVATION_RELU ? 0.0f
                                                         : slope;
    return PANAGAN_OK;
}

int32_t check_eps(const char *function, float eps) {
    PANAGAN_REQUIRE_IN(function, eps > 0.0f && std::isfinite(eps),
                       "eps must be finite and > 0, got %g", (double)eps);
    return PANAGAN_OK;
}

int32_t check_workspace(const char *function, int32_t n, int32_t c, int32_t h, int32_t w,
                        const void *workspace, int64_t workspace_bytes) {
    const int64_t needed =
        workspace_floats(c, batch_norm_chunks((int64_t)n * h * w)) * (int64_t)sizeof(float);
    if (workspace_bytes < needed)
        return fail(PANAGAN_WORKSPACE_TOO_SMALL, function,
                    "workspace_bytes must be >= %lld for n=%d c=%d h=%d w=%d, got %lld",
                    (long long)needed, n, c, h, w, (long long)workspace_bytes);
    PANAGAN_REQUIRE_IN(function, workspace != nullptr, "workspace must not be NULL");
    PANAGAN_REQUIRE_IN(function, ((uintptr_t)workspace & 3u) == 0,
                       "workspace must be 4-byte aligned, got %p", workspace);
    return PANAGAN_OK;
}

// Packs of 4 need whole packs per plane and 16-byte aligned tensors.
template <class... Tensors>
int32_t pack_width(int32_t h, int32_t w, const Tensors *...tensors) {
    return ((int64_t)h * w) % kPack == 0 && aligned16(tensors...) ? kPack : 1;
}

dim3 chunk_grid(const BnShape &s) { return dim3((unsigned)s.c, (unsigned)s.chunks); }

unsigned finalize_blocks(const BnShape &s) { return (unsigned)ceil_div(s.c, kFinalizeWarps); }

// Launches the apply kernel for either forward mode.
void launch_apply(const float *x, const float *gamma, const float *beta, float *y,
                  const float *mean, const float *spread, int spread_is_var, float eps,
                  float neg_slope, const BnShape &s, panagan_stream_t stream) {
    if (s.vec == kPack)
        GPUSIM_LAUNCH(batch_norm_forward_apply_kernel<kPack>, chunk_grid(s), kBatchNormThreads,
                      0, stream, x, gamma, beta, y, mean, spread, spread_is_var, eps, neg_slope,
                      s);
    else
        GPUSIM_LAUNCH(batch_norm_forward_apply_kernel<1>, chunk_grid(s), kBatchNormThreads, 0,
                      stream, x, gamma, beta, y, mean, spread, spread_is_var, eps, neg_slope, s);
}

}  // namespace
}  // namespace panagan

using namespace panagan;

#define REQUIRE_NOT_NULL(p) PANAGAN_REQUIRE((p) != nullptr, #p " must not be NULL")
#define RETURN_IF_FAILED(call)                  \
    do {                                        \
        if (int32_t status_ = (call)) return status_; \
    } while (0)

extern "C" int64_t panagan_batch_norm_workspace_size(int32_t n, int32_t c, int32_t h,
                                                     int32_t w) {
    clear_error();
    if (check_shape(__func__, n, c, h, w) != PANAGAN_OK) return -1;
    return workspace_floats(c, batch_norm_chunks((int64_t)n * h * w)) * (int64_t)sizeof(float);
}

extern "C" int32_t panagan_batch_norm_forward_training(
    const float *x, const float *gamma, const float *beta, float *y, float *running_mean,
    float *running_var, float *save_mean, float *save_invstd, int32_t n, int32_t c, int32_t h,
    int32_t w, float momentum, float eps, int32_t activation, float slope, void *workspace,
    int64_t workspace_bytes, panagan_stream_t stream) {
    clear_error();
    REQUIRE_NOT_NULL(x);
    REQUIRE_NOT_NULL(gamma);
    REQUIRE_NOT_NULL(beta);
    REQUIRE_NOT_NULL(y);
    REQUIRE_NOT_NULL(save_mean);
    REQUIRE_NOT_NULL(save_invstd);
    PANAGAN_REQUIRE((running_mean == nullptr) == (running_var == nullptr),
                    "running_mean and running_var must both be NULL or both be set, got %p "
                    "and %p", (void *)running_mean, (void *)running_var);
    RETURN_IF_FAILED(check_shape(__func__, n, c, h, w));
    PANAGAN_REQUIRE(momentum >= 0.0f && momentum <= 1.0f, "momentum must be in [0, 1], got %g",
                    (double)momentum);
    RETURN_IF_FAILED(check_eps(__func__, eps));
    float neg_slope = 1.0f;
    RETURN_IF_FAILED(check_activation(__func__, activation, slope, &neg_slope));
    PANAGAN_REQUIRE(running_mean == nullptr || (int64_t)n * h * w > 1,
                    "n*h*w must be > 1 to update the running variance (it divides by n*h*w - "
                    "1), got n=%d h=%d w=%d", n, h, w);
    RETURN_IF_FAILED(check_workspace(__func__, n, c, h, w, workspace, workspace_bytes));

    const BnShape s = make_shape(n, c, h, w, pack_width(h, w, x, y));
    float *partials = static_cast<float *>(workspace);
    if (s.vec == kPack)
        GPUSIM_LAUNCH(batch_norm_forward_stats_kernel<kPack>, chunk_grid(s), kBatchNormThreads,
                      0, stream, x, s, partials);
    else
        GPUSIM_LAUNCH(batch_norm_forward_stats_kernel<1>, chunk_grid(s), kBatchNormThreads, 0,
                      stream, x, s, partials);
    RETURN_IF_FAILED(check_launch(__func__));
    GPUSIM_LAUNCH(batch_norm_forward_finalize_kernel, finalize_blocks(s),
                  kFinalizeWarps * kWarpSize, 0, stream, partials, s, eps, momentum, save_mean,
                  save_invstd, running_mean, running_var);
    RETURN_IF_FAILED(check_launch(__func__));
    launch_apply(x, gamma, beta, y, save_mean, save_invstd, 0, eps, neg_slope, s, stream);
    return check_launch(__func__);
}

extern "C" int32_t panagan_batch_norm_forward_inference(
    const float *x, const float *gamma, const float *beta, float *y, const float *running_mean,
    const float *running_var, int32_t n, int32_t c, int32_t h, int32_t w, float eps,
    int32_t activation, float slope, panagan_stream_t stream) {
    clear_error();
    REQUIRE_NOT_NULL(x);
    REQUIRE_NOT_NULL(gamma);
    REQUIRE_NOT_NULL(beta);
    REQUIRE_NOT_NULL(y);
    REQUIRE_NOT_NULL(running_mean);
    REQUIRE_NOT_NULL(running_var);
    RETURN_IF_FAILED(check_shape(__func__, n, c, h, w));
    RETURN_IF_FAILED(check_eps(__func__, eps));
    float neg_slope = 1.0f;
    RETURN_IF_FAILED(check_activation(__func__, activation, slope, &neg_slope));

    const BnShape s = make_shape(n, c, h, w, pack_width(h, w, x, y));
    launch_apply(x, gamma, beta, y, running_mean, running_var, 1, eps, neg_slope, s, stream);
    return check_launch(__func__);
}

extern "C" int32_t panagan_batch_norm_backward(
    const float *dy, const float *x, const float *gamma, const float *beta,
    const float *save_mean, const float *save_invstd, float *dx, float *dgamma, float *dbeta,
    int32_t accumulate, int32_t n, int32_t c, int32_t h, int32_t w, int32_t activation,
    float slope, void *workspace, int64_t workspace_bytes, panagan_stream_t stream) {
    clear_error();
    REQUIRE_NOT_NULL(dy);
    REQUIRE_NOT_NULL(x);
    REQUIRE_NOT_NULL(gamma);
    REQUIRE_NOT_NULL(beta);
    REQUIRE_NOT_NULL(save_mean);
    REQUIRE_NOT_NULL(save_invstd);
    REQUIRE_NOT_NULL(dx);
    REQUIRE_NOT_NULL(dgamma);
    REQUIRE_NOT_NULL(dbeta);
    PANAGAN_REQUIRE(accumulate == 0 || accumulate == 1, "accumulate must be 0 or 1, got %d",
                    accumulate);
    RETURN_IF_FAILED(check_shape(__func__, n, c, h, w));
    float neg_slope = 1.0f;
    RETURN_IF_FAILED(check_activation(__func__, activation, slope, &neg_slope));
    RETURN_IF_FAILED(check_workspace(__func__, n, c, h, w, workspace, workspace_bytes));

    const BnShape s = make_shape(n, c, h, w, pack_width(h, w, dy, x, dx));
    float *partials = static_cast<float *>(workspace);
    float *coefficients = partials + (int64_t)s.c * s.chunks * 2;
    if (s.vec == kPack)
        GPUSIM_LAUNCH(batch_norm_backward_reduce_kernel<kPack>, chunk_grid(s), kBatchNormThreads,
                      0, stream, dy, x, gamma, beta, save_mean, save_invstd, neg_slope, s,
                      partials);
    else
        GPUSIM_LAUNCH(batch_norm_backward_reduce_kernel<1>, chunk_grid(s), kBatchNormThreads, 0,
                      stream, dy, x, gamma, beta, save_mean, save_invstd, neg_slope, s,
                      partials);
    RETURN_IF_FAILED(check_launch(__func__));
    GPUSIM_LAUNCH(batch_norm_backward_finalize_kernel, finalize_blocks(s),
                  kFinalizeWarps * kWarpSize, 0, stream, partials, s, gamma, save_invstd, dgamma,
                  dbeta, accumulate, coefficients);
    RETURN_IF_FAILED(check_launch(__func__));
    if (s.vec == kPack)
        GPUSIM_LAUNCH(batch_norm_backward_data_kernel<kPack>, chunk_grid(s), kBatchNormThreads, 0,
                      stream, dy, x, gamma, beta, save_mean, save_invstd, coefficients,
                      neg_slope, s, dx);
    else
        GPUSIM_LAUNCH(batch_norm_backward_data_kernel<1>, chunk_grid(s), kBatchNormThreads, 0,
                      stream, dy, x, gamma, beta, save_mean, save_invstd, coefficients,
                      neg_slope, s, dx);
    return check_launch(__func__);
}
