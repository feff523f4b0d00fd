import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SayHelloTest {
    @Test
    void printsHelloThenGoodbye() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> SayHello.run(console.options()))).containsExactly("Hello!", "Goodbye!");
        assertThat(console.elapsed()).isEqualTo(1.0);
    }
}
