package org.panagan.bindings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a C parser for our own headers (panagan.h, gpusim_control.h): plain C
 * declarations, enums with explicit values, pointer typedefs. It reads the header as the
 * compiler would after removing comments and preprocessor lines.
 */
record CHeader(Path path, List<Function> functions, Map<String, Long> enumConstants,
               Set<String> pointerTypedefs, Set<String> enumTypedefs) {

    /** One parameter: its C type as written (without the name) and its name. */
    record Param(String type, String name) {
    }

    /** One function declaration, with its text as written for messages. */
    record Function(String name, String returnType, List<Param> params, String declaration) {
    }

    private static final Pattern ENUM = Pattern.compile("enum\\s+(\\w+)\\s*\\{([^}]*)}\\s*;");
    private static final Pattern TYPEDEF = Pattern.compile("typedef([^;]*);");
    private static final Pattern FUNCTION =
            Pattern.compile("^(.*?)(\\w+)\\s*\\((.*)\\)$", Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("^(.*?)\\s*(\\w+)$", Pattern.DOTALL);

    static CHeader parse(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(path, text);
    }

    static CHeader parse(Path path, String source) {
        String text = stripComments(source)
                .replaceAll("(?m)^\\s*#.*$", " ")
                .replace("extern \"C\" {", " ");

        Map<String, Long> constants = new LinkedHashMap<>();
        Matcher enums = ENUM.matcher(text);
        while (enums.find()) {
            for (String entry : enums.group(2).split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] parts = entry.split("=");
                if (parts.length != 2) {
                    throw new IllegalStateException(path + ": enum " + enums.group(1)
                            + " entry without an explicit value: " + entry.trim());
                }
                constants.put(parts[0].trim(), Long.decode(parts[1].trim()));
            }
        }
        text = ENUM.matcher(text).replaceAll(" ");

        Set<String> pointerTypedefs = new LinkedHashSet<>();
        Set<String> enumTypedefs = new LinkedHashSet<>();
        Matcher typedefs = TYPEDEF.matcher(text);
        while (typedefs.find()) {
            String body = typedefs.group(1).trim();
            String name = body.replaceAll(".*?(\\w+)$", "$1");
            if (body.contains("*")) {
                pointerTypedefs.add(name);
            } else if (body.startsWith("enum")) {
                enumTypedefs.add(name);
            }
        }
        text = TYPEDEF.matcher(text).replaceAll(" ").replace("}", " ");

        List<Function> functions = new ArrayList<>();
        for (String statement : text.split(";")) {
            String declaration = statement.trim().replaceAll("\\s+", " ");
            if (declaration.isEmpty()) {
                continue;
            }
            Matcher m = FUNCTION.matcher(declaration);
            if (!m.matches()) {
                throw new IllegalStateException(path + ": not a function declaration: "
                        + declaration);
            }
            functions.add(new Function(m.group(2), normalise(m.group(1)),
                    params(path, m.group(3)), declaration));
        }
        return new CHeader(path, List.copyOf(functions), Map.copyOf(constants),
                Set.copyOf(pointerTypedefs), Set.copyOf(enumTypedefs));
    }

    static String stripComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }

    static List<Param> params(Path path, String list) {
        String trimmed = list.trim();
        if (trimmed.isEmpty() || trimmed.equals("void")) {
            return List.of();
        }
        List<Param> params = new ArrayList<>();
        for (String param : trimmed.split(",")) {
            Matcher m = PARAM.matcher(param.trim());
            if (!m.matches() || m.group(1).isBlank()) {
                throw new IllegalStateException(path + ": parameter without a name: " + param);
            }
            params.add(new Param(normalise(m.group(1)), m.group(2)));
        }
        return params;
    }

    /** "const float *" and "const float*" read the same. */
    static String normalise(String type) {
        return type.replace("*", " * ").trim().replaceAll("\\s+", " ");
    }
}
