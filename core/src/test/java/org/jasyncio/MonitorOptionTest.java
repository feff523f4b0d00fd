package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link RunOptions#monitor(int)} in the core alone: the page itself is the http module's (its tests
 * serve it); here the option's checks and the error when that module is missing.
 */
class MonitorOptionTest {
    @Test
    void withoutTheHttpModuleTheRunFailsNamingTheModule() {
        Runner runner = new Runner(RunOptions.defaults().withVirtualClock().monitor(0));
        assertThatThrownBy(() -> runner.run(() -> "never"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("RunOptions.monitor(0) needs the module org.jasyncio.http (artifact jasyncio-http) on the"
                        + " class or module path: it serves the monitor page");
        assertThat(runner.toString()).isEqualTo("<Runner closed>");
        runner.close();
    }

    @Test
    void thePortIsChecked() {
        assertThatThrownBy(() -> RunOptions.defaults().monitor(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RunOptions.monitor(-1): a port is 0 to 65535");
        assertThatThrownBy(() -> RunOptions.defaults().monitor(65_536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RunOptions.monitor(65536): a port is 0 to 65535");
    }

    @Test
    void theOtherOptionsKeepTheMonitor() {
        RunOptions o = RunOptions.defaults()
                .monitor(8123)
                .withDebug(true)
                .withVirtualClock()
                .withLoopFactory(null);
        assertThat(o.monitorPort()).isEqualTo(8123);
        assertThat(o.debug()).isTrue();
        assertThat(RunOptions.defaults().monitorPort()).isNull();
        assertThat(new RunOptions(null, null, null).monitorPort()).isNull();
    }

    @Test
    void thePropertyMustNameAPort() {
        assertThat(RunOptions.propertyPort(" 8123 ")).isEqualTo(8123);
        assertThat(RunOptions.propertyPort("0")).isZero();
        assertThatThrownBy(() -> RunOptions.propertyPort("yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Djasyncio.monitor=yes: expected a port, 0 to 65535");
        assertThatThrownBy(() -> RunOptions.propertyPort("70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Djasyncio.monitor=70000: expected a port, 0 to 65535");
    }
}
