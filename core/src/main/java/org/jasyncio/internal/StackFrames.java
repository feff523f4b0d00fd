package org.jasyncio.internal;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stack frames for diagnostics, the user's first: where a task waits is the innermost frame of the
 * user's own code, and the frames of jasyncio's runtime and of the JDK above and below it only hide
 * it (the deadlock report, the slow-step warning, call graphs, {@code jasyncio ps}).
 *
 * <p>A frame is the runtime's if its class is the JDK's ({@code java.*}, {@code jdk.*}, {@code sun.*},
 * {@code com.sun.*}, or a JDK module) or was loaded from where jasyncio's core was loaded (its jar or
 * classes folder, or its module): so a user's class in a package named {@code org.jasyncio} (tests,
 * examples) still counts as the user's. Off the hot path: the answer per class is cached.
 */
public final class StackFrames {
    /** Class name → whether it is jasyncio's own; classes that cannot be loaded count as the user's. */
    private static final ConcurrentHashMap<String, Boolean> OWN = new ConcurrentHashMap<>();

    private static final Module CORE_MODULE = StackFrames.class.getModule();
    private static final Object CORE_LOCATION = location(StackFrames.class);

    private StackFrames() {}

    /** The user's frames of {@code stack}, innermost first: the runtime's and the JDK's are left out. */
    public static List<StackTraceElement> userFrames(StackTraceElement[] stack) {
        List<StackTraceElement> out = new ArrayList<>();
        for (StackTraceElement e : stack) {
            if (!isRuntime(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** {@code stack} reordered: the user's frames first (innermost first), then the others in their order. */
    public static List<StackTraceElement> userFirst(StackTraceElement[] stack) {
        List<StackTraceElement> user = new ArrayList<>();
        List<StackTraceElement> rest = new ArrayList<>();
        for (StackTraceElement e : stack) {
            (isRuntime(e) ? rest : user).add(e);
        }
        user.addAll(rest);
        return user;
    }

    /**
     * Appends the user's frames of {@code stack} (at most {@code max}) as {@code at ...} lines, each on a
     * new line starting with {@code indent}, and one line counting the frames left out.
     */
    public static void appendUserFrames(StringBuilder sb, StackTraceElement[] stack, int max, String indent) {
        List<StackTraceElement> user = userFrames(stack);
        int shown = Math.min(max, user.size());
        for (int i = 0; i < shown; i++) {
            sb.append('\n').append(indent).append("at ").append(user.get(i));
        }
        int hidden = stack.length - shown;
        if (hidden > 0) {
            sb.append('\n')
                    .append(indent)
                    .append("... ")
                    .append(hidden)
                    .append(user.size() > shown ? " more frames" : " frames of jasyncio and the JDK")
                    .append(" not shown");
        }
    }

    /** Whether the frame belongs to jasyncio's runtime or the JDK rather than to the user's code. */
    public static boolean isRuntime(StackTraceElement e) {
        String module = e.getModuleName();
        if (module != null && (module.startsWith("java.") || module.startsWith("jdk."))) {
            return true;
        }
        String c = e.getClassName();
        if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.sun.")) {
            return true;
        }
        if (!c.startsWith("org.jasyncio.")) {
            return false;
        }
        int lambda = c.indexOf("$$Lambda");
        String name = lambda >= 0 ? c.substring(0, lambda) : c;
        return OWN.computeIfAbsent(name, StackFrames::isCoreClass);
    }

    private static boolean isCoreClass(String name) {
        try {
            Class<?> k = Class.forName(name, false, StackFrames.class.getClassLoader());
            if (CORE_MODULE.isNamed()) {
                return k.getModule() == CORE_MODULE;
            }
            return Objects.equals(location(k), CORE_LOCATION);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    private static Object location(Class<?> k) {
        CodeSource cs = k.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }
}
