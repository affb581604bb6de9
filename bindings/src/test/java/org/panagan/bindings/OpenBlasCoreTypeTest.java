package org.panagan.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * How OPENBLAS_CORETYPE is chosen, on made-up /proc/cpuinfo text. Only the outcomes that leave
 * the process environment alone are run here: a test that set the variable would change the
 * kernels of every later OpenBLAS call in this JVM, on whatever processor runs the tests.
 */
class OpenBlasCoreTypeTest {

    static final String ZEN_AVX512 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl avx512_bf16
            """;
    static final String ZEN_AVX2 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            flags\t\t: fpu sse2 avx avx2 fma
            """;
    static final String INTEL_AVX512 = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl
            """;

    static OpenBlasLibrary.Settings settings(String coreType, String env, String cpuInfo) {
        return new OpenBlasLibrary.Settings("auto", coreType, env, List.of(), cpuInfo);
    }

    @Test
    void avx512KernelsOnlyForAmdProcessorsWithAllFourExtensions() {
        assertEquals(Optional.of("SkylakeX"), OpenBlasLibrary.autoCoreType(ZEN_AVX512));
        assertEquals(Optional.empty(), OpenBlasLibrary.autoCoreType(ZEN_AVX2));
        // OpenBLAS recognises Intel's AVX-512 processors itself.
        assertEquals(Optional.empty(), OpenBlasLibrary.autoCoreType(INTEL_AVX512));
        assertEquals(Optional.empty(), OpenBlasLibrary.autoCoreType(""));
    }

    @Test
    void autoKeepsTheEnvironmentsValueAndSaysWhatWouldBeFaster() {
        String said = OpenBlasLibrary.applyCoreType(settings("auto", "Haswell", ZEN_AVX512));
        assertTrue(said.startsWith("OPENBLAS_CORETYPE=Haswell from the environment"), said);
        assertTrue(said.contains("-Dpanagan.openblas.coretype=fastest"), said);
        assertTrue(said.contains("SkylakeX"), said);
    }

    @Test
    void fastestLeavesTheEnvironmentWhereItKnowsNothingFaster() {
        assertEquals("OPENBLAS_CORETYPE=Haswell from the environment",
                OpenBlasLibrary.applyCoreType(settings("fastest", "Haswell", ZEN_AVX2)));
        assertEquals("OPENBLAS_CORETYPE=SkylakeX from the environment",
                OpenBlasLibrary.applyCoreType(settings("fastest", "skylakex", ZEN_AVX512))
                        .replace("skylakex", "SkylakeX"));
        assertEquals("OPENBLAS_CORETYPE not set (OpenBLAS detects the processor)",
                OpenBlasLibrary.applyCoreType(settings("fastest", null, INTEL_AVX512)));
    }

    @Test
    void keepNeverChangesAnything() {
        assertEquals("OPENBLAS_CORETYPE=Haswell from the environment",
                OpenBlasLibrary.applyCoreType(settings("keep", "Haswell", ZEN_AVX512)));
    }
}
