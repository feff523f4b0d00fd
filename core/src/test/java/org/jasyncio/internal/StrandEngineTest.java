package org.jasyncio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jasyncio.internal.StrandEngine.Probe;
import org.junit.jupiter.api.Test;

/**
 * The engine choice and its fallback line. The suite runs once with the export flag (the continuation
 * execution) and once without (the virtual one), so the tests on this JVM's own probe see both cases;
 * the named-module cases are probes built by hand here, and consumer/check.sh runs them for real.
 */
class StrandEngineTest {
    private static final String CLASS_PATH_FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String MODULE_PATH_FLAG = "--add-exports java.base/jdk.internal.vm=org.jasyncio";

    @Test
    void onTheClassPathWithoutTheExportTheLineAdvisesAllUnnamed() {
        var probe = new Probe(null, false, false, null);
        assertThat(probe.problem())
                .isEqualTo(
                        "jdk.internal.vm is not exported; add " + CLASS_PATH_FLAG + " (jasyncio is on the class path)");
    }

    @Test
    void onTheModulePathWithoutTheExportTheLineAdvisesTheModuleName() {
        var probe = new Probe("org.jasyncio", false, false, null);
        assertThat(probe.problem())
                .isEqualTo("jdk.internal.vm is not exported to org.jasyncio; add " + MODULE_PATH_FLAG
                        + " (jasyncio is on the module path)");
    }

    @Test
    void onTheModulePathWithAllUnnamedTheLineSaysTheFlagExportsToTheWrongModule() {
        var probe = new Probe("org.jasyncio", false, true, null);
        assertThat(probe.problem())
                .isEqualTo("jdk.internal.vm is exported to ALL-UNNAMED, but jasyncio is the"
                        + " named module org.jasyncio (it is on the module path): use " + MODULE_PATH_FLAG
                        + " instead");
    }

    @Test
    void withTheExportTheEngineRunsUnlessTheJvmHasNoContinuationsAndThenNoFlagIsAdvised() {
        assertThat(new Probe(null, true, true, null).problem()).isNull();
        assertThat(new Probe("org.jasyncio", true, false, null).problem()).isNull();
        var noContinuations = new Probe("org.jasyncio", true, false, "this JVM runs without continuations");
        assertThat(noContinuations.problem()).isEqualTo("this JVM runs without continuations");
        String line = StrandEngine.fallbackLine(noContinuations.problem());
        assertThat(line).doesNotContain("--add-exports java.base").contains("virtual-thread strands");
    }

    @Test
    void theFallbackLineIsOneLineAndTheForcedEngineErrorNamesTheSameRemedy() {
        for (var probe : List.of(
                new Probe(null, false, false, null),
                new Probe("org.jasyncio", false, true, null),
                new Probe("org.jasyncio", false, false, null))) {
            assertThat(StrandEngine.fallbackLine(probe.problem())).doesNotContainPattern("\\R");
            assertThat(StrandEngine.choose("", probe)).isSameAs(VirtualThreadStrand.FACTORY);
            assertThatThrownBy(() -> StrandEngine.choose("continuation", probe))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("-Djasyncio.strand=continuation cannot run: " + probe.problem());
        }
    }

    @Test
    void thisJvmGetsTheFastEngineExactlyWhenItHasTheClassPathFlagElseOneInfoLineNamingIt() {
        boolean flagged = Object.class
                .getModule()
                .isExported(
                        "jdk.internal.vm", ClassLoader.getSystemClassLoader().getUnnamedModule());
        List<LogRecord> records = new ArrayList<>();
        Logger jul = Logger.getLogger("org.jasyncio");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(capture);
        try {
            StrandFactory chosen = StrandEngine.choose("");
            if (flagged) {
                assertThat(chosen).isSameAs(ContinuationStrand.FACTORY);
                assertThat(records).isEmpty();
            } else {
                assertThat(chosen).isSameAs(VirtualThreadStrand.FACTORY);
                assertThat(records)
                        .singleElement()
                        .extracting(LogRecord::getMessage)
                        .asString()
                        .contains(CLASS_PATH_FLAG)
                        .doesNotContainPattern("\\R");
            }
        } finally {
            jul.removeHandler(capture);
        }
        assertThat(StrandEngine.continuationsAvailable()).isEqualTo(flagged);
    }

    @Test
    void anUnknownEngineIsRefusedByName() {
        assertThatThrownBy(() -> StrandEngine.choose("fibers"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Djasyncio.strand=fibers is not an engine: use continuation or virtual");
    }
}
