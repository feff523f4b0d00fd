import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutsideTheLoopTest {
    @Test
    void suspendingOutsideALoopFailsAtOnceAndRunIsTheBridge() throws Exception {
        Console console = new Console();
        List<String> lines = console.lines(() -> OutsideTheLoop.run(console.options()));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .startsWith("WRONG: sleep() suspends, so it must be called inside a task on a running event loop");
        assertThat(lines.subList(1, 3)).containsExactly("Hello", "sync function got: async result");
        assertThat(console.elapsed()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    }
}
