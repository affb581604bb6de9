package org.panagan.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The hand-written header classes against the C headers they bind: every function declared has
 * a binding whose FunctionDescriptor matches the C signature (return and each parameter), whose
 * wrapper takes and returns the matching Java types, and whose symbol the library exports; no
 * binding exists without a declaration; every enum constant has the header's value.
 *
 * <p>C types map as jextract maps them on Linux x86-64/aarch64: int32_t and enums to JAVA_INT,
 * int64_t and size_t to JAVA_LONG, float to JAVA_FLOAT, every pointer (and pointer typedef such
 * as panagan_stream_t) to an address.
 */
@DisabledIfSystemProperty(named = "panagan.native.library", matches = "cuda",
        disabledReason = "the cuda execution runs only the conformance suite")
class HeaderBindingTest {

    // -----------------------------------------------------------------------------------------
    // panagan.h and gpusim_control.h: parsed whole, so additions without bindings fail
    // -----------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyPanaganFunctionHasAMatchingBinding() {
        return functionTests(CHeader.parse(source("native/include/panagan.h")), panagan_h.class);
    }

    @Test
    void panaganHasNoBindingWithoutADeclaration() {
        CHeader header = CHeader.parse(source("native/include/panagan.h"));
        assertEquals(List.of(), extraBindings(header, panagan_h.class));
    }

    @Test
    void panaganEnumConstantsHaveTheHeaderValues() {
        CHeader header = CHeader.parse(source("native/include/panagan.h"));
        assertTrue(header.enumConstants().containsKey("PANAGAN_OK"), "parser found no enums");
        assertEquals(List.of(), constantProblems(header.enumConstants(), panagan_h.class, true));
    }

    @Test
    void panaganPointerTypedefsAreAddresses() throws ReflectiveOperationException {
        CHeader header = CHeader.parse(source("native/include/panagan.h"));
        assertEquals(Set.of("panagan_stream_t"), header.pointerTypedefs());
        for (String name : header.pointerTypedefs()) {
            Field field = panagan_h.class.getField(name);
            assertTrue(field.get(null) instanceof AddressLayout, name + " is not an address");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyGpusimFunctionHasAMatchingBinding() {
        CHeader header = CHeader.parse(source("native/sim/include/gpusim/gpusim_control.h"));
        List<DynamicTest> tests = new ArrayList<>(functionTests(header, gpusim_h.class).toList());
        tests.add(DynamicTest.dynamicTest("no extra bindings", () ->
                assertEquals(List.of(), extraBindings(header, gpusim_h.class))));
        return tests.stream();
    }

    /** The check itself must notice a function added to the header without a binding. */
    @Test
    void aFunctionAddedToTheHeaderWithoutABindingIsReported() {
        String added = """
                typedef struct CUstream_st *panagan_stream_t;
                int32_t panagan_fill(float *x, int64_t count, float value,
                                     panagan_stream_t stream);
                int32_t panagan_frobnicate(const float *x, int64_t count,
                                           panagan_stream_t stream);
                """;
        CHeader header = CHeader.parse(Path.of("synthetic.h"), added);
        List<String> problems = new ArrayList<>();
        for (CHeader.Function f : header.functions()) {
            problems.addAll(bindingProblems(f, header.pointerTypedefs(), header.enumTypedefs(),
                    panagan_h.class));
        }
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("panagan_frobnicate"), problems.get(0));
    }

    /** ... and a binding whose parameter type differs from the declaration. */
    @Test
    void aParameterOfTheWrongTypeIsReported() {
        String changed = """
                typedef struct CUstream_st *panagan_stream_t;
                int32_t panagan_fill(float *x, int32_t count, float value,
                                     panagan_stream_t stream);
                """;
        CHeader header = CHeader.parse(Path.of("synthetic.h"), changed);
        List<String> problems = bindingProblems(header.functions().get(0),
                header.pointerTypedefs(), header.enumTypedefs(), panagan_h.class);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("count"), problems.get(0));
    }

    // -----------------------------------------------------------------------------------------
    // cuda_runtime_h: a chosen subset, each binding checked against the installed CUDA headers
    // -----------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyCudaBindingMatchesTheCudaHeaders() {
        CudaHeaders cuda = CudaHeaders.find();
        return boundFunctions(cuda_runtime_h.class).stream().map(name ->
                DynamicTest.dynamicTest(name, () -> {
                    CHeader.Function declared = cuda.declaration(name);
                    List<String> problems = bindingProblems(declared, cuda.pointerTypedefs(),
                            cuda.enumTypedefs(), cuda_runtime_h.class);
                    if (!problems.isEmpty()) {
                        fail(String.join("\n", problems));
                    }
                }));
    }

    @Test
    void cudaConstantsHaveTheHeaderValues() {
        CudaHeaders cuda = CudaHeaders.find();
        List<String> problems = new ArrayList<>();
        Map<String, Long> expected = new java.util.HashMap<>();
        for (Method getter : intGetters(cuda_runtime_h.class)) {
            Long value = cuda.constant(getter.getName());
            if (value == null) {
                problems.add(getter.getName() + " is neither an enum constant nor a #define in "
                        + cuda.dir().resolve("driver_types.h"));
            } else {
                expected.put(getter.getName(), value);
            }
        }
        assertTrue(expected.containsKey("cudaMemcpyDeviceToHost"), "no constants were checked");
        problems.addAll(constantProblems(expected, cuda_runtime_h.class, false));
        assertEquals(List.of(), problems);
    }

    // -----------------------------------------------------------------------------------------
    // The checks
    // -----------------------------------------------------------------------------------------

    private static Stream<DynamicTest> functionTests(CHeader header, Class<?> bindings) {
        assertTrue(!header.functions().isEmpty(), header.path() + ": parser found no functions");
        return header.functions().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            List<String> problems = bindingProblems(f, header.pointerTypedefs(),
                    header.enumTypedefs(), bindings);
            if (!problems.isEmpty()) {
                fail(String.join("\n", problems));
            }
        }));
    }

    /** Everything wrong with the binding of one declared function; empty when it matches. */
    static List<String> bindingProblems(CHeader.Function f, Set<String> pointerTypedefs,
                                        Set<String> enumTypedefs, Class<?> bindings) {
        String where = bindings.getSimpleName() + "." + f.name();
        List<String> problems = new ArrayList<>();
        Method descriptorMethod;
        try {
            descriptorMethod = bindings.getMethod(f.name() + "$descriptor");
            bindings.getMethod(f.name() + "$handle");
            bindings.getMethod(f.name() + "$address");
        } catch (NoSuchMethodException e) {
            problems.add("the header declares `" + f.declaration() + "` but " + where
                    + " has no binding (" + e.getMessage() + " is missing)");
            return problems;
        }

        ValueLayout expectedReturn = layoutOf(f.returnType(), pointerTypedefs, enumTypedefs);
        List<ValueLayout> expectedParams = new ArrayList<>();
        for (CHeader.Param p : f.params()) {
            ValueLayout layout = layoutOf(p.type(), pointerTypedefs, enumTypedefs);
            if (layout == null) {
                problems.add(where + ": parameter " + p.name() + " has type void");
                return problems;
            }
            expectedParams.add(layout);
        }

        FunctionDescriptor actual;
        try {
            actual = (FunctionDescriptor) descriptorMethod.invoke(null);
        } catch (InvocationTargetException e) {
            problems.add(where + ": the binding cannot be initialised (does the library export "
                    + f.name() + "?): " + rootMessage(e));
            return problems;
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }

        if (expectedReturn == null) {
            actual.returnLayout().ifPresent(r -> problems.add(where + " returns "
                    + describe(r) + " but the C function returns void"));
        } else if (actual.returnLayout().isEmpty()) {
            problems.add(where + " returns nothing but the C function returns " + f.returnType());
        } else if (!same(actual.returnLayout().get(), expectedReturn)) {
            problems.add(where + " returns " + describe(actual.returnLayout().get())
                    + " but the C function returns " + f.returnType() + " ("
                    + describe(expectedReturn) + ")");
        }
        List<MemoryLayout> args = actual.argumentLayouts();
        if (args.size() != expectedParams.size()) {
            problems.add(where + " takes " + args.size() + " arguments but the C function takes "
                    + expectedParams.size() + ": " + f.declaration());
            return problems;
        }
        for (int i = 0; i < args.size(); i++) {
            if (!same(args.get(i), expectedParams.get(i))) {
                CHeader.Param p = f.params().get(i);
                problems.add(where + " parameter " + i + " (" + p.name() + ") is bound as "
                        + describe(args.get(i)) + " but is " + p.type() + " in C ("
                        + describe(expectedParams.get(i)) + ")");
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(wrapperProblems(f, actual, bindings));
        }
        return problems;
    }

    /** The static wrapper must take and return the carriers of the descriptor. */
    private static List<String> wrapperProblems(CHeader.Function f, FunctionDescriptor desc,
                                                Class<?> bindings) {
        Class<?>[] carriers = desc.argumentLayouts().stream()
                .map(l -> ((ValueLayout) l).carrier()).toArray(Class<?>[]::new);
        Class<?> returns = desc.returnLayout().isPresent()
                ? ((ValueLayout) desc.returnLayout().get()).carrier() : void.class;
        try {
            Method wrapper = bindings.getMethod(f.name(), carriers);
            if (wrapper.getReturnType() != returns || !Modifier.isStatic(wrapper.getModifiers())) {
                return List.of(bindings.getSimpleName() + "." + f.name() + " returns "
                        + wrapper.getReturnType() + ", expected static " + returns);
            }
            MethodHandle handle = (MethodHandle) bindings.getMethod(f.name() + "$handle")
                    .invoke(null);
            if (!handle.type().equals(desc.toMethodType())) {
                return List.of(f.name() + "$handle has type " + handle.type() + ", expected "
                        + desc.toMethodType());
            }
            MemorySegment address = (MemorySegment) bindings.getMethod(f.name() + "$address")
                    .invoke(null);
            if (address.equals(MemorySegment.NULL)) {
                return List.of(f.name() + "$address is NULL");
            }
            return List.of();
        } catch (NoSuchMethodException e) {
            return List.of(bindings.getSimpleName() + " has no wrapper " + f.name()
                    + List.of(carriers));
        } catch (ReflectiveOperationException e) {
            return List.of(f.name() + ": " + rootMessage(e));
        }
    }

    /** Functions bound in the class but not declared in the header. */
    private static List<String> extraBindings(CHeader header, Class<?> bindings) {
        Set<String> declared = new TreeSet<>();
        header.functions().forEach(f -> declared.add(f.name()));
        List<String> extra = new ArrayList<>();
        for (String name : boundFunctions(bindings)) {
            if (!declared.contains(name)) {
                extra.add(bindings.getSimpleName() + "." + name + " binds a function "
                        + header.path().getFileName() + " does not declare");
            }
        }
        return extra;
    }

    /** Wrong or missing values; with {@code complete}, also int getters the map lacks. */
    private static List<String> constantProblems(Map<String, Long> expected, Class<?> bindings,
                                                 boolean complete) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(expected).entrySet()) {
            try {
                int value = (int) bindings.getMethod(e.getKey()).invoke(null);
                if (value != e.getValue()) {
                    problems.add(bindings.getSimpleName() + "." + e.getKey() + "() is " + value
                            + ", the header says " + e.getValue());
                }
            } catch (NoSuchMethodException ex) {
                problems.add(bindings.getSimpleName() + " has no constant " + e.getKey());
            } catch (ReflectiveOperationException ex) {
                problems.add(e.getKey() + ": " + rootMessage(ex));
            }
        }
        if (complete) {
            for (Method getter : intGetters(bindings)) {
                if (!expected.containsKey(getter.getName())) {
                    problems.add(bindings.getSimpleName() + "." + getter.getName()
                            + "() is not an enum constant of the header");
                }
            }
        }
        return problems;
    }

    /** The constant getters: static int methods without arguments that wrap no function. */
    private static List<Method> intGetters(Class<?> bindings) {
        Set<String> functions = Set.copyOf(boundFunctions(bindings));
        List<Method> out = new ArrayList<>();
        for (Method m : bindings.getMethods()) {
            if (m.getDeclaringClass() == bindings && Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 0 && m.getReturnType() == int.class
                    && !m.getName().contains("$") && !functions.contains(m.getName())) {
                out.add(m);
            }
        }
        out.sort(java.util.Comparator.comparing(Method::getName));
        return out;
    }

    private static List<String> boundFunctions(Class<?> bindings) {
        Set<String> names = new TreeSet<>();
        for (Method m : bindings.getMethods()) {
            if (m.getDeclaringClass() == bindings && m.getName().endsWith("$descriptor")) {
                names.add(m.getName().substring(0, m.getName().length() - "$descriptor".length()));
            }
        }
        return List.copyOf(names);
    }

    /** The layout jextract gives a C type; null for void. */
    static ValueLayout layoutOf(String cType, Set<String> pointerTypedefs,
                                Set<String> enumTypedefs) {
        String type = cType.replaceAll("\\bconst\\b", " ").replaceAll("\\s+", " ").trim();
        if (type.contains("*") || pointerTypedefs.contains(type)) {
            return ValueLayout.ADDRESS;
        }
        if (type.startsWith("enum ") || enumTypedefs.contains(type)) {
            return ValueLayout.JAVA_INT;
        }
        return switch (type) {
            case "void" -> null;
            case "int", "int32_t", "unsigned int", "uint32_t" -> ValueLayout.JAVA_INT;
            case "int64_t", "uint64_t", "size_t", "long", "unsigned long", "long long",
                 "unsigned long long" -> ValueLayout.JAVA_LONG;
            case "float" -> ValueLayout.JAVA_FLOAT;
            case "double" -> ValueLayout.JAVA_DOUBLE;
            default -> throw new AssertionError("no Java layout for the C type '" + cType
                    + "': extend HeaderBindingTest.layoutOf and the bindings together");
        };
    }

    private static boolean same(MemoryLayout actual, ValueLayout expected) {
        if (expected instanceof AddressLayout) {
            return actual instanceof AddressLayout a && a.byteSize() == expected.byteSize();
        }
        return actual instanceof ValueLayout v && !(v instanceof AddressLayout)
                && v.carrier() == expected.carrier() && v.byteSize() == expected.byteSize()
                && v.order() == expected.order();
    }

    private static String describe(MemoryLayout layout) {
        if (layout instanceof AddressLayout) {
            return "a pointer";
        }
        return layout instanceof ValueLayout v ? v.carrier().getSimpleName() : layout.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** A file of the source tree, found from the working directory (bindings/ under Maven). */
    static Path source(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(relative + " not found above " + dir);
    }

    // -----------------------------------------------------------------------------------------
    // The installed CUDA headers, read only for the declarations we bind
    // -----------------------------------------------------------------------------------------

    private record CudaHeaders(Path dir, String api, String types, Set<String> pointerTypedefs,
                               Set<String> enumTypedefs) {

        private static final Pattern POINTER_TYPEDEF =
                Pattern.compile("typedef[^;(]*\\*\\s*(\\w+)\\s*;");
        private static final Pattern ENUM_TYPEDEF =
                Pattern.compile("typedef\\s+(?:__device_builtin__\\s+)?enum\\s+\\w+\\s+"
                        + "(\\w+)\\s*;");

        /** The CUDA headers ($CUDA_HOME/include, else /usr/local/cuda/include), or a skip. */
        static CudaHeaders find() {
            List<Path> tried = new ArrayList<>();
            String home = System.getenv("CUDA_HOME");
            if (home != null && !home.isBlank()) {
                tried.add(Path.of(home, "include"));
            }
            tried.add(Path.of("/usr/local/cuda/include"));
            for (Path dir : tried) {
                if (Files.isRegularFile(dir.resolve("cuda_runtime_api.h"))) {
                    return read(dir);
                }
            }
            Assumptions.abort("the CUDA headers are needed to check cuda_runtime_h; "
                    + "cuda_runtime_api.h not found in " + tried);
            throw new AssertionError("unreachable");
        }

        private static CudaHeaders read(Path dir) {
            try {
                String api = CHeader.stripComments(
                        Files.readString(dir.resolve("cuda_runtime_api.h")));
                String types = CHeader.stripComments(
                        Files.readString(dir.resolve("driver_types.h")));
                Set<String> pointers = new TreeSet<>();
                Set<String> enums = new TreeSet<>();
                for (String text : List.of(api, types)) {
                    Matcher m = POINTER_TYPEDEF.matcher(text);
                    while (m.find()) {
                        pointers.add(m.group(1));
                    }
                    m = ENUM_TYPEDEF.matcher(text);
                    while (m.find()) {
                        enums.add(m.group(1));
                    }
                }
                return new CudaHeaders(dir, api, types, pointers, enums);
            } catch (IOException e) {
                throw new AssertionError("reading the CUDA headers in " + dir, e);
            }
        }

        /** The declaration of {@code name} in cuda_runtime_api.h, defaults removed. */
        CHeader.Function declaration(String name) {
            Matcher m = Pattern.compile("extern\\s+([^;{}()]*?)\\bCUDARTAPI\\s+"
                    + Pattern.quote(name) + "\\s*\\(([^;]*?)\\)\\s*;").matcher(api);
            if (!m.find()) {
                fail("cuda_runtime_h binds " + name + " but " + dir
                        + "/cuda_runtime_api.h declares no such function");
            }
            String returnType = m.group(1).replaceAll("\\b__\\w+\\b", " ")
                    .replaceAll("\\bCUDART_\\w+\\b", " ");
            String params = m.group(2).replaceAll("__dv\\([^)]*\\)", " ");
            String declaration = (returnType + " " + name + "(" + params + ")")
                    .replaceAll("\\s+", " ").trim();
            return new CHeader.Function(name, CHeader.normalise(returnType),
                    CHeader.params(dir.resolve("cuda_runtime_api.h"), params), declaration);
        }

        /** The value of an enum constant or #define in driver_types.h, or null. */
        Long constant(String name) {
            Matcher m = Pattern.compile("(?:\\b" + Pattern.quote(name) + "\\s*=|#define\\s+"
                    + Pattern.quote(name) + "\\s)\\s*\\(?\\s*(0x[0-9a-fA-F]+|\\d+)")
                    .matcher(types);
            return m.find() ? Long.decode(m.group(1)) : null;
        }
    }
}
