import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventLoopByHandTest {
    @Test
    void runsEachCoroutineOnALoopItMakesAndCloses() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> EventLoopByHand.run(console.clock)))
                .containsExactly(
                        "loop closed: true",
                        "Task1 starting",
                        "Task1 finished",
                        "Task running",
                        "Running in event loop");
        assertThat(console.elapsed()).isEqualTo(3.0);
    }
}
