/*
 * sim_launch.h: the typed kernel launch of the host simulator, behind GPUSIM_LAUNCH.
 *
 *   GPUSIM_LAUNCH(kernel, grid, block, smem_bytes, stream, args...)
 *
 * On nvcc this is kernel<<<grid, block, smem_bytes, stream>>>(args...) (cuda_compat.h). Here it
 * calls a small function object whose parameters are exactly the kernel's, so the arguments
 * convert as in any C++ call (a literal 0 becomes a null pointer, an int64_t narrows to int).
 * The converted values are copied into a heap record at launch time, as cudart copies kernel
 * parameters, so a later change to the caller's variables cannot reach a deferred launch or a
 * graph replay. The text of the kernel name and of the argument list travels with the record so
 * that a rejected pointer argument is named as the launcher wrote it.
 *
 * As with <<<>>>, a failed launch (bad configuration, a pointer outside device memory) sets the
 * calling thread's last error; read it with cudaGetLastError().
 */
#ifndef GPUSIM_SIM_LAUNCH_H
#define GPUSIM_SIM_LAUNCH_H

#include <cuda_runtime_api.h>

#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

namespace gpusim::detail {

// One launch's kernel and its copied arguments; run_thread() is what each simulated CUDA thread
// executes (with the built-in variables already set for it).
struct KernelThunk {
    virtual ~KernelThunk() = default;
    virtual void run_thread() const = 0;
};

// A top-level pointer argument, checked at launch against device and pinned allocations.
struct PointerArgument {
    int index;
    const void *value;
};

struct LaunchRequest {
    const char *kernel_name;
    const char *argument_text;  // the launcher's argument list, as written
    const void *kernel;         // key for cudaFuncSetAttribute
    dim3 grid;
    dim3 block;
    size_t dynamic_smem;
    cudaStream_t stream;
    const PointerArgument *pointers;
    int pointer_count;
};

// Validates the request, then runs it now or queues it on its stream (sim/src/cudart.cpp).
// Errors go to the calling thread's last error, as for <<<>>>.
void submit_launch(const LaunchRequest &request, std::shared_ptr<const KernelThunk> thunk);

// cudaMemcpyToSymbol/FromSymbol with the symbol's size known, so the range can be checked.
cudaError_t copy_symbol(void *symbol, size_t symbol_bytes, void *host, size_t count,
                        size_t offset, cudaMemcpyKind kind, bool to_symbol);

template <class... Params>
struct Thunk final : KernelThunk {
    using Kernel = void (*)(Params...);
    Kernel kernel;
    std::tuple<std::decay_t<Params>...> args;

    template <class... Args>
    explicit Thunk(Kernel k, Args &&...a) : kernel(k), args(std::forward<Args>(a)...) {}

    // Each simulated thread receives its own by-value copy of every argument.
    void run_thread() const override { std::apply(kernel, args); }
};

template <class... Params>
class Launcher {
public:
    using Kernel = void (*)(Params...);

    Launcher(Kernel kernel, const char *name, const char *argument_text, dim3 grid, dim3 block,
             size_t smem, cudaStream_t stream)
        : kernel_(kernel), request_{name, argument_text, reinterpret_cast<const void *>(kernel),
                                    grid, block, smem, stream, nullptr, 0} {}

    void operator()(Params... params) const {
        static_assert((std::is_trivially_copyable_v<std::decay_t<Params>> && ...),
                      "kernel parameters must be trivially copyable (scalars, pointers, PODs)");
        auto thunk = std::make_shared<const Thunk<Params...>>(kernel_, params...);
        PointerArgument pointers[sizeof...(Params) + 1];
        int count = 0;
        collect_pointers(thunk->args, pointers, count,
                         std::index_sequence_for<Params...>{});
        LaunchRequest request = request_;
        request.pointers = pointers;
        request.pointer_count = count;
        submit_launch(request, std::move(thunk));
    }

private:
    template <class Tuple, size_t... I>
    static void collect_pointers(const Tuple &args, PointerArgument *out, int &count,
                                 std::index_sequence<I...>) {
        auto one = [&](int index, const auto &value) {
            if constexpr (std::is_pointer_v<std::decay_t<decltype(value)>>)
                out[count++] = PointerArgument{index, (const void *)value};
        };
        (one((int)I, std::get<I>(args)), ...);
    }

    Kernel kernel_;
    LaunchRequest request_;
};

template <class... Params>
Launcher<Params...> make_launcher(void (*kernel)(Params...), const char *name,
                                  const char *argument_text, dim3 grid, dim3 block, size_t smem,
                                  cudaStream_t stream) {
    return Launcher<Params...>(kernel, name, argument_text, grid, block, smem, stream);
}

}  // namespace gpusim::detail

// Takes function pointers as cuda_runtime.h's template overload does (the C API wants void *).
template <class T>
inline cudaError_t cudaFuncSetAttribute(T *entry, cudaFuncAttribute attr, int value) {
    return ::cudaFuncSetAttribute(reinterpret_cast<const void *>(entry), attr, value);
}

// __constant__ and __device__ variables are ordinary globals here; these take the variable
// itself, as cuda_runtime.h's template overloads do.
template <class T>
inline cudaError_t cudaMemcpyToSymbol(const T &symbol, const void *src, size_t count,
                                      size_t offset = 0,
                                      cudaMemcpyKind kind = cudaMemcpyHostToDevice) {
    return ::gpusim::detail::copy_symbol((void *)&symbol, sizeof(T), const_cast<void *>(src),
                                         count, offset, kind, true);
}
template <class T>
inline cudaError_t cudaMemcpyFromSymbol(void *dst, const T &symbol, size_t count,
                                        size_t offset = 0,
                                        cudaMemcpyKind kind = cudaMemcpyDeviceToHost) {
    return ::gpusim::detail::copy_symbol((void *)&symbol, sizeof(T), dst, count, offset, kind,
                                         false);
}

#define GPUSIM_LAUNCH(kernel, grid, block, smem, stream, ...)                                 \
    ::gpusim::detail::make_launcher(kernel, #kernel, #__VA_ARGS__, grid, block, smem, stream) \
        (__VA_ARGS__)

// This block's dynamic shared memory (use inside the kernel body, as the GPU declaration).
#define GPUSIM_EXTERN_SHARED(T, name) \
    T *const name = static_cast<T *>(::gpusim::detail::dynamic_shared_memory())

#endif /* GPUSIM_SIM_LAUNCH_H */
