/*
 * engine.h: what the simulator's two halves tell each other (not installed, not for kernels).
 *
 *   exec.cpp    runs a grid: fibers, scheduler, barrier and warp-collective semantics, faults;
 *   cudart.cpp  the cudart stand-in: memory, streams, events, graphs, launch validation.
 */
#ifndef GPUSIM_ENGINE_H
#define GPUSIM_ENGINE_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gpusim/sim_device.h"
#include "gpusim/sim_launch.h"

namespace gpusim::engine {

enum class Schedule { forward, reverse, shuffle };

// Everything the environment can set (GPUSIM_*), read once at start-up; gpusim_set_option
// changes it later under the global lock. A grid copies what it needs when it starts.
struct Settings {
    bool abort_on_fault = false;        // GPUSIM_ON_FAULT=abort|error
    Schedule schedule = Schedule::forward;  // GPUSIM_SCHEDULE
    bool deferred_streams = false;      // GPUSIM_STREAMS=deferred|sync
    int threads = 1;                    // GPUSIM_THREADS: workers that run blocks
    bool strict = true;                 // GPUSIM_STRICT: a barrier after an exit is a fault
    bool use_ucontext = false;          // GPUSIM_UCONTEXT=1 (always on without the asm switch)
    uint64_t seed = 0x5eed;             // GPUSIM_SEED for the shuffle schedule
    int64_t memory_budget = int64_t(8) << 30;  // GPUSIM_MEMORY
};

Settings &settings();

// Parses one option by name ("schedule", "streams", ...) into `into`; false if unknown/bad.
bool set_option(Settings &into, const std::string &name, const std::string &value);

struct Grid {
    std::string kernel_name;
    std::shared_ptr<const detail::KernelThunk> thunk;
    dim3 grid;
    dim3 block;
    size_t dynamic_smem;
    // Top-level pointer arguments and the launcher's argument text, checked again when a queued
    // launch or a graph replay runs (the memory may have been freed since).
    std::vector<detail::PointerArgument> pointers;
    std::string argument_text;
};

// Runs every block of `grid` before returning. On a fault (barrier misuse, deadlock, bad warp
// mask, __trap) returns false with the message in `fault`; in abort mode it never returns then.
bool run_grid(const Grid &grid, std::string &fault);

}  // namespace gpusim::engine

#endif /* GPUSIM_ENGINE_H */
