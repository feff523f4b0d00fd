import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsyncGeneratorTest {
    @Test
    void yieldsFiveValuesHalfASecondApart() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> AsyncGenerator.run(console.options()))).containsExactly("0", "1", "2", "3", "4");
        assertThat(console.elapsed()).isEqualTo(2.5);
    }
}
