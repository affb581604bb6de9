/*
 * exec.cpp: the execution engine of the host simulator.
 *
 * A grid runs block by block on one or more workers (OS threads; the caller is always one).
 * Within a block every CUDA thread is a fiber with its own mmap'ed stack. A fiber runs until it
 * waits (at __syncthreads, a warp collective, or __nanosleep) or returns; the thread that
 * completes a barrier or a collective delivers the results, queues the waiters and carries on,
 * so a barrier costs one switch per thread. A block is done when every fiber has returned; if
 * none can run before that, it is deadlocked.
 *
 * Semantics checked here (each violation is a fault naming kernel, block, threads, file:line):
 *   - a barrier completes when every thread of the block waits at the same call site, with the
 *     same flavour (plain, count, and, or); a thread exiting while others wait, or a barrier
 *     reached after some thread exited, is a fault unless GPUSIM_STRICT=0 (NVIDIA hardware
 *     lets such a barrier complete; AMD hangs; CUDA calls it undefined);
 *   - a warp collective completes when every non-exited lane named in the mask waits in a
 *     collective; all of them must be the same operation with the same mask, and the mask must
 *     name the caller. Lanes past the end of a partial last warp count as exited. A shuffle that
 *     reads a lane outside the participating set returns all-ones bits (NaN, -1).
 *
 * Faults abandon the block: suspended fibers are never resumed and their stacks go back to the
 * pool (unpoisoned under ASan before reuse). With GPUSIM_ON_FAULT=abort the message is printed
 * and the process aborts instead, which is what native tests under a debugger want.
 */
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "engine.h"

#if defined(__SANITIZE_ADDRESS__)
#define GPUSIM_ASAN 1
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

#if defined(__x86_64__) && !defined(GPUSIM_FORCE_UCONTEXT)
#define GPUSIM_ASM_SWITCH 1
#endif

using gpusim::detail::BarrierKind;
using gpusim::detail::WarpOp;

// ---------------------------------------------------------------------------------------------
// Context switch
// ---------------------------------------------------------------------------------------------

#if GPUSIM_ASM_SWITCH
// Saves the callee-saved registers, MXCSR and the x87 control word of the running context on
// its own stack, stores the stack pointer in *save, and resumes the context whose stack pointer
// is `load`. A fresh fiber's stack is laid out so that the final `ret` enters the trampoline,
// which passes r12 (the Fiber) to gpusim_fiber_start.
extern "C" void gpusim_switch_context(void **save, void *load);
extern "C" void gpusim_fiber_trampoline();
asm(R"(
    .text
    .p2align 4
    .globl gpusim_switch_context
    .hidden gpusim_switch_context
    .type gpusim_switch_context, @function
gpusim_switch_context:
    .cfi_startproc
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .cfi_endproc
    .size gpusim_switch_context, .-gpusim_switch_context

    .p2align 4
    .globl gpusim_fiber_trampoline
    .hidden gpusim_fiber_trampoline
    .type gpusim_fiber_trampoline, @function
gpusim_fiber_trampoline:
    .cfi_startproc
    .cfi_undefined rip
    movq %r12, %rdi
    call gpusim_fiber_start
    ud2
    .cfi_endproc
    .size gpusim_fiber_trampoline, .-gpusim_fiber_trampoline
)");
#endif

namespace gpusim::engine {
struct Fiber;
}
extern "C" __attribute__((visibility("hidden"), noreturn)) void gpusim_fiber_start(
    gpusim::engine::Fiber *fiber);

namespace gpusim::engine {
namespace {

// ASan instruments every frame with redzones, so fibers need a larger stack there.
#if GPUSIM_ASAN
constexpr size_t kStackBytes = 256 * 1024;
#else
constexpr size_t kStackBytes = 64 * 1024;
#endif
// Stack tops are staggered by 64 bytes over 4 KiB so that the hot top frames of a thousand
// fibers do not all map to the same L1 sets.
constexpr size_t kColours = 64;
constexpr size_t kColourStep = 64;
constexpr unsigned kMaxBlockThreads = 1024;

[[noreturn]] void die(const char *format, ...) {
    va_list args;
    va_start(args, format);
    std::fputs("gpusim: ", stderr);
    std::vfprintf(stderr, format, args);
    std::fputc('\n', stderr);
    va_end(args);
    std::abort();
}

std::string format(const char *format, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *format, ...) {
    char buffer[512];
    va_list args;
    va_start(args, format);
    int n = std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    if (n < (int)sizeof buffer) return std::string(buffer, n < 0 ? 0 : n);
    std::string out((size_t)n, '\0');
    va_start(args, format);
    std::vsnprintf(out.data(), out.size() + 1, format, args);
    va_end(args);
    return out;
}

std::string where(const std::source_location &at) {
    return format("%s:%u", at.file_name(), (unsigned)at.line());
}

bool same_site(const std::source_location &a, const std::source_location &b) {
    return a.line() == b.line() && a.column() == b.column() &&
           (a.file_name() == b.file_name() || std::strcmp(a.file_name(), b.file_name()) == 0);
}

// --- stacks ----------------------------------------------------------------------------------

struct Stack {
    char *map;
    size_t map_bytes;
    char *low;   // lowest usable byte (just above the guard page)
    char *top;   // initial stack pointer, 16-byte aligned
};

class StackPool {
public:
    StackPool() : page_((size_t)sysconf(_SC_PAGESIZE)) {}
    StackPool(const StackPool &) = delete;
    StackPool &operator=(const StackPool &) = delete;
    ~StackPool() {
        for (Stack *s : free_) {
            munmap(s->map, s->map_bytes);
            delete s;
        }
    }

    Stack *acquire() {
        if (!free_.empty()) {
            Stack *s = free_.back();
            free_.pop_back();
#if GPUSIM_ASAN
            // A fiber never returns from its last frames (it switches away on exit or is
            // abandoned by a fault), so their redzones stay poisoned: clear them before reuse.
            __asan_unpoison_memory_region(s->low, (size_t)(s->top - s->low));
#endif
            return s;
        }
        size_t bytes = page_ + kStackBytes;
        void *map = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
        if (map == MAP_FAILED) die("cannot map a %zu-byte fiber stack", bytes);
        // The guard page turns a stack overflow into a SIGSEGV instead of silent corruption.
        if (mprotect(map, page_, PROT_NONE) != 0) die("cannot protect a fiber stack guard page");
        Stack *s = new Stack;
        s->map = static_cast<char *>(map);
        s->map_bytes = bytes;
        s->low = s->map + page_;
        uintptr_t top = (uintptr_t)(s->map + bytes) - (created_++ % kColours) * kColourStep;
        s->top = (char *)(top & ~(uintptr_t)15);
        return s;
    }

    void release(Stack *s) {
        free_.push_back(s);
    }

private:
    size_t page_;
    size_t created_ = 0;
    std::vector<Stack *> free_;
};

}  // namespace

// --- fibers ----------------------------------------------------------------------------------

struct Context {
    void *sp = nullptr;
    ucontext_t *uc = nullptr;
#if GPUSIM_ASAN
    void *fake_stack = nullptr;
    const void *bottom = nullptr;
    size_t size = 0;
#endif
};

enum class State : uint8_t { idle, ready, running, at_barrier, at_warp, exited };

struct Fiber {
    Context ctx;
    std::unique_ptr<ucontext_t> uc;
    Stack *stack = nullptr;
    uint3 idx{};
    unsigned tid = 0, lane = 0, warp = 0;
    State state = State::idle;
    std::source_location site;
    // at a barrier
    BarrierKind barrier_kind = BarrierKind::plain;
    int barrier_result = 0;
    // at a warp collective
    WarpOp op = WarpOp::sync;
    unsigned mask = 0;
    uint64_t value = 0;
    int lane_arg = 0;
    int width = 32;
    uint64_t result = 0;
};

namespace {

struct Job {
    const Grid *grid = nullptr;
    Settings settings;
    uint64_t blocks = 0;
    uint64_t perm_mul = 1, perm_add = 0;  // shuffled block order: (mul * i + add) mod blocks
    std::atomic<uint64_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex fault_mutex;
    bool faulted = false;
    std::string fault;
};

// One OS thread's simulator state: its stack pool and the block it is running.
struct Worker {
    Context main;
    std::unique_ptr<ucontext_t> main_uc;
    Context *switching_from = nullptr;
    StackPool pool;

    Job *job = nullptr;
    bool use_uc = false;
    uint3 block_idx{};
    unsigned nthreads = 0;
    std::vector<Fiber> fibers;
    std::vector<uint32_t> warp_waiting;  // lanes waiting in a collective
    std::vector<uint32_t> warp_exited;   // lanes that returned, or do not exist

    std::vector<Fiber *> ready;  // ring buffer, capacity nthreads
    size_t ready_head = 0, ready_count = 0;

    std::vector<Fiber *> waiters;  // at the current block barrier, in arrival order
    std::source_location barrier_site;
    BarrierKind barrier_kind = BarrierKind::plain;
    unsigned barrier_true = 0;

    unsigned exited = 0;
    Fiber *current = nullptr;
    Fiber *finished = nullptr;  // returned; its stack is released by the scheduler
    bool faulted = false;
    std::string fault;
    void *dynamic_smem = nullptr;
    uint64_t rng = 0;

    Worker() {
        fibers.reserve(kMaxBlockThreads);
        ready.reserve(kMaxBlockThreads);
        waiters.reserve(kMaxBlockThreads);
    }
};

thread_local Worker *tl_worker = nullptr;  // set while this thread runs a grid

Worker &this_thread_worker() {
    thread_local std::unique_ptr<Worker> worker;
    if (!worker) worker = std::make_unique<Worker>();
    return *worker;
}

Worker &running_worker(const char *what) {
    Worker *w = tl_worker;
    if (w == nullptr || w->current == nullptr)
        die("%s called outside a kernel (no simulated thread is running)", what);
    return *w;
}

uint64_t next_random(uint64_t &state) {
    // splitmix64: good enough to permute orders, and reproducible from GPUSIM_SEED
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

template <class T>
void shuffle_in_place(T *items, size_t n, uint64_t &rng) {
    for (size_t i = n; i > 1; i--) std::swap(items[i - 1], items[next_random(rng) % i]);
}

// --- switching --------------------------------------------------------------------------------

void switch_context(Worker &w, Context &from, Context &to, bool from_is_done) {
    w.switching_from = &from;
#if GPUSIM_ASAN
    __sanitizer_start_switch_fiber(from_is_done ? nullptr : &from.fake_stack, to.bottom, to.size);
#else
    (void)from_is_done;
#endif
#if GPUSIM_ASM_SWITCH
    if (!w.use_uc)
        gpusim_switch_context(&from.sp, to.sp);
    else
#endif
        swapcontext(from.uc, to.uc);
#if GPUSIM_ASAN
    const void *bottom;
    size_t size;
    __sanitizer_finish_switch_fiber(from.fake_stack, &bottom, &size);
    if (w.switching_from == &w.main) {
        w.main.bottom = bottom;
        w.main.size = size;
    }
#endif
}

void fiber_entry_ucontext() {
    gpusim_fiber_start(tl_worker->current);
}

void prepare_fiber(Worker &w, Fiber *f) {
    f->stack = w.pool.acquire();
#if GPUSIM_ASAN
    f->ctx.bottom = f->stack->low;
    f->ctx.size = (size_t)(f->stack->top - f->stack->low);
#endif
#if GPUSIM_ASM_SWITCH
    if (!w.use_uc) {
        uint32_t mxcsr;
        uint16_t fpucw;
        asm volatile("stmxcsr %0" : "=m"(mxcsr));
        asm volatile("fnstcw %0" : "=m"(fpucw));
        uint64_t *sp = reinterpret_cast<uint64_t *>(f->stack->top);
        *--sp = (uint64_t)&gpusim_fiber_trampoline;  // popped by the final ret
        *--sp = 0;                                    // rbp: ends frame-pointer walks
        *--sp = 0;                                    // rbx
        *--sp = (uint64_t)f;                          // r12: the trampoline's argument
        *--sp = 0;                                    // r13
        *--sp = 0;                                    // r14
        *--sp = 0;                                    // r15
        *--sp = (uint64_t)mxcsr | ((uint64_t)fpucw << 32);
        f->ctx.sp = sp;
        return;
    }
#endif
    if (!f->uc) f->uc = std::make_unique<ucontext_t>();
    f->ctx.uc = f->uc.get();
    getcontext(f->ctx.uc);
    f->ctx.uc->uc_stack.ss_sp = f->stack->low;
    f->ctx.uc->uc_stack.ss_size = (size_t)(f->stack->top - f->stack->low);
    f->ctx.uc->uc_link = nullptr;
    makecontext(f->ctx.uc, fiber_entry_ucontext, 0);
}

// Makes `next` the running fiber of this worker (the built-ins are per OS thread).
void enter(Worker &w, Fiber *next) {
    w.current = next;
    next->state = State::running;
    threadIdx = next->idx;
    if (next->stack == nullptr) prepare_fiber(w, next);
}

void push_ready(Worker &w, Fiber *f) {
    f->state = State::ready;
    size_t slot = w.ready_head + w.ready_count;
    if (slot >= w.nthreads) slot -= w.nthreads;
    w.ready[slot] = f;
    w.ready_count++;
}

Fiber *pop_ready(Worker &w) {
    if (w.ready_count == 0) return nullptr;
    Fiber *f = w.ready[w.ready_head];
    if (++w.ready_head == w.nthreads) w.ready_head = 0;
    w.ready_count--;
    return f;
}

// The running fiber `f` has recorded why it waits (or queued itself); run someone else.
void suspend(Worker &w, Fiber *f) {
    Fiber *next = pop_ready(w);
    if (next == f) {
        f->state = State::running;
        return;
    }
    if (next != nullptr) {
        enter(w, next);
        switch_context(w, f->ctx, next->ctx, false);
    } else {
        w.current = nullptr;
        switch_context(w, f->ctx, w.main, false);
    }
}

// --- diagnostics -----------------------------------------------------------------------------

std::string thread_name(const Worker &w, const Fiber &f) {
    (void)w;
    return format("thread %u (%u,%u,%u)", f.tid, f.idx.x, f.idx.y, f.idx.z);
}

// "0-31, 40, 64-95" for the fibers whose index satisfies `pick`.
template <class Pick>
std::string thread_ranges(const Worker &w, Pick pick) {
    std::string out;
    unsigned t = 0;
    while (t < w.nthreads) {
        if (!pick(w.fibers[t])) {
            t++;
            continue;
        }
        unsigned end = t;
        while (end + 1 < w.nthreads && pick(w.fibers[end + 1])) end++;
        if (!out.empty()) out += ", ";
        out += end == t ? format("%u", t) : format("%u-%u", t, end);
        t = end + 1;
    }
    return out;
}

const char *barrier_name(BarrierKind kind) {
    switch (kind) {
        case BarrierKind::plain: return "__syncthreads()";
        case BarrierKind::count: return "__syncthreads_count()";
        case BarrierKind::all: return "__syncthreads_and()";
        case BarrierKind::any: return "__syncthreads_or()";
    }
    return "a barrier";
}

const char *warp_op_name(WarpOp op) {
    switch (op) {
        case WarpOp::sync: return "__syncwarp";
        case WarpOp::shfl_idx: return "__shfl_sync";
        case WarpOp::shfl_up: return "__shfl_up_sync";
        case WarpOp::shfl_down: return "__shfl_down_sync";
        case WarpOp::shfl_xor: return "__shfl_xor_sync";
        case WarpOp::ballot: return "__ballot_sync";
        case WarpOp::vote_any: return "__any_sync";
        case WarpOp::vote_all: return "__all_sync";
        case WarpOp::reduce_add: return "__reduce_add_sync";
        case WarpOp::reduce_min_s:
        case WarpOp::reduce_min_u: return "__reduce_min_sync";
        case WarpOp::reduce_max_s:
        case WarpOp::reduce_max_u: return "__reduce_max_sync";
        case WarpOp::reduce_and: return "__reduce_and_sync";
        case WarpOp::reduce_or: return "__reduce_or_sync";
        case WarpOp::reduce_xor: return "__reduce_xor_sync";
    }
    return "a warp collective";
}

std::string block_prefix(const Worker &w) {
    return format("kernel '%s' block (%u,%u,%u): ", w.job->grid->kernel_name.c_str(),
                  w.block_idx.x, w.block_idx.y, w.block_idx.z);
}

// Records the running fiber's fault. The message is built and stored in its own statement so
// that no temporary of it is left on a stack that abandon() never unwinds.
void set_fault(Worker &w, std::string message) { w.fault = block_prefix(w) + message; }

// Ends the running fiber's block with the fault set by set_fault. Never returns to the fiber.
[[noreturn]] void abandon(Worker &w) {
    if (w.job->settings.abort_on_fault) die("%s", w.fault.c_str());
    w.faulted = true;
    Fiber *f = w.current;
    w.current = nullptr;
    switch_context(w, f->ctx, w.main, true);
    __builtin_unreachable();
}

// Faults the running fiber with the message `describe` builds (inside the lambda, so that its
// temporaries are gone before the stack is abandoned).
template <class Describe>
[[noreturn]] void fail(Worker &w, Describe describe) {
    set_fault(w, describe());
    abandon(w);
}

std::string deadlock_message(const Worker &w) {
    std::string out = "deadlock: no thread can run;";
    std::vector<bool> done(w.nthreads, false);
    for (unsigned t = 0; t < w.nthreads; t++) {
        const Fiber &f = w.fibers[t];
        if (done[t] || (f.state != State::at_barrier && f.state != State::at_warp)) continue;
        auto same_wait = [&](const Fiber &g) {
            if (g.state != f.state || !same_site(g.site, f.site)) return false;
            return f.state == State::at_barrier || (g.op == f.op && g.mask == f.mask);
        };
        for (unsigned u = t; u < w.nthreads; u++)
            if (same_wait(w.fibers[u])) done[u] = true;
        std::string what = f.state == State::at_barrier
                               ? std::string(barrier_name(f.barrier_kind))
                               : format("%s(mask 0x%08x)", warp_op_name(f.op), f.mask);
        out += format(" threads %s wait at %s (%s);", thread_ranges(w, same_wait).c_str(),
                      what.c_str(), where(f.site).c_str());
    }
    if (w.exited > 0)
        out += format(" threads %s have exited;",
                      thread_ranges(w, [](const Fiber &g) { return g.state == State::exited; })
                          .c_str());
    out.pop_back();
    return out;
}

// --- barriers ---------------------------------------------------------------------------------

void release_barrier(Worker &w, Fiber *self) {
    unsigned arrived = (unsigned)w.waiters.size();
    int result = 0;
    switch (w.barrier_kind) {
        case BarrierKind::plain: break;
        case BarrierKind::count: result = (int)w.barrier_true; break;
        case BarrierKind::all: result = w.barrier_true == arrived; break;
        case BarrierKind::any: result = w.barrier_true > 0; break;
    }
    bool shuffled = w.job->settings.schedule == Schedule::shuffle;
    if (shuffled) shuffle_in_place(w.waiters.data(), w.waiters.size(), w.rng);
    for (Fiber *f : w.waiters) {
        f->barrier_result = result;
        // The completing thread runs on, except under the shuffle schedule, where it takes a
        // random place in the queue like everyone else.
        if (f != self || shuffled) push_ready(w, f);
    }
    w.waiters.clear();
    w.barrier_true = 0;
    if (self != nullptr) {
        if (shuffled) suspend(w, self);
        else self->state = State::running;
    }
}

}  // namespace

// --- warp collectives -------------------------------------------------------------------------

namespace {

constexpr uint64_t kPoison = ~uint64_t(0);

void compute_warp_results(Worker &w, Fiber *base, uint32_t group) {
    WarpOp op = base[__builtin_ctz(group)].op;
    uint64_t combined = 0;
    switch (op) {
        case WarpOp::sync: return;
        case WarpOp::shfl_idx:
        case WarpOp::shfl_up:
        case WarpOp::shfl_down:
        case WarpOp::shfl_xor:
            for (uint32_t bits = group; bits; bits &= bits - 1) {
                unsigned lane = (unsigned)__builtin_ctz(bits);
                Fiber &f = base[lane];
                // PTX shfl.sync: lanes form segments of `width`; up/down never leave the
                // segment, xor may read an earlier segment but not a later one.
                unsigned width = (unsigned)f.width;
                unsigned seg_start = lane & ~(width - 1), seg_end = seg_start | (width - 1);
                unsigned arg = (unsigned)f.lane_arg & 31u;
                int source = (int)lane;
                if (op == WarpOp::shfl_idx) {
                    source = (int)(seg_start + ((unsigned)f.lane_arg & (width - 1)));
                } else if (op == WarpOp::shfl_up) {
                    int j = (int)lane - (int)arg;
                    if (j >= (int)seg_start) source = j;
                } else if (op == WarpOp::shfl_down) {
                    unsigned j = lane + arg;
                    if (j <= seg_end) source = (int)j;
                } else {
                    unsigned j = lane ^ arg;
                    if (j <= seg_end) source = (int)j;
                }
                f.result = (group >> source) & 1u ? base[source].value : kPoison;
            }
            return;
        case WarpOp::ballot:
        case WarpOp::vote_any:
        case WarpOp::vote_all:
            for (uint32_t bits = group; bits; bits &= bits - 1) {
                unsigned lane = (unsigned)__builtin_ctz(bits);
                if (base[lane].value) combined |= 1ull << lane;
            }
            if (op == WarpOp::vote_any) combined = combined != 0;
            if (op == WarpOp::vote_all) combined = combined == group;
            break;
        default: {
            uint32_t acc = (uint32_t)base[__builtin_ctz(group)].value;
            for (uint32_t bits = group & (group - 1); bits; bits &= bits - 1) {
                uint32_t v = (uint32_t)base[__builtin_ctz(bits)].value;
                switch (op) {
                    case WarpOp::reduce_add: acc += v; break;
                    case WarpOp::reduce_min_s: acc = (int32_t)v < (int32_t)acc ? v : acc; break;
                    case WarpOp::reduce_min_u: acc = v < acc ? v : acc; break;
                    case WarpOp::reduce_max_s: acc = (int32_t)v > (int32_t)acc ? v : acc; break;
                    case WarpOp::reduce_max_u: acc = v > acc ? v : acc; break;
                    case WarpOp::reduce_and: acc &= v; break;
                    case WarpOp::reduce_or: acc |= v; break;
                    default: acc ^= v; break;
                }
            }
            combined = acc;
            break;
        }
    }
    for (uint32_t bits = group; bits; bits &= bits - 1) base[__builtin_ctz(bits)].result = combined;
}

// Completes the collective that the lanes of `mask` wait in, if every non-exited one of them
// has arrived. `self` (the caller, or null when an exit triggers the check) keeps running.
bool try_complete_warp(Worker &w, unsigned warp, unsigned mask, Fiber *self) {
    uint32_t group = mask & ~w.warp_exited[warp];
    if (group == 0 || (w.warp_waiting[warp] & group) != group) return false;
    Fiber *base = &w.fibers[(size_t)warp * 32];
    const Fiber &lead = base[__builtin_ctz(group)];
    for (uint32_t bits = group; bits; bits &= bits - 1) {
        const Fiber &f = base[__builtin_ctz(bits)];
        if (f.op != lead.op || f.mask != lead.mask)
            fail(w, [&] {
                return format("warp %u: mismatched warp collectives: %s %s(mask 0x%08x) at "
                    "%s, but %s %s(mask 0x%08x) at %s",
                    warp, thread_name(w, lead).c_str(), warp_op_name(lead.op),
                    lead.mask, where(lead.site).c_str(),
                    thread_name(w, f).c_str(), warp_op_name(f.op), f.mask,
                    where(f.site).c_str());
            });
    }
    compute_warp_results(w, base, group);
    w.warp_waiting[warp] &= ~group;
    for (uint32_t bits = group; bits; bits &= bits - 1) {
        Fiber *f = &base[__builtin_ctz(bits)];
        if (f == self) f->state = State::running;
        else push_ready(w, f);
    }
    return true;
}

void on_thread_exit(Worker &w, Fiber *f) {
    f->state = State::exited;
    w.exited++;
    w.warp_exited[f->warp] |= 1u << f->lane;
    if (!w.waiters.empty()) {
        if (w.job->settings.strict)
            fail(w, [&] {
                return format("%s returned while threads %s wait at %s (%s): every thread "
                    "must reach every barrier (mask work with a flag instead of "
                    "returning early)",
                    thread_name(w, *f).c_str(),
                    thread_ranges(w, [](const Fiber &g) {
                        return g.state == State::at_barrier;
                    }).c_str(),
                    barrier_name(w.barrier_kind), where(w.barrier_site).c_str());
            });
        if (w.waiters.size() == w.nthreads - w.exited) release_barrier(w, nullptr);
    }
    uint32_t waiting = w.warp_waiting[f->warp];
    for (uint32_t bits = waiting; bits; bits &= bits - 1) {
        unsigned lane = (unsigned)__builtin_ctz(bits);
        if (w.warp_waiting[f->warp] & (1u << lane))
            try_complete_warp(w, f->warp, w.fibers[(size_t)f->warp * 32 + lane].mask, nullptr);
    }
}

// --- blocks ---------------------------------------------------------------------------------

void setup_block(Worker &w, Job &job, uint64_t linear) {
    const Grid &g = *job.grid;
    w.block_idx.x = (unsigned)(linear % g.grid.x);
    w.block_idx.y = (unsigned)((linear / g.grid.x) % g.grid.y);
    w.block_idx.z = (unsigned)(linear / ((uint64_t)g.grid.x * g.grid.y));
    blockIdx = w.block_idx;
    blockDim = g.block;
    gridDim = g.grid;

    unsigned n = g.block.x * g.block.y * g.block.z;
    w.nthreads = n;
    w.fibers.resize(n);
    for (unsigned t = 0; t < n; t++) {
        Fiber &f = w.fibers[t];
        f.idx = uint3{t % g.block.x, (t / g.block.x) % g.block.y, t / (g.block.x * g.block.y)};
        f.tid = t;
        f.lane = t % 32;
        f.warp = t / 32;
        f.state = State::idle;
        f.stack = nullptr;
    }
    unsigned warps = (n + 31) / 32;
    w.warp_waiting.assign(warps, 0);
    w.warp_exited.assign(warps, 0);
    if (n % 32) w.warp_exited[warps - 1] = ~0u << (n % 32);

    w.ready.resize(n);
    w.ready_head = 0;
    w.ready_count = 0;
    switch (job.settings.schedule) {
        case Schedule::forward:
            for (unsigned t = 0; t < n; t++) push_ready(w, &w.fibers[t]);
            break;
        case Schedule::reverse:
            for (unsigned t = n; t-- > 0;) push_ready(w, &w.fibers[t]);
            break;
        case Schedule::shuffle:
            for (unsigned t = 0; t < n; t++) push_ready(w, &w.fibers[t]);
            shuffle_in_place(w.ready.data(), n, w.rng);
            break;
    }
    w.waiters.clear();
    w.barrier_true = 0;
    w.exited = 0;
    w.current = nullptr;
    w.finished = nullptr;
    w.faulted = false;
    w.fault.clear();
}

// TODO(sim): run a block whose first thread never waits as a plain loop without switching
// (HIP-CPU's fast path); barrier-free kernels would lose the ~35 ns start/exit per thread.
bool run_block(Worker &w, Job &job, uint64_t linear) {
    setup_block(w, job, linear);
    size_t smem = job.grid->dynamic_smem;
    // Exact size, so ASan sees an overrun; 0xFF bytes read as NaN, as uninitialised memory
    // should.
    // 128-byte aligned like the GPU's shared window, so vector loads from it stay aligned.
    w.dynamic_smem = nullptr;
    if (posix_memalign(&w.dynamic_smem, 128, smem ? smem : 1) != 0)
        die("cannot allocate %zu bytes of dynamic shared memory", smem);
    std::memset(w.dynamic_smem, 0xff, smem);

    while (!w.faulted) {
        Fiber *f = pop_ready(w);
        if (f == nullptr) break;
        enter(w, f);
        switch_context(w, w.main, f->ctx, false);
        if (w.finished != nullptr) {
            w.pool.release(w.finished->stack);
            w.finished->stack = nullptr;
            w.finished = nullptr;
        }
    }
    if (!w.faulted && w.exited != w.nthreads) {
        w.fault = block_prefix(w) + deadlock_message(w);
        if (job.settings.abort_on_fault) die("%s", w.fault.c_str());
        w.faulted = true;
    }
    if (w.faulted) {
        for (unsigned t = 0; t < w.nthreads; t++) {
            Fiber &f = w.fibers[t];
            if (f.stack != nullptr) w.pool.release(f.stack);
            f.stack = nullptr;
        }
        w.finished = nullptr;
    }
    std::free(w.dynamic_smem);
    w.dynamic_smem = nullptr;
    w.current = nullptr;
    return !w.faulted;
}

uint64_t block_at(const Job &job, uint64_t i) {
    switch (job.settings.schedule) {
        case Schedule::forward: return i;
        case Schedule::reverse: return job.blocks - 1 - i;
        case Schedule::shuffle:
            return (uint64_t)(((unsigned __int128)job.perm_mul * i + job.perm_add) % job.blocks);
    }
    return i;
}

void run_blocks(Job &job) {
    Worker &w = this_thread_worker();
    Worker *outer = tl_worker;
    if (outer != nullptr && outer->current != nullptr)
        die("a kernel launched another kernel (dynamic parallelism is not simulated)");
    tl_worker = &w;
    w.job = &job;
    w.use_uc = job.settings.use_ucontext;
    if (w.use_uc && !w.main_uc) w.main_uc = std::make_unique<ucontext_t>();
    w.main.uc = w.main_uc.get();
    w.rng = job.settings.seed ^ (uint64_t)(uintptr_t)&w;
    for (;;) {
        if (job.stop.load(std::memory_order_relaxed)) break;
        uint64_t i = job.next.fetch_add(1, std::memory_order_relaxed);
        if (i >= job.blocks) break;
        if (!run_block(w, job, block_at(job, i))) {
            std::lock_guard<std::mutex> lock(job.fault_mutex);
            if (!job.faulted) {
                job.faulted = true;
                job.fault = w.fault;
            }
            job.stop = true;
            break;
        }
    }
    w.job = nullptr;
    tl_worker = outer;
}

uint64_t gcd(uint64_t a, uint64_t b) {
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// Helper workers for GPUSIM_THREADS > 1. The caller always runs blocks too.
// TODO(sim): TSan fiber annotations (__tsan_switch_to_fiber) would find races between blocks
// on different workers; without them a TSan build reports false positives.
class WorkerPool {
public:
    void run(Job &job, int helpers) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            while ((int)threads_.size() < helpers) {
                int index = (int)threads_.size();
                threads_.emplace_back([this, index] { helper_main(index); });
            }
            job_ = &job;
            wanted_ = helpers;
            busy_ = helpers;
            generation_++;
        }
        wake_.notify_all();
        run_blocks(job);
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [this] { return busy_ == 0; });
        job_ = nullptr;
    }

private:
    void helper_main(int index) {
        uint64_t seen = 0;
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return generation_ != seen; });
            seen = generation_;
            if (index >= wanted_) continue;
            Job *job = job_;
            lock.unlock();
            run_blocks(*job);
            lock.lock();
            if (--busy_ == 0) done_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::vector<std::thread> threads_;
    Job *job_ = nullptr;
    int wanted_ = 0;
    int busy_ = 0;
    uint64_t generation_ = 0;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

bool set_option(Settings &s, const std::string &name, const std::string &value) {
    if (name == "schedule") {
        if (value == "forward") s.schedule = Schedule::forward;
        else if (value == "reverse") s.schedule = Schedule::reverse;
        else if (value == "shuffle") s.schedule = Schedule::shuffle;
        else return false;
    } else if (name == "streams") {
        if (value == "sync") s.deferred_streams = false;
        else if (value == "deferred") s.deferred_streams = true;
        else return false;
    } else if (name == "on_fault") {
        if (value == "error") s.abort_on_fault = false;
        else if (value == "abort") s.abort_on_fault = true;
        else return false;
    } else if (name == "threads") {
        char *end = nullptr;
        long n = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || n < 1 || n > 256) return false;
        s.threads = (int)n;
    } else if (name == "strict" || name == "ucontext") {
        bool on;
        if (value == "1") on = true;
        else if (value == "0") on = false;
        else return false;
        if (name == "strict") s.strict = on;
        else s.use_ucontext = on;
    } else if (name == "seed") {
        char *end = nullptr;
        unsigned long long seed = std::strtoull(value.c_str(), &end, 0);
        if (value.empty() || *end != '\0') return false;
        s.seed = seed;
    } else if (name == "memory") {
        char *end = nullptr;
        double bytes = std::strtod(value.c_str(), &end);
        if (value.empty() || bytes < 0) return false;
        double scale = 1;
        if (*end == 'K' || *end == 'k') scale = 1024.0, end++;
        else if (*end == 'M' || *end == 'm') scale = 1024.0 * 1024, end++;
        else if (*end == 'G' || *end == 'g') scale = 1024.0 * 1024 * 1024, end++;
        if (*end != '\0') return false;
        s.memory_budget = (int64_t)(bytes * scale);
    } else {
        return false;
    }
    return true;
}

Settings &settings() {
    static Settings s = [] {
        Settings parsed;
        static const struct {
            const char *env, *name;
        } vars[] = {{"GPUSIM_ON_FAULT", "on_fault"}, {"GPUSIM_SCHEDULE", "schedule"},
                    {"GPUSIM_STREAMS", "streams"},   {"GPUSIM_THREADS", "threads"},
                    {"GPUSIM_STRICT", "strict"},     {"GPUSIM_UCONTEXT", "ucontext"},
                    {"GPUSIM_SEED", "seed"},         {"GPUSIM_MEMORY", "memory"}};
        for (const auto &v : vars) {
            const char *value = std::getenv(v.env);
            if (value != nullptr && !set_option(parsed, v.name, value))
                std::fprintf(stderr, "gpusim: ignoring %s=%s (not a valid value)\n", v.env,
                             value);
        }
#if !GPUSIM_ASM_SWITCH
        parsed.use_ucontext = true;
#endif
        return parsed;
    }();
    return s;
}

// ---------------------------------------------------------------------------------------------
// Grids
// ---------------------------------------------------------------------------------------------

bool run_grid(const Grid &grid, std::string &fault) {
    Job job;
    job.grid = &grid;
    job.settings = settings();
#if !GPUSIM_ASM_SWITCH
    job.settings.use_ucontext = true;
#endif
    job.blocks = (uint64_t)grid.grid.x * grid.grid.y * grid.grid.z;
    if (job.settings.schedule == Schedule::shuffle && job.blocks > 1) {
        uint64_t rng = job.settings.seed ^ job.blocks;
        job.perm_add = next_random(rng) % job.blocks;
        job.perm_mul = next_random(rng) % job.blocks | 1;
        while (gcd(job.perm_mul, job.blocks) != 1) job.perm_mul++;
    }
    int helpers = (int)std::min<uint64_t>((uint64_t)job.settings.threads, job.blocks) - 1;
    if (helpers <= 0) {
        run_blocks(job);
    } else {
        static WorkerPool *pool = new WorkerPool;  // lives for the process
        pool->run(job, helpers);
    }
    if (job.faulted) fault = job.fault;
    return !job.faulted;
}

}  // namespace gpusim::engine

// ---------------------------------------------------------------------------------------------
// Fiber entry
// ---------------------------------------------------------------------------------------------

extern "C" void gpusim_fiber_start(gpusim::engine::Fiber *f) {
    using namespace gpusim::engine;
#if GPUSIM_ASAN
    {
        Worker &w0 = *tl_worker;
        const void *bottom;
        size_t size;
        __sanitizer_finish_switch_fiber(nullptr, &bottom, &size);
        if (w0.switching_from == &w0.main) {
            w0.main.bottom = bottom;
            w0.main.size = size;
        }
    }
#endif
    Worker &w = *tl_worker;
    bool threw = false;
    try {
        w.job->grid->thunk->run_thread();
    } catch (...) {
        threw = true;
    }
    if (threw)
        fail(w, [&] {
            return thread_name(w, *f) + " let a C++ exception escape the kernel";
        });
    on_thread_exit(w, f);
    w.finished = f;
    w.current = nullptr;
    switch_context(w, f->ctx, w.main, true);
    __builtin_unreachable();
}

// ---------------------------------------------------------------------------------------------
// Device functions (declared in sim_device.h)
// ---------------------------------------------------------------------------------------------

namespace gpusim::detail {

using engine::Fiber;
using engine::State;
using engine::Worker;

int block_barrier(BarrierKind kind, int predicate, const std::source_location &at) {
    Worker &w = engine::running_worker(engine::barrier_name(kind));
    Fiber *f = w.current;
    if (w.exited > 0 && w.job->settings.strict)
        engine::fail(w, [&] {
            return engine::format("%s reached %s at %s after threads %s returned: every thread "
                "must reach every barrier (mask work with a flag instead of "
                "returning early)",
                engine::thread_name(w, *f).c_str(), engine::barrier_name(kind),
                engine::where(at).c_str(),
                engine::thread_ranges(w, [](const Fiber &g) {
                return g.state == State::exited;
                }).c_str());
        });
    if (w.waiters.empty()) {
        w.barrier_site = at;
        w.barrier_kind = kind;
    } else if (!engine::same_site(at, w.barrier_site) || kind != w.barrier_kind) {
        engine::fail(w, [&] {
            return engine::format("divergent barrier: threads %s wait at %s (%s), but %s reached "
                "%s at %s",
                engine::thread_ranges(w, [](const Fiber &g) {
                return g.state == State::at_barrier;
                }).c_str(),
                engine::barrier_name(w.barrier_kind),
                engine::where(w.barrier_site).c_str(),
                engine::thread_name(w, *f).c_str(), engine::barrier_name(kind),
                engine::where(at).c_str());
        });
    }
    f->state = State::at_barrier;
    f->site = at;
    f->barrier_kind = kind;
    if (predicate) w.barrier_true++;
    w.waiters.push_back(f);
    if (w.waiters.size() == w.nthreads - w.exited) engine::release_barrier(w, f);
    else engine::suspend(w, f);
    return f->barrier_result;
}

uint64_t warp_collective(WarpOp op, unsigned mask, uint64_t value, int lane_arg, int width,
                         const std::source_location &at) {
    Worker &w = engine::running_worker(engine::warp_op_name(op));
    Fiber *f = w.current;
    if ((mask & (1u << f->lane)) == 0)
        engine::fail(w, [&] {
            return engine::format("%s(mask 0x%08x) at %s: the mask does not include "
                "the calling lane %u (%s)",
                engine::warp_op_name(op), mask,
                engine::where(at).c_str(), f->lane,
                engine::thread_name(w, *f).c_str());
        });
    if (width < 1 || width > 32 || (width & (width - 1)) != 0)
        engine::fail(w, [&] {
            return engine::format("%s at %s: width %d is not a power of two in "
                "1..32 (%s)",
                engine::warp_op_name(op),
                engine::where(at).c_str(), width,
                engine::thread_name(w, *f).c_str());
        });
    f->op = op;
    f->mask = mask;
    f->value = value;
    f->lane_arg = lane_arg;
    f->width = width;
    f->site = at;
    f->state = State::at_warp;
    w.warp_waiting[f->warp] |= 1u << f->lane;
    if (!engine::try_complete_warp(w, f->warp, mask, f)) engine::suspend(w, f);
    return f->result;
}

unsigned active_mask() {
    Worker &w = engine::running_worker("__activemask()");
    return ~w.warp_exited[w.current->warp];
}

void *dynamic_shared_memory() {
    return engine::running_worker("dynamic shared memory").dynamic_smem;
}

void yield_fiber() {
    Worker &w = engine::running_worker("__nanosleep()");
    Fiber *f = w.current;
    engine::push_ready(w, f);
    engine::suspend(w, f);
}

void trap(const std::source_location &at) {
    Worker &w = engine::running_worker("__trap()");
    engine::fail(w, [&] {
        return engine::format("%s called __trap() at %s",
            engine::thread_name(w, *w.current).c_str(),
            engine::where(at).c_str());
    });
}

}  // namespace gpusim::detail

// ---------------------------------------------------------------------------------------------
// ASan: say which simulated thread a report came from
// ---------------------------------------------------------------------------------------------

#if GPUSIM_ASAN
namespace {
void report_simulated_thread() {
    using gpusim::engine::tl_worker;
    const auto *w = tl_worker;
    if (w == nullptr || w->job == nullptr) return;
    if (w->current != nullptr)
        std::fprintf(stderr,
                     "gpusim: the report above was raised in kernel '%s', block (%u,%u,%u), "
                     "thread (%u,%u,%u)\n",
                     w->job->grid->kernel_name.c_str(), w->block_idx.x, w->block_idx.y,
                     w->block_idx.z, w->current->idx.x, w->current->idx.y, w->current->idx.z);
    else
        std::fprintf(stderr,
                     "gpusim: the report above was raised while kernel '%s' block (%u,%u,%u) "
                     "was being scheduled\n",
                     w->job->grid->kernel_name.c_str(), w->block_idx.x, w->block_idx.y,
                     w->block_idx.z);
}

__attribute__((constructor)) void install_asan_death_callback() {
    __sanitizer_set_death_callback(report_simulated_thread);
}
}  // namespace
#endif
