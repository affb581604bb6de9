/*
 * test_kernels.h: the memory-safety sweep over every exported function of panagan.h
 * (test_kernels.cpp), which the simulator's test driver (test_sim.cpp) runs as checks.
 */
#ifndef PANAGAN_TEST_KERNELS_H
#define PANAGAN_TEST_KERNELS_H

#include <cstdint>
#include <functional>
#include <string>

namespace kerneltest {

// Receives one function family's outcome: whether every call passed, a name that says what
// ran, and on failure which cases failed and how (the driver's check()).
using Report = std::function<void(bool ok, const std::string &name, const std::string &detail)>;

// Runs every exported function over the shape sweep on exact-size device buffers and reports
// one result per function family; `tag` is appended to each name (" [schedule reverse]").
// Inputs are random (from `seed`) and finite; each call must return PANAGAN_OK, leave no
// device fault and write finite outputs. Frees everything it allocates.
void run_sweep(uint64_t seed, const std::string &tag, const Report &report);

}  // namespace kerneltest

#endif /* PANAGAN_TEST_KERNELS_H */
