package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of core is the one ARCHITECTURE.md draws: every dependency of a main class on a
 * class of another org.jasyncio package must be an edge of {@link #MAY_USE}, and the one upward use
 * from the root package (the cycle ARCHITECTURE.md names: {@code EventLoop}'s networking methods) is
 * allowed only class by class, as listed in {@link #NAMED_CYCLE}. A change of the graph changes
 * ARCHITECTURE.md and this test together.
 */
class ArchitectureTest {
    private static final String ROOT = "org.jasyncio";
    private static final String INTERNAL = ROOT + ".internal";
    private static final String INTERNAL_NET = INTERNAL + ".net";
    private static final String SYNC = ROOT + ".sync";
    private static final String QUEUE = ROOT + ".queue";
    private static final String NET = ROOT + ".net";
    private static final String PROCESS = ROOT + ".process";
    private static final String TESTING = ROOT + ".testing";
    private static final String DIAGNOSTICS = ROOT + ".diagnostics";

    /** Which org.jasyncio packages each package may use, besides itself (ARCHITECTURE.md's table). */
    private static final Map<String, Set<String>> MAY_USE = Map.of(
            INTERNAL, Set.of(),
            DIAGNOSTICS, Set.of(),
            ROOT, Set.of(INTERNAL, DIAGNOSTICS),
            SYNC, Set.of(ROOT),
            QUEUE, Set.of(ROOT, SYNC, INTERNAL),
            NET, Set.of(ROOT, SYNC, INTERNAL),
            INTERNAL_NET, Set.of(ROOT, SYNC, NET, INTERNAL),
            PROCESS, Set.of(ROOT, NET, INTERNAL_NET),
            TESTING, Set.of(ROOT, NET, INTERNAL, INTERNAL_NET));

    /**
     * The one cycle, "origin class -> target class" (top-level classes): the only uses of a higher
     * package by the root package (ARCHITECTURE.md names it). asyncio's low-level networking calls are
     * loop methods: their signatures name net's API types, and they delegate to internal.net.Loops.
     */
    private static final Set<String> NAMED_CYCLE = Set.of(
            "org.jasyncio.EventLoop -> org.jasyncio.internal.net.Loops",
            "org.jasyncio.EventLoop -> org.jasyncio.net.BaseProtocol",
            "org.jasyncio.EventLoop -> org.jasyncio.net.DatagramEndpoint",
            "org.jasyncio.EventLoop -> org.jasyncio.net.DatagramProtocol",
            "org.jasyncio.EventLoop -> org.jasyncio.net.Server",
            "org.jasyncio.EventLoop -> org.jasyncio.net.TlsOptions",
            "org.jasyncio.EventLoop -> org.jasyncio.net.Transport",
            "org.jasyncio.EventLoop -> org.jasyncio.net.TransportProtocol");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Test
    void everyPackageOfCoreIsInTheGraph() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : classes) {
            packages.add(c.getPackageName());
        }
        assertThat(packages)
                .as("the packages of core (a new one needs its place in ARCHITECTURE.md and here)")
                .containsExactlyInAnyOrderElementsOf(MAY_USE.keySet());
    }

    @Test
    void everyDependencyBetweenPackagesIsAnEdgeArchitectureMdDraws() {
        Set<String> violations = new TreeSet<>();
        Set<String> cycleSeen = new TreeSet<>();
        int crossPackage = 0;
        for (JavaClass origin : classes) {
            String from = origin.getPackageName();
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass().getBaseComponentType();
                String to = target.getPackageName();
                if (!to.equals(ROOT) && !to.startsWith(ROOT + ".") || to.equals(from)) {
                    continue;
                }
                crossPackage++;
                if (MAY_USE.getOrDefault(from, Set.of()).contains(to)) {
                    continue;
                }
                String edge = topLevel(origin) + " -> " + topLevel(target);
                if (NAMED_CYCLE.contains(edge)) {
                    cycleSeen.add(edge);
                } else {
                    violations.add(from + " -> " + to + ": " + d.getDescription());
                }
            }
        }
        assertThat(crossPackage).as("dependencies between packages seen").isGreaterThan(100);
        assertThat(violations).as("dependencies ARCHITECTURE.md does not draw").isEmpty();
        assertThat(cycleSeen)
                .as("uses of the named cycle still there (drop the ones that are gone, here and in"
                        + " ARCHITECTURE.md)")
                .containsExactlyInAnyOrderElementsOf(NAMED_CYCLE);
    }

    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }
}
