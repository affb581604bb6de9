/*
 * conv_common.cuh: the kernels behind 2-D convolution (conv2d.cu) and transposed convolution
 * (conv_transpose2d.cu), and the host helpers their launchers share.
 *
 * Legend: N batch, C channels, H W spatial, K kernel, S stride, P padding; tensors are NCHW.
 *
 * Both operations relate a "fine" tensor, a "coarse" tensor and a weight,
 *     fine [N, C_f, H_f, W_f]     coarse [N, C_c, H_c, W_c]     w [C_c, C_f, K_h, K_w]
 * where fine row i meets coarse row o through kernel row k when i = o*S_h - P_h + k (columns
 * alike). Conv2d has coarse = y and fine = x; ConvTranspose2d has coarse = x and fine = y, and
 * PyTorch's two weight layouts, [C_out, C_in, K, K] and [C_in, C_out, K, K], are then both
 * [C_c, C_f, K_h, K_w]. So the six passes need four kernels and a reduction:
 *
 *   conv_forward_kernel          coarse[n,c,o] = sum_{f,k} w[c,f,k] * fine[n,f,o*S-P+k]
 *                                  conv2d forward, conv_transpose2d backward-data
 *   conv_backward_data_kernel    fine[n,f,i] = sum_{c,k,o: i = o*S-P+k} w[c,f,k] * coarse[n,c,o]
 *                                  conv2d backward-data, conv_transpose2d forward
 *   conv_backward_weight_kernel  dw[c,f,k] = sum_{n,o} coarse[n,c,o] * fine[n,f,o*S-P+k]
 *                                  both weight gradients, as split-K partials
 *   conv_channel_sum_kernel      per-channel sums of dy (both bias gradients), split the same way
 *   conv_split_reduce_kernel     adds the partials in split order; overwrites or accumulates
 *
 * The three GEMM kernels are implicit GEMMs: each step stages a BK-deep slice of A and B in
 * shared memory straight from the tensors (gathered patches, zero outside the image; no im2col
 * buffer), double-buffered so one barrier per step suffices, and each thread keeps a TM x TN
 * block of the result in registers. A thread's TM rows are adjacent (one vector shared load)
 * and its TN columns are BN/TN apart, so a warp's loads of B and stores of C are contiguous.
 *
 *   forward          C[c][p] = sum_q A[c][q] B[q][p]; c coarse channel, p = (n, o_h, o_w),
 *                    q = (f, k_h, k_w); A is w read row-major, B the gathered fine patches.
 *   backward-data    per output phase (a, b) = (i_h mod S_h, i_w mod S_w) one dense GEMM:
 *                    only kernel rows k = (a + P_h) mod S_h + S_h*t reach fine rows of phase a,
 *                    from coarse row (i_h + P_h - k) / S_h, so no multiply touches the zeros a
 *                    scatter formulation would insert. C[f][p], p = (n, i_h, i_w) of the phase,
 *                    q = (c, t_h, t_w).
 *   backward-weight  C[c][q] = sum_r A[c][r] B[r][q]; r = (n, o_h, o_w) over the batch,
 *                    split into chunks (blockIdx.z) written to the caller's workspace.
 *
 * Launch shapes: GEMM grids are (column tiles, row tiles[, splits]) of 256-thread blocks,
 * TileWide or, for 16 or fewer output rows, TileNarrow; the channel sums (channels, splits) of
 * kChannelSumThreads; the reduction a grid-stride loop.
 *
 * Index widths: pixel counts, offsets inside one sample (C*H*W) and weight offsets are 32-bit in
 * the inner loops (kMaxIndex bounds them); a sample's base offset is 64-bit, so a batch may pass
 * 2^31 elements.
 *
 * Everything here has internal linkage: each including file compiles the kernels it launches.
 */
#ifndef PANAGAN_CONV_COMMON_CUH
#define PANAGAN_CONV_COMMON_CUH

#include <cstdint>

#include "launch.cuh"

namespace panagan {
namespace {

// ---------------------------------------------------------------------------------------------
// Shapes, limits and tiles
// ---------------------------------------------------------------------------------------------

// One convolution in the fine/coarse terms above.
struct ConvShape {
    int32_t n;
    int32_t c_fine, h_fine, w_fine;
    int32_t c_coarse, h_coarse, w_coarse;
    int32_t k_h, k_w, s_h, s_w, p_h, p_w;
};

// Pixel counts, per-sample element counts and the weight's size stay below 2^30, so a 32-bit
// index plus a tile's reach (a few hundred) can never overflow.
constexpr int64_t kMaxIndex = int64_t(1) << 30;

// grid.y counts 64-channel row tiles and may not pass 65535 blocks.
constexpr int64_t kMaxChannels = int64_t(65535) * 64;

// Division by a divisor fixed for the whole launch as a multiply-high, an add and a shift
// (Granlund and Montgomery): the gathers split every index into (channel, row, column) and a
// hardware 32-bit division costs about 20 instructions. Exact for 0 <= n < 2^31, 1 <= d < 2^31.
// Built on the host only: its 64-bit division would be a call, and spills, on the device.
struct FastDivmod {
    uint32_t divisor;
    uint32_t multiplier;
    uint32_t shift;

    FastDivmod() = default;

    explicit FastDivmod(int32_t d) : divisor((uint32_t)d), multiplier(0), shift(0) {
        while (shift < 31 && (1u << shift) < divisor) ++shift;
        uint64_t excess = (uint64_t(1) << shift) - divisor;
        multiplier = (uint32_t)(((excess << 32) / divisor) + 1);
    }

    __host__ __device__ int32_t div(int32_t n) const {
        uint32_t high = (uint32_t)(((uint64_t)(uint32_t)n * multiplier) >> 32);
        return (int32_t)((high + (uint32_t)n) >> shift);
    }

    __host__ __device__ void divmod(int32_t n, int32_t &quotient, int32_t &remainder) const {
        quotient = div(n);
        remainder = n - quotient * (int32_t)divisor;
    }
};

// Floats of padding after each shared tile row: a warp storing down a column of the tile (the
// transposing stores) then meets 2-way bank conflicts instead of 16-way, and rows stay 16-byte
// aligned for the vector loads of the inner loop.
constexpr int kSmemPad = 4;

// A block computes a BM x BN tile of C with (BM/TM) x (BN/TN) threads, TM x TN each, reducing
// BK at a time. BK = 16 gives a thread TM*TN*16 multiply-adds per barrier (256 in TileWide),
// and two stages of both tiles stay under 20 KiB of shared memory.
template <int BM_, int BN_, int TM_, int TN_>
struct Tile {
    static constexpr int BM = BM_;
    static constexpr int BN = BN_;
    static constexpr int BK = 16;
    static constexpr int TM = TM_;
    static constexpr int TN = TN_;
    static constexpr int kThreadsN = BN / TN;
    static constexpr int kThreads = (BM / TM) * kThreadsN;
    static constexpr int kLdA = BM + kSmemPad;
    static constexpr int kLdB = BN + kSmemPad;
    static constexpr int kStageA = BK * kLdA;
    static constexpr int kStageB = BK * kLdB;
    static constexpr int kAPerThread = BM * BK / kThreads;
    static constexpr int kBPerThread = BK * BN / kThreads;
    // Four resident blocks per SM: __launch_bounds__ then caps registers at 64, where a 65th
    // would leave room for three; every kernel fits in 64 without spilling.
    static constexpr int kMinBlocks = 4;
    static_assert(kThreads % BK == 0 && kThreads % BN == 0, "loaders need whole rows");
    static_assert(BM * BK % kThreads == 0 && BK * BN % kThreads == 0, "even tile loads");
};

// 64 x 64, 4 x 4 per thread, 256 threads: one vector and four scalar shared loads per 16
// multiply-adds, 17 KiB of shared memory.
using TileWide = Tile<64, 64, 4, 4>;
// For 16 or fewer output channels (a generator's RGB layer, a discriminator's logit) a 64-row
// tile would multiply mostly zero rows: 16 rows by 128 pixels over 256 threads instead, 2 x 4
// each (4 x 4 over 128 threads holds 16 gathered values per step and spilled on sm_86/89).
using TileNarrow = Tile<16, 128, 2, 4>;

// Channel sums: 8 warps per block, one block per (channel, split).
constexpr int kChannelSumThreads = 256;

// Split-K sizing, from the shape alone, so the workspace size and the summation order (hence
// the bits of the result) never depend on the device:
// about four resident 256-thread blocks on each of an H100/H200's 132 SMs;
constexpr int64_t kSplitTargetBlocks = 512;
// a weight-gradient split runs at least 8 BK-steps, so a block reads at least 4x the partial
// tile it writes back;
constexpr int64_t kSplitMinSteps = 8;
// a channel-sum split adds at least 16 elements per thread;
constexpr int64_t kChannelSumMinChunk = 16 * kChannelSumThreads;
// and partials stay a bounded multiple of the gradient (grid.z / grid.y limits are far above).
constexpr int64_t kMaxSplits = 256;

// ---------------------------------------------------------------------------------------------
// Kernels
// ---------------------------------------------------------------------------------------------

// One staged step: for each of the BK reduction rows, the thread's TM values of A times its TN
// values of B, added into its TM x TN accumulators.
template <class T>
__device__ __forceinline__ void multiply_stage(const float *sa, const float *sb, int row,
                                               int col, float (&acc)[T::TM][T::TN]) {
#pragma unroll
    for (int k = 0; k < T::BK; ++k) {
        float a[T::TM], b[T::TN];
#pragma unroll
        for (int i = 0; i < T::TM; ++i) a[i] = sa[k * T::kLdA + row + i];
#pragma unroll
        for (int j = 0; j < T::TN; ++j) b[j] = sb[k * T::kLdB + col + j * T::kThreadsN];
#pragma unroll
        for (int i = 0; i < T::TM; ++i)
#pragma unroll
            for (int j = 0; j < T::TN; ++j) acc[i][j] += a[i] * b[j];
    }
}

// The main loop every GEMM kernel shares: reduction indices [q_begin, q_end) in BK steps. The
// loaders fetch a step into registers (zero outside the problem) and stash it as a [BK][BM] or
// [BK][BN] stage; the next step's global loads are in flight while this one multiplies.
// q_begin and q_end must be the same in every thread of the block: all of them reach each
// barrier, the same number of times.
template <class T, class LoadA, class LoadB>
__device__ __forceinline__ void gemm_mainloop(const LoadA &load_a, const LoadB &load_b,
                                              int32_t q_begin, int32_t q_end, float *smem,
                                              float (&acc)[T::TM][T::TN]) {
    float *sa = smem;
    float *sb = smem + 2 * T::kStageA;
    const int row = (int)(threadIdx.x / T::kThreadsN) * T::TM;
    const int col = (int)(threadIdx.x % T::kThreadsN);
    const int32_t steps = (q_end - q_begin + T::BK - 1) / T::BK;
    float ra[T::kAPerThread], rb[T::kBPerThread];

    load_a.fetch(q_begin, ra);
    load_b.fetch(q_begin, rb);
    load_a.stash(ra, sa);
    load_b.stash(rb, sb);
    __syncthreads();
    for (int32_t s = 0; s < steps; ++s) {
        const int stage = s & 1;
        const bool more = s + 1 < steps;
        if (more) {
            load_a.fetch(q_begin + (s + 1) * T::BK, ra);
            load_b.fetch(q_begin + (s + 1) * T::BK, rb);
        }
        multiply_stage<T>(sa + stage * T::kStageA, sb + stage * T::kStageB, row, col, acc);
        if (more) {
            load_a.stash(ra, sa + (stage ^ 1) * T::kStageA);
            load_b.stash(rb, sb + (stage ^ 1) * T::kStageB);
        }
        __syncthreads();
    }
}

// A[m][q] = w[m*cols + q]: a row-major weight (forward). Each thread fetches one q for
// kAPerThread rows, so 16 adjacent threads read 16 adjacent floats of a row.
template <class T>
struct WeightRowLoader {
    static constexpr int kRowStep = T::kThreads / T::BK;
    const float *w;
    int32_t rows, cols, row0, lane_row, lane_q;

    __device__ WeightRowLoader(const float *w_, int32_t rows_, int32_t cols_, int32_t m0)
        : w(w_), rows(rows_), cols(cols_), row0(m0 + (int32_t)(threadIdx.x / T::BK)),
          lane_row((int32_t)(threadIdx.x / T::BK)), lane_q((int32_t)(threadIdx.x % T::BK)) {}

    __device__ void fetch(int32_t q0, float (&r)[T::kAPerThread]) const {
        const int32_t q = q0 + lane_q;
#pragma unroll
        for (int i = 0; i < T::kAPerThread; ++i) {
            const int32_t m = row0 + i * kRowStep;
            r[i] = (m < rows && q < cols) ? w[m * cols + q] : 0.0f;
        }
    }

    __device__ void stash(const float (&r)[T::kAPerThread], float *sa) const {
#pragma unroll
        for (int i = 0; i < T::kAPerThread; ++i)
            sa[lane_q * T::kLdA + lane_row + i * kRowStep] = r[i];
    }
};

// The geometry the forward and weight-gradient gathers need, divisors prepared on the host.
struct GatherParams {
    ConvShape s;
    int32_t pixels;       // N * H_c * W_c: forward columns, weight-gradient reduction length
    int32_t taps_total;   // C_f * K_h * K_w: forward reduction length, weight-gradient columns
    FastDivmod taps;      // K_h * K_w
    FastDivmod k_w;
    FastDivmod hw_coarse;  // H_c * W_c
    FastDivmod w_coarse;
};

// B[q][p] = fine[n, f, o_h*S_h - P_h + k_h, o_w*S_w - P_w + k_w] with p = (n, o_h, o_w) and
// q = (f, k_h, k_w) (forward). A thread owns one column p for the whole loop; adjacent threads
// own adjacent pixels, so with stride 1 a warp reads a contiguous run of an image row.
template <class T>
struct PatchColumnLoader {
    static constexpr int kRowStep = T::kThreads / T::BN;
    const float *fine;
    int64_t sample;  // offset of this pixel's sample in fine
    int32_t i_h0, i_w0, q_end, lane_row, lane_p;
    bool valid;
    int32_t h_f, w_f, hw_f;
    FastDivmod taps, k_w;

    __device__ PatchColumnLoader(const float *fine_, const GatherParams &g, int32_t p0)
        : fine(fine_), q_end(g.taps_total), lane_row((int32_t)(threadIdx.x / T::BN)),
          lane_p((int32_t)(threadIdx.x % T::BN)), h_f(g.s.h_fine), w_f(g.s.w_fine),
          hw_f(g.s.h_fine * g.s.w_fine), taps(g.taps), k_w(g.k_w) {
        const int32_t p = p0 + lane_p;
        valid = p < g.pixels;
        int32_t n, hw, o_h, o_w;
        g.hw_coarse.divmod(valid ? p : 0, n, hw);
        g.w_coarse.divmod(hw, o_h, o_w);
        sample = (int64_t)n * g.s.c_fine * hw_f;
        i_h0 = o_h * g.s.s_h - g.s.p_h;
        i_w0 = o_w * g.s.s_w - g.s.p_w;
    }

    __device__ void fetch(int32_t q0, float (&r)[T::kBPerThread]) const {
#pragma unroll
        for (int i = 0; i < T::kBPerThread; ++i) {
            const int32_t q = q0 + lane_row + i * kRowStep;
            int32_t f, tap, kh, kw;
            taps.divmod(q, f, tap);
            k_w.divmod(tap, kh, kw);
            const int32_t ih = i_h0 + kh, iw = i_w0 + kw;
            const bool inside = valid && q < q_end && (uint32_t)ih < (uint32_t)h_f &&
                                (uint32_t)iw < (uint32_t)w_f;
            r[i] = inside ? fine[sample + f * hw_f + ih * w_f + iw] : 0.0f;
        }
    }

    __device__ void stash(const float (&r)[T::kBPerThread], float *sb) const {
#pragma unroll
        for (int i = 0; i < T::kBPerThread; ++i)
            sb[(lane_row + i * kRowStep) * T::kLdB + lane_p] = r[i];
    }
};

// coarse = conv(fine, w) + bias: C[c][p] over c < C_c, p < N*H_c*W_c. Grid (pixel tiles,
// channel tiles); bias may be NULL. Overwrites coarse.
template <class T>
__global__ void __launch_bounds__(T::kThreads, T::kMinBlocks)
conv_forward_kernel(const float *__restrict__ fine, const float *__restrict__ w,
                    const float *__restrict__ bias, float *__restrict__ coarse, GatherParams g) {
    __shared__ __align__(16) float smem[2 * (T::kStageA + T::kStageB)];
    const int32_t m0 = (int32_t)blockIdx.y * T::BM;
    const int32_t p0 = (int32_t)blockIdx.x * T::BN;
    float acc[T::TM][T::TN] = {};

    WeightRowLoader<T> load_a(w, g.s.c_coarse, g.taps_total, m0);
    PatchColumnLoader<T> load_b(fine, g, p0);
    gemm_mainloop<T>(load_a, load_b, 0, g.taps_total, smem, acc);

    const int32_t hw_c = g.s.h_coarse * g.s.w_coarse;
    const int32_t row = m0 + (int32_t)(threadIdx.x / T::kThreadsN) * T::TM;
#pragma unroll
    for (int j = 0; j < T::TN; ++j) {
        const int32_t p = p0 + (int32_t)(threadIdx.x % T::kThreadsN) + j * T::kThreadsN;
        if (p >= g.pixels) continue;
        int32_t n, hw;
        g.hw_coarse.divmod(p, n, hw);
        float *out = coarse + (int64_t)n * g.s.c_coarse * hw_c + hw;
#pragma unroll
        for (int i = 0; i < T::TM; ++i) {
            const int32_t c = row + i;
            if (c < g.s.c_coarse) out[c * hw_c] = acc[i][j] + (bias ? bias[c] : 0.0f);
        }
    }
}

// One output phase along one axis: fine rows i = a + S*j (j < count) take kernel rows
// k = r + S*t (t < taps) from coarse row j + q - t.
struct Phase {
    int32_t r, q, taps, count;
};

__device__ __forceinline__ Phase make_phase(int32_t a, int32_t fine_size, int32_t k, int32_t s,
                                            int32_t pad) {
    Phase ph;
    ph.r = (a + pad) % s;
    ph.q = (a + pad) / s;
    ph.taps = ph.r < k ? (k - ph.r + s - 1) / s : 0;
    ph.count = a < fine_size ? (fine_size - a + s - 1) / s : 0;
    return ph;
}

// Over the phases of one axis, taps takes only the values floor(K/S) and floor(K/S) + 1, and
// count only floor(H_f/S) and floor(H_f/S) + 1, so the host prepares a divisor for each and a
// block picks its own (no divisor is built on the device).
struct AxisDivisors {
    int32_t taps_low, count_low;
    FastDivmod taps[2], count[2];
};

inline AxisDivisors make_axis_divisors(int32_t fine_size, int32_t k, int32_t s) {
    AxisDivisors d;
    d.taps_low = k / s;
    d.count_low = fine_size / s;
    for (int i = 0; i < 2; ++i) {
        d.taps[i] = FastDivmod(d.taps_low + i > 0 ? d.taps_low + i : 1);
        d.count[i] = FastDivmod(d.count_low + i > 0 ? d.count_low + i : 1);
    }
    return d;
}

// The backward-data kernel's arguments: the shape and the divisors its gathers need.
struct PhaseParams {
    ConvShape s;
    int32_t tiles_per_phase;  // pixel tiles per phase along grid.x
    AxisDivisors h, w;
    FastDivmod taps[2][2];    // taps_h * taps_w, by [taps_h - taps_low_h][taps_w - taps_low_w]
};

// What one backward-data block knows of its phase (a, b). Its reduction index is
// q = (c, t_h, t_w), taps fastest, so the A tile's adjacent q read nearby weights; its pixel
// index is p = (n, j_h, j_w).
struct PhaseGeometry {
    Phase h, w;
    int32_t pixels;  // N * count_h * count_w
    int32_t depth;   // C_c * taps_h * taps_w, the phase's reduction length
    FastDivmod taps, taps_w, count_w, count_h;

    __device__ PhaseGeometry(const PhaseParams &pp, int32_t phase) {
        const ConvShape &s = pp.s;
        h = make_phase(phase / s.s_w, s.h_fine, s.k_h, s.s_h, s.p_h);
        w = make_phase(phase % s.s_w, s.w_fine, s.k_w, s.s_w, s.p_w);
        pixels = s.n * h.count * w.count;
        depth = s.c_coarse * h.taps * w.taps;
        const bool more_h = h.taps != pp.h.taps_low, more_w = w.taps != pp.w.taps_low;
        taps = more_h ? (more_w ? pp.taps[1][1] : pp.taps[1][0])
                      : (more_w ? pp.taps[0][1] : pp.taps[0][0]);
        taps_w = more_w ? pp.w.taps[1] : pp.w.taps[0];
        count_w = w.count == pp.w.count_low ? pp.w.count[0] : pp.w.count[1];
        count_h = h.count == pp.h.count_low ? pp.h.count[0] : pp.h.count[1];
    }

    // p -> (sample, j_h, j_w)
    __device__ void split_pixel(int32_t p, int32_t &n, int32_t &jh, int32_t &jw) const {
        int32_t rows;
        count_w.divmod(p, rows, jw);
        count_h.divmod(rows, n, jh);
    }
};

// A[f][q] = w[c, f, r_h + S_h*t_h, r_w + S_w*t_w]: the phase's sub-kernel. Each thread splits
// one q per step and fetches it for kAPerThread channels f.
template <class T>
struct PhaseWeightLoader {
    static constexpr int kRowStep = T::kThreads / T::BK;
    const float *w;
    int32_t rows, row0, lane_row, lane_q, q_end;
    int32_t c_stride, f_stride, k_w, s_h, s_w, r_h, r_w;
    FastDivmod taps, taps_w;

    __device__ PhaseWeightLoader(const float *w_, const PhaseParams &pp, const PhaseGeometry &pg,
                                 int32_t m0)
        : w(w_), rows(pp.s.c_fine), row0(m0 + (int32_t)(threadIdx.x / T::BK)),
          lane_row((int32_t)(threadIdx.x / T::BK)), lane_q((int32_t)(threadIdx.x % T::BK)),
          q_end(pg.depth), c_stride(pp.s.c_fine * pp.s.k_h * pp.s.k_w),
          f_stride(pp.s.k_h * pp.s.k_w), k_w(pp.s.k_w), s_h(pp.s.s_h), s_w(pp.s.s_w),
          r_h(pg.h.r), r_w(pg.w.r), taps(pg.taps), taps_w(pg.taps_w) {}

    __device__ void fetch(int32_t q0, float (&r)[T::kAPerThread]) const {
        const int32_t q = q0 + lane_q;
        int32_t c, t, th, tw;
        taps.divmod(q, c, t);
        taps_w.divmod(t, th, tw);
        const bool live = q < q_end;
        const int32_t base = live ? c * c_stride + (r_h + s_h * th) * k_w + r_w + s_w * tw : 0;
#pragma unroll
        for (int i = 0; i < T::kAPerThread; ++i) {
            const int32_t f = row0 + i * kRowStep;
            r[i] = (live && f < rows) ? w[base + f * f_stride] : 0.0f;
        }
    }

    __device__ void stash(const float (&r)[T::kAPerThread], float *sa) const {
#pragma unroll
        for (int i = 0; i < T::kAPerThread; ++i)
            sa[lane_q * T::kLdA + lane_row + i * kRowStep] = r[i];
    }
};

// B[q][p] = coarse[n, c, j_h + q_h - t_h, j_w + q_w - t_w]. A thread owns one pixel p for the
// whole loop; adjacent threads own adjacent j_w, hence adjacent coarse columns.
template <class T>
struct PhaseColumnLoader {
    static constexpr int kRowStep = T::kThreads / T::BN;
    const float *coarse;
    int64_t sample;
    int32_t o_h0, o_w0, q_end, lane_row, lane_p, h_c, w_c, hw_c;
    bool valid;
    FastDivmod taps, taps_w;

    __device__ PhaseColumnLoader(const float *coarse_, const PhaseParams &pp,
                                 const PhaseGeometry &pg, int32_t p0)
        : coarse(coarse_), q_end(pg.depth), lane_row((int32_t)(threadIdx.x / T::BN)),
          lane_p((int32_t)(threadIdx.x % T::BN)), h_c(pp.s.h_coarse), w_c(pp.s.w_coarse),
          hw_c(pp.s.h_coarse * pp.s.w_coarse), taps(pg.taps), taps_w(pg.taps_w) {
        const int32_t p = p0 + lane_p;
        valid = p < pg.pixels;
        int32_t n, jh, jw;
        pg.split_pixel(valid ? p : 0, n, jh, jw);
        sample = (int64_t)n * pp.s.c_coarse * hw_c;
        o_h0 = jh + pg.h.q;
        o_w0 = jw + pg.w.q;
    }

    __device__ void fetch(int32_t q0, float (&r)[T::kBPerThread]) const {
#pragma unroll
        for (int i = 0; i < T::kBPerThread; ++i) {
            const int32_t q = q0 + lane_row + i * kRowStep;
            int32_t c, t, th, tw;
            taps.divmod(q, c, t);
            taps_w.divmod(t, th, tw);
            const int32_t oh = o_h0 - th, ow = o_w0 - tw;
            const bool inside = valid && q < q_end && (uint32_t)oh < (uint32_t)h_c &&
                                (uint32_t)ow < (uint32_t)w_c;
            r[i] = inside ? coarse[sample + c * hw_c + oh * w_c + ow] : 0.0f;
        }
    }

    __device__ void stash(const float (&r)[T::kBPerThread], float *sb) const {
#pragma unroll
        for (int i = 0; i < T::kBPerThread; ++i)
            sb[(lane_row + i * kRowStep) * T::kLdB + lane_p] = r[i];
    }
};

// fine = conv_transpose(coarse, w) + bias, one output phase per group of tiles_per_phase blocks
// along x: grid (S_h*S_w*tiles_per_phase, fine-channel tiles). A phase whose sub-kernel is empty
// (kernel smaller than stride) writes bias or zero. Overwrites fine.
template <class T>
__global__ void __launch_bounds__(T::kThreads, T::kMinBlocks)
conv_backward_data_kernel(const float *__restrict__ coarse, const float *__restrict__ w,
                          const float *__restrict__ bias, float *__restrict__ fine,
                          PhaseParams pp) {
    __shared__ __align__(16) float smem[2 * (T::kStageA + T::kStageB)];
    const ConvShape &s = pp.s;
    const int32_t phase = (int32_t)blockIdx.x / pp.tiles_per_phase;
    const int32_t p0 = ((int32_t)blockIdx.x % pp.tiles_per_phase) * T::BN;
    const int32_t m0 = (int32_t)blockIdx.y * T::BM;
    const PhaseGeometry pg(pp, phase);
    float acc[T::TM][T::TN] = {};

    // Block-uniform: a tile past its phase's pixels (phases differ by a row or column) skips
    // the loop, barriers included, as a whole block.
    if (p0 < pg.pixels && pg.depth > 0) {
        PhaseWeightLoader<T> load_a(w, pp, pg, m0);
        PhaseColumnLoader<T> load_b(coarse, pp, pg, p0);
        gemm_mainloop<T>(load_a, load_b, 0, pg.depth, smem, acc);
    }

    const int32_t a = phase / s.s_w, b = phase % s.s_w;
    const int32_t hw_f = s.h_fine * s.w_fine;
    const int32_t row = m0 + (int32_t)(threadIdx.x / T::kThreadsN) * T::TM;
#pragma unroll
    for (int j = 0; j < T::TN; ++j) {
        const int32_t p = p0 + (int32_t)(threadIdx.x % T::kThreadsN) + j * T::kThreadsN;
        if (p >= pg.pixels) continue;
        int32_t n, jh, jw;
        pg.split_pixel(p, n, jh, jw);
        float *out = fine + (int64_t)n * s.c_fine * hw_f + (a + s.s_h * jh) * s.w_fine +
                     (b + s.s_w * jw);
#pragma unroll
        for (int i = 0; i < T::TM; ++i) {
            const int32_t f = row + i;
            if (f < s.c_fine) out[f * hw_f] = acc[i][j] + (bias ? bias[f] : 0.0f);
        }
    }
}

// A[c][r] = coarse[n, c, hw] with r = n*H_c*W_c + hw (weight gradient). Each thread fetches one
// r per step for kAPerThread channels, so 16 adjacent threads read 16 adjacent pixels.
template <class T>
struct CoarseRowLoader {
    static constexpr int kRowStep = T::kThreads / T::BK;
    const float *coarse;
    int32_t rows, row0, lane_row, lane_r, r_end, hw_c;
    FastDivmod hw_coarse;

    __device__ CoarseRowLoader(const float *coarse_, const GatherParams &g, int32_t m0,
                               int32_t r_end_)
        : coarse(coarse_), rows(g.s.c_coarse), row0(m0 + (int32_t)(threadIdx.x / T::BK)),
          lane_row((int32_t)(threadIdx.x / T::BK)), lane_r((int32_t)(threadIdx.x % T::BK)),
          r_end(r_end_), hw_c(g.s.h_coarse * g.s.w_coarse), hw_coarse(g.hw_coarse) {}

    __device__ void fetch(int32_t r0, float (&r)[T::kAPerThread]) const {
        const int32_t idx = r0 + lane_r;
        int32_t n, hw;
        hw_coarse.divmod(idx, n, hw);
        const int64_t base = (int64_t)n * rows * hw_c + hw;
#pragma unroll
        for (int i = 0; i < T::kAPerThread; ++i) {
            const int32_t c = row0 + i * kRowStep;
            r[i] = (c < rows && idx < r_end) ? coarse[base + c * hw_c] : 0.0f;
        }
    }

    __device__ void stash(const float (&r)[T::kAPerThread], float *sa) const {
#pragma unroll
        for (int i = 0; i < T::kAPerThread; ++i)
            sa[lane_r * T::kLdA + lane_row + i * kRowStep] = r[i];
    }
};

// B[r][q] = fine[n, f, o_h*S_h - P_h + k_h, o_w*S_w - P_w + k_w] with r = (n, o_h, o_w) and
// q = (f, k_h, k_w) (weight gradient). A thread owns kBPerThread columns q for the whole loop
// and decomposes one r per step; adjacent threads take adjacent r.
template <class T>
struct PatchRowLoader {
    static constexpr int kColStep = T::kThreads / T::BK;
    const float *fine;
    int32_t lane_r, r_end, h_f, w_f, s_h, s_w, p_h, p_w;
    int64_t sample_stride;
    FastDivmod hw_coarse, w_coarse;
    int32_t offset[T::kBPerThread], kh[T::kBPerThread], kw[T::kBPerThread];
    bool column[T::kBPerThread];

    __device__ PatchRowLoader(const float *fine_, const GatherParams &g, int32_t q0,
                              int32_t r_end_)
        : fine(fine_), lane_r((int32_t)(threadIdx.x % T::BK)), r_end(r_end_),
          h_f(g.s.h_fine), w_f(g.s.w_fine), s_h(g.s.s_h), s_w(g.s.s_w), p_h(g.s.p_h),
          p_w(g.s.p_w), sample_stride((int64_t)g.s.c_fine * g.s.h_fine * g.s.w_fine),
          hw_coarse(g.hw_coarse), w_coarse(g.w_coarse) {
#pragma unroll
        for (int i = 0; i < T::kBPerThread; ++i) {
            const int32_t q = q0 + (int32_t)(threadIdx.x / T::BK) + i * kColStep;
            int32_t f, tap;
            g.taps.divmod(q, f, tap);
            g.k_w.divmod(tap, kh[i], kw[i]);
            column[i] = q < g.taps_total;
            offset[i] = column[i] ? f * h_f * w_f : 0;
        }
    }

    __device__ void fetch(int32_t r0, float (&r)[T::kBPerThread]) const {
        const int32_t idx = r0 + lane_r;
        int32_t n, hw, oh, ow;
        hw_coarse.divmod(idx, n, hw);
        w_coarse.divmod(hw, oh, ow);
        const int64_t base = (int64_t)n * sample_stride;
        const int32_t ih0 = oh * s_h - p_h, iw0 = ow * s_w - p_w;
        const bool live = idx < r_end;
#pragma unroll
        for (int i = 0; i < T::kBPerThread; ++i) {
            const int32_t ih = ih0 + kh[i], iw = iw0 + kw[i];
            const bool inside = live && column[i] && (uint32_t)ih < (uint32_t)h_f &&
                                (uint32_t)iw < (uint32_t)w_f;
            r[i] = inside ? fine[base + offset[i] + ih * w_f + iw] : 0.0f;
        }
    }

    __device__ void stash(const float (&r)[T::kBPerThread], float *sb) const {
        const int32_t lane_q = (int32_t)(threadIdx.x / T::BK);
#pragma unroll
        for (int i = 0; i < T::kBPerThread; ++i)
            sb[lane_r * T::kLdB + lane_q + i * kColStep] = r[i];
    }
};

// Split blockIdx.z of dw = sum over its chunk of r of coarse x fine patches: C[c][q], written to
// out + blockIdx.z * split_stride (a workspace slice, or dw itself when there is one split), added
// to what is there when `accumulate`. Grid (weight-column tiles, C_c tiles, splits).
template <class T>
__global__ void __launch_bounds__(T::kThreads, T::kMinBlocks)
conv_backward_weight_kernel(const float *__restrict__ coarse, const float *__restrict__ fine,
                            float *__restrict__ out, GatherParams g, int32_t chunk,
                            int64_t split_stride, int32_t accumulate) {
    __shared__ __align__(16) float smem[2 * (T::kStageA + T::kStageB)];
    const int32_t m0 = (int32_t)blockIdx.y * T::BM;
    const int32_t q0 = (int32_t)blockIdx.x * T::BN;
    const int32_t r_begin = (int32_t)blockIdx.z * chunk;
    const int32_t r_end = g.pixels - r_begin < chunk ? g.pixels : r_begin + chunk;
    float acc[T::TM][T::TN] = {};

    CoarseRowLoader<T> load_a(coarse, g, m0, r_end);
    PatchRowLoader<T> load_b(fine, g, q0, r_end);
    gemm_mainloop<T>(load_a, load_b, r_begin, r_end, smem, acc);

    float *dst = out + (int64_t)blockIdx.z * split_stride;
    const int32_t row = m0 + (int32_t)(threadIdx.x / T::kThreadsN) * T::TM;
#pragma unroll
    for (int i = 0; i < T::TM; ++i) {
        const int32_t c = row + i;
#pragma unroll
        for (int j = 0; j < T::TN; ++j) {
            const int32_t q = q0 + (int32_t)(threadIdx.x % T::kThreadsN) + j * T::kThreadsN;
            if (c >= g.s.c_coarse || q >= g.taps_total) continue;
            float *d = dst + c * g.taps_total + q;
            *d = accumulate ? *d + acc[i][j] : acc[i][j];
        }
    }
}

// Sum of a block's values in a fixed order (warp trees, then warp 0 over the warp sums); the
// result is valid in thread 0. Needs blockDim.x == kChannelSumThreads.
__device__ __forceinline__ float channel_block_sum(float v) {
    constexpr int kWarps = kChannelSumThreads / kWarpSize;
    __shared__ float warp_sums[kWarps];
    const int lane = (int)threadIdx.x % kWarpSize, warp = (int)threadIdx.x / kWarpSize;
#pragma unroll
    for (int offset = kWarpSize / 2; offset > 0; offset /= 2)
        v += __shfl_down_sync(0xffffffffu, v, offset);
    if (lane == 0) warp_sums[warp] = v;
    __syncthreads();
    if (warp == 0) {
        v = lane < kWarps ? warp_sums[lane] : 0.0f;
#pragma unroll
        for (int offset = kWarpSize / 2; offset > 0; offset /= 2)
            v += __shfl_down_sync(0xffffffffu, v, offset);
    }
    return v;
}

// Split blockIdx.y of the sum of t[n, c, hw] over (n, hw) for channel c = blockIdx.x, written to
// out[blockIdx.y * split_stride + c] (added when `accumulate`). t is [N, C, HW]; `count` = N*HW.
__global__ void __launch_bounds__(kChannelSumThreads)
conv_channel_sum_kernel(const float *__restrict__ t, float *__restrict__ out, int32_t channels,
                        int32_t hw, FastDivmod plane, int32_t count, int32_t chunk,
                        int64_t split_stride, int32_t accumulate) {
    const int32_t c = (int32_t)blockIdx.x;
    const int32_t begin = (int32_t)blockIdx.y * chunk;
    const int32_t end = count - begin < chunk ? count : begin + chunk;
    float sum = 0.0f;
    for (int32_t r = begin + (int32_t)threadIdx.x; r < end; r += kChannelSumThreads) {
        int32_t n, rest;
        plane.divmod(r, n, rest);
        sum += t[(int64_t)n * channels * hw + c * hw + rest];
    }
    sum = channel_block_sum(sum);
    if (threadIdx.x == 0) {
        float *d = out + (int64_t)blockIdx.y * split_stride + c;
        *d = accumulate ? *d + sum : sum;
    }
}

// out[i] (+)= sum over s < splits of partial[s*count + i], in order s = 0, 1, ...
__global__ void __launch_bounds__(kElementwiseThreads)
conv_split_reduce_kernel(const float *__restrict__ partial, int32_t splits, int64_t count,
                         float *__restrict__ out, int32_t accumulate) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < count; i += stride) {
        float sum = partial[i];
        for (int32_t s = 1; s < splits; ++s) sum += partial[s * count + i];
        out[i] = accumulate ? out[i] + sum : sum;
    }
}

// ---------------------------------------------------------------------------------------------
// Host helpers for the launchers
// ---------------------------------------------------------------------------------------------

// Rejects shapes whose indices would not fit the kernels' 32-bit arithmetic (see kMaxIndex) or
// whose grids would pass CUDA's limits. `function` names the exported caller.
inline int32_t check_conv_limits(const char *function, const ConvShape &s) {
    const int64_t fine_sample = (int64_t)s.c_fine * s.h_fine * s.w_fine;
    const int64_t coarse_sample = (int64_t)s.c_coarse * s.h_coarse * s.w_coarse;
    const int64_t fine_pixels = (int64_t)s.n * s.h_fine * s.w_fine;
    const int64_t coarse_pixels = (int64_t)s.n * s.h_coarse * s.w_coarse;
    const int64_t weight = (int64_t)s.c_coarse * s.c_fine * s.k_h * s.k_w;
    struct Limit {
        const char *what;
        int64_t value, limit;
    } limits[] = {
        {"one sample of the input or output tensor (C*H*W elements)",
         fine_sample > coarse_sample ? fine_sample : coarse_sample, kMaxIndex},
        {"the batch's pixel count (N*H*W)",
         fine_pixels > coarse_pixels ? fine_pixels : coarse_pixels, kMaxIndex},
        {"the weight (c_in*c_out*k_h*k_w elements)", weight, kMaxIndex},
        {"the channel count", s.c_fine > s.c_coarse ? s.c_fine : s.c_coarse, kMaxChannels},
        {"the row reach (H of the strided side)*stride_h + k_h + 2*pad_h",
         (int64_t)s.h_coarse * s.s_h + s.k_h + 2 * (int64_t)s.p_h, kMaxIndex},
        {"the column reach (W of the strided side)*stride_w + k_w + 2*pad_w",
         (int64_t)s.w_coarse * s.s_w + s.k_w + 2 * (int64_t)s.p_w, kMaxIndex},
    };
    for (const Limit &l : limits) {
        if (l.value > l.limit)
            return fail(PANAGAN_INVALID_ARGUMENT, function,
                        "%s is %lld, more than the %lld these kernels index", l.what,
                        (long long)l.value, (long long)l.limit);
    }
    return PANAGAN_OK;
}

inline GatherParams make_gather_params(const ConvShape &s) {
    GatherParams g;
    g.s = s;
    g.pixels = s.n * s.h_coarse * s.w_coarse;
    g.taps_total = s.c_fine * s.k_h * s.k_w;
    g.taps = FastDivmod(s.k_h * s.k_w);
    g.k_w = FastDivmod(s.k_w);
    g.hw_coarse = FastDivmod(s.h_coarse * s.w_coarse);
    g.w_coarse = FastDivmod(s.w_coarse);
    return g;
}

// conv_forward_kernel over the whole shape; bias (per coarse channel) may be NULL.
template <class T>
inline void launch_forward_tiles(const float *fine, const float *w, const float *bias,
                                 float *coarse, const GatherParams &g, cudaStream_t stream) {
    const dim3 grid((unsigned)ceil_div(g.pixels, T::BN), (unsigned)ceil_div(g.s.c_coarse, T::BM));
    GPUSIM_LAUNCH(conv_forward_kernel<T>, grid, dim3(T::kThreads), 0, stream, fine, w, bias,
                  coarse, g);
}

inline int32_t launch_forward(const char *function, const float *fine, const float *w,
                              const float *bias, float *coarse, const ConvShape &s,
                              cudaStream_t stream) {
    const GatherParams g = make_gather_params(s);
    if (s.c_coarse <= TileNarrow::BM)
        launch_forward_tiles<TileNarrow>(fine, w, bias, coarse, g, stream);
    else
        launch_forward_tiles<TileWide>(fine, w, bias, coarse, g, stream);
    return check_launch(function);
}

// conv_backward_data_kernel over every phase; bias (per fine channel) may be NULL.
template <class T>
inline void launch_backward_data_tiles(const float *coarse, const float *w, const float *bias,
                                       float *fine, const ConvShape &s, cudaStream_t stream) {
    // The largest phase is phase (0, 0): ceil(H_f / S_h) x ceil(W_f / S_w) pixels per sample.
    const int64_t pixels = (int64_t)s.n * ceil_div(s.h_fine, s.s_h) * ceil_div(s.w_fine, s.s_w);
    PhaseParams pp;
    pp.s = s;
    pp.tiles_per_phase = (int32_t)ceil_div(pixels, T::BN);
    pp.h = make_axis_divisors(s.h_fine, s.k_h, s.s_h);
    pp.w = make_axis_divisors(s.w_fine, s.k_w, s.s_w);
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
            const int32_t taps = (pp.h.taps_low + i) * (pp.w.taps_low + j);
            pp.taps[i][j] = FastDivmod(taps > 0 ? taps : 1);
        }
    const dim3 grid((unsigned)((int64_t)s.s_h * s.s_w * pp.tiles_per_phase),
                    (unsigned)ceil_div(s.c_fine, T::BM));
    GPUSIM_LAUNCH(conv_backward_data_kernel<T>, grid, dim3(T::kThreads), 0, stream, coarse, w,
                  bias, fine, pp);
}

// The phase grid (strides times pixel tiles) must fit grid.x; called before any launch. Counted
// with TileWide's columns, the narrower of the two tiles.
inline int32_t check_phase_grid(const char *function, const ConvShape &s) {
    const int64_t pixels = (int64_t)s.n * ceil_div(s.h_fine, s.s_h) * ceil_div(s.w_fine, s.s_w);
    const int64_t blocks = (int64_t)s.s_h * s.s_w * ceil_div(pixels, TileWide::BN);
    if (blocks > INT32_MAX)
        return fail(PANAGAN_INVALID_ARGUMENT, function,
                    "stride_h*stride_w = %lld phases of %lld pixels need %lld blocks, more "
                    "than grid.x allows (%d)",
                    (long long)s.s_h * s.s_w, (long long)pixels, (long long)blocks, INT32_MAX);
    return PANAGAN_OK;
}

inline int32_t launch_backward_data(const char *function, const float *coarse, const float *w,
                                    const float *bias, float *fine, const ConvShape &s,
                                    cudaStream_t stream) {
    if (s.c_fine <= TileNarrow::BM)
        launch_backward_data_tiles<TileNarrow>(coarse, w, bias, fine, s, stream);
    else
        launch_backward_data_tiles<TileWide>(coarse, w, bias, fine, s, stream);
    return check_launch(function);
}

// How a reduction of `length` elements splits: `splits` chunks of `chunk` elements (the last
// one shorter), chosen from the shape alone.
struct Split {
    int32_t splits;
    int32_t chunk;
};

// `units` is the granule a chunk is a multiple of, `min_units` the fewest granules per chunk,
// `blocks_per_split` how many blocks each split launches.
inline Split plan_split(int64_t length, int64_t units, int64_t min_units,
                        int64_t blocks_per_split) {
    const int64_t granules = ceil_div(length, units);
    int64_t splits = ceil_div(kSplitTargetBlocks, blocks_per_split);
    const int64_t by_work = ceil_div(granules, min_units);
    if (splits > by_work) splits = by_work;
    if (splits > kMaxSplits) splits = kMaxSplits;
    if (splits < 1) splits = 1;
    const int64_t per_split = ceil_div(granules, splits);
    Split plan;
    plan.chunk = (int32_t)(per_split * units);
    plan.splits = (int32_t)ceil_div(granules, per_split);
    return plan;
}

// The weight-gradient plan: the GEMM's split over N*H_c*W_c and the bias sum's split over the
// dy tensor [N, bias_channels, bias_plane], and the workspace both need (0 when neither splits).
struct WeightGradPlan {
    GatherParams g;
    Split gemm, bias;
    int32_t bias_channels, bias_plane;
    int64_t gemm_floats, bias_floats;

    int64_t workspace_bytes() const {
        return (int64_t)sizeof(float) * (gemm_floats + bias_floats);
    }
};

inline WeightGradPlan plan_backward_weight(const ConvShape &s, int32_t bias_channels,
                                           int32_t bias_plane) {
    WeightGradPlan plan;
    plan.g = make_gather_params(s);
    const int64_t tiles = ceil_div(plan.g.taps_total, TileWide::BN) *
                          ceil_div(s.c_coarse, TileWide::BM);
    plan.gemm = plan_split(plan.g.pixels, TileWide::BK, kSplitMinSteps, tiles);
    plan.bias = plan_split((int64_t)s.n * bias_plane, 1, kChannelSumMinChunk, bias_channels);
    plan.bias_channels = bias_channels;
    plan.bias_plane = bias_plane;
    plan.gemm_floats =
        plan.gemm.splits > 1 ? (int64_t)plan.gemm.splits * s.c_coarse * plan.g.taps_total : 0;
    plan.bias_floats = plan.bias.splits > 1 ? (int64_t)plan.bias.splits * bias_channels : 0;
    return plan;
}

// Checks the workspace against the plan; the message says what was needed and what came.
inline int32_t check_workspace(const char *function, const WeightGradPlan &plan,
                               const void *workspace, int64_t workspace_bytes) {
    const int64_t needed = plan.workspace_bytes();
    if (workspace_bytes < 0)
        return fail(PANAGAN_INVALID_ARGUMENT, function, "workspace_bytes must be >= 0, got %lld",
                    (long long)workspace_bytes);
    if (workspace_bytes < needed)
        return fail(PANAGAN_WORKSPACE_TOO_SMALL, function,
                    "workspace_bytes = %lld, but this shape needs %lld bytes of workspace",
                    (long long)workspace_bytes, (long long)needed);
    if (needed > 0 && workspace == nullptr)
        return fail(PANAGAN_INVALID_ARGUMENT, function,
                    "workspace must not be NULL: this shape needs %lld bytes",
                    (long long)needed);
    return PANAGAN_OK;
}

// dw (+)= sum over N*H_c*W_c of coarse x fine patches; then, when dbias is not NULL,
// dbias (+)= per-channel sums of dy [N, bias_channels, bias_plane]. Splits go through the
// workspace and a fixed-order reduction; a single split writes the output directly.
inline int32_t launch_backward_weight(const char *function, const float *coarse,
                                      const float *fine, float *dw, const float *dy,
                                      float *dbias, int32_t accumulate,
                                      const WeightGradPlan &plan, void *workspace,
                                      cudaStream_t stream) {
    using T = TileWide;
    const GatherParams &g = plan.g;
    float *gemm_partials = static_cast<float *>(workspace);
    float *bias_partials = gemm_partials + plan.gemm_floats;
    const int64_t weight = (int64_t)g.s.c_coarse * g.taps_total;

    const dim3 grid((unsigned)ceil_div(g.taps_total, T::BN),
                    (unsigned)ceil_div(g.s.c_coarse, T::BM), (unsigned)plan.gemm.splits);
    int32_t status;
    if (plan.gemm.splits > 1) {
        GPUSIM_LAUNCH(conv_backward_weight_kernel<T>, grid, dim3(T::kThreads), 0, stream, coarse,
                      fine, gemm_partials, g, plan.gemm.chunk, weight, 0);
        if ((status = check_launch(function)) != PANAGAN_OK) return status;
        GPUSIM_LAUNCH(conv_split_reduce_kernel, dim3(elementwise_blocks(weight)),
                      dim3(kElementwiseThreads), 0, stream, gemm_partials, plan.gemm.splits,
                      weight, dw, accumulate);
    } else {
        GPUSIM_LAUNCH(conv_backward_weight_kernel<T>, grid, dim3(T::kThreads), 0, stream, coarse,
                      fine, dw, g, plan.gemm.chunk, (int64_t)0, accumulate);
    }
    if ((status = check_launch(function)) != PANAGAN_OK || dbias == nullptr) return status;

    const int32_t count = g.s.n * plan.bias_plane;
    const FastDivmod plane(plan.bias_plane);
    const dim3 sums((unsigned)plan.bias_channels, (unsigned)plan.bias.splits);
    if (plan.bias.splits > 1) {
        GPUSIM_LAUNCH(conv_channel_sum_kernel, sums, dim3(kChannelSumThreads), 0, stream, dy,
                      bias_partials, plan.bias_channels, plan.bias_plane, plane, count,
                      plan.bias.chunk, (int64_t)plan.bias_channels, 0);
        if ((status = check_launch(function)) != PANAGAN_OK) return status;
        GPUSIM_LAUNCH(conv_split_reduce_kernel, dim3(elementwise_blocks(plan.bias_channels)),
                      dim3(kElementwiseThreads), 0, stream, bias_partials, plan.bias.splits,
                      (int64_t)plan.bias_channels, dbias, accumulate);
    } else {
        GPUSIM_LAUNCH(conv_channel_sum_kernel, sums, dim3(kChannelSumThreads), 0, stream, dy,
                      dbias, plan.bias_channels, plan.bias_plane, plane, count, plan.bias.chunk,
                      (int64_t)0, accumulate);
    }
    return check_launch(function);
}

}  // namespace
}  // namespace panagan

#endif /* PANAGAN_CONV_COMMON_CUH */
