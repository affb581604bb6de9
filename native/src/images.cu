/*
 * images.cu: a training batch assembled on the device from a dataset kept there as uint8, so a
 * step uploads only its n indices. Letters: N images in the dataset, n in the batch, E values
 * per image (C * H * W, the layout the dataset stores; NCHW for the engine).
 *
 *   gather_images_u8   grid (x: grid-stride over E, y: batch position i). Each thread converts
 *                      one byte at a time: the loads of a warp are 32 consecutive bytes and the
 *                      stores 32 consecutive floats, both coalesced; the work is a few MB per
 *                      step, far below anything worth vectorising further.
 *
 * The conversion is p / 127.5f - 1 in float with IEEE division, the same expression the host
 * uses, so both sides produce the same bits.
 */
#include "launch.cuh"

namespace panagan {
namespace {

// Up to this many blocks along x per image; with the batch along y that is plenty of blocks to
// fill a GPU at DCGAN's 12288 values per image.
constexpr int64_t kMaxBlocksPerImage = 64;

__global__ void gather_images_u8_kernel(const uint8_t *images, int64_t image_elements,
                                        int64_t image_count, const int32_t *indices,
                                        float *out) {
    const int64_t i = blockIdx.y;
    const int32_t index = indices[i];
    float *dst = out + i * image_elements;
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    const int64_t first = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (index < 0 || index >= image_count) {
        // Never read outside the dataset; a poisoned image makes the bad index show.
        const float nan = __int_as_float(0x7fc00000);
        for (int64_t e = first; e < image_elements; e += stride) dst[e] = nan;
        return;
    }
    const uint8_t *src = images + (int64_t)index * image_elements;
    for (int64_t e = first; e < image_elements; e += stride) dst[e] = (float)src[e] / 127.5f - 1.0f;
}

}  // namespace
}  // namespace panagan

using namespace panagan;

extern "C" int32_t panagan_gather_images_u8(const uint8_t *images, int64_t image_elements,
                                            int64_t image_count, const int32_t *indices,
                                            int32_t n, float *out, panagan_stream_t stream) {
    clear_error();
    PANAGAN_REQUIRE(images != nullptr, "images must not be NULL");
    PANAGAN_REQUIRE(indices != nullptr, "indices must not be NULL");
    PANAGAN_REQUIRE(out != nullptr, "out must not be NULL");
    PANAGAN_REQUIRE(image_elements > 0, "image_elements must be > 0, got %lld",
                    (long long)image_elements);
    PANAGAN_REQUIRE(image_count > 0, "image_count must be > 0, got %lld", (long long)image_count);
    PANAGAN_REQUIRE(n > 0 && n <= 65535, "n must be in 1..65535 (one grid row per image), got %d",
                    n);
    int64_t blocks = ceil_div(image_elements, kElementwiseThreads);
    if (blocks > kMaxBlocksPerImage) blocks = kMaxBlocksPerImage;
    GPUSIM_LAUNCH(gather_images_u8_kernel, dim3((unsigned)blocks, (unsigned)n),
                  kElementwiseThreads, 0, stream, images, image_elements, image_count, indices,
                  out);
    return check_launch(__func__);
}
