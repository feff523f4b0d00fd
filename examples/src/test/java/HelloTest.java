import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelloTest {
    @Test
    void printsHelloThenWorldOneSecondLater() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> Hello.run(console.options()))).containsExactly("Hello", "World");
        assertThat(console.elapsed()).isEqualTo(1.0);
    }
}
