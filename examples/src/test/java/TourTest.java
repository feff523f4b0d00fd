import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TourTest {
    @Test
    void runsThePracticeExerciseWithItsTimings() throws Exception {
        Console console = new Console();
        List<String> lines = console.lines(() -> Tour.run(console.options()));
        assertThat(lines.subList(0, 3))
                .containsExactly("=".repeat(60), "ASYNCHRONOUS PROGRAMMING PRACTICE", "=".repeat(60));
        assertThat(String.join("\n", lines))
                .contains(String.join(
                        "\n",
                        "1. BASIC ASYNC FUNCTION",
                        "-".repeat(60),
                        "Hello",
                        "World",
                        "",
                        "2. MULTIPLE AWAIT CALLS (SEQUENTIAL)",
                        "-".repeat(60),
                        "Task1 starting",
                        "Task1 finished",
                        "Task2 starting",
                        "Task2 finished",
                        "Results: Task1 result, Task2 result",
                        "Time: 1.00s",
                        "",
                        "3. CONCURRENT EXECUTION WITH gather()",
                        "-".repeat(60),
                        "Task1 starting",
                        "Task2 starting",
                        "Task3 starting",
                        "Task1 finished",
                        "Task2 finished",
                        "Task3 finished",
                        "Results: [Task1 result, Task2 result, Task3 result]",
                        "Time: 0.50s (concurrent)",
                        "",
                        "4. CREATING TASKS",
                        "-".repeat(60),
                        "Task1 starting",
                        "Task2 starting",
                        "Task1 finished",
                        "Task2 finished",
                        "Results: Task1 result, Task2 result",
                        "",
                        "5. asyncio.wait()",
                        "-".repeat(60),
                        "Task1 starting",
                        "Task2 starting",
                        "Task3 starting",
                        "Task3 finished",
                        "Task1 finished",
                        "Task2 finished",
                        "All tasks completed: [Task1 result, Task2 result, Task3 result]",
                        "",
                        "6. CHAINING COROUTINES",
                        "-".repeat(60),
                        "Step 1 -> Step 2 -> Step 3",
                        "",
                        "7. EXCEPTION HANDLING",
                        "-".repeat(60),
                        "Result: Success",
                        "Caught: Error occurred",
                        "",
                        "8. ASYNC GENERATOR",
                        "-".repeat(60),
                        "Countdown: 5",
                        "Countdown: 4",
                        "Countdown: 3",
                        "Countdown: 2",
                        "Countdown: 1",
                        "",
                        "9. ASYNC CONTEXT MANAGER",
                        "-".repeat(60),
                        "Entering context",
                        "Inside context",
                        "Exiting context",
                        "",
                        "10. REAL-WORLD: CONCURRENT TASKS",
                        "-".repeat(60),
                        "Fetching User...",
                        "Fetching Posts...",
                        "Fetching Comments...",
                        "Results: [User data, Posts data, Comments data]",
                        "Time: 0.50s (concurrent)",
                        "",
                        "=".repeat(60),
                        "PRACTICE COMPLETE!",
                        "=".repeat(60)));
        // Sequential sections take the sum of their sleeps, concurrent ones the longest.
        assertThat(String.join("\n", lines))
                .contains(String.join(
                        "\n",
                        "  1. BASIC ASYNC FUNCTION                   0.50s",
                        "  2. MULTIPLE AWAIT CALLS (SEQUENTIAL)      1.00s",
                        "  3. CONCURRENT EXECUTION WITH gather()     0.50s",
                        "  4. CREATING TASKS                         1.00s",
                        "  5. asyncio.wait()                         1.00s",
                        "  6. CHAINING COROUTINES                    0.90s",
                        "  7. EXCEPTION HANDLING                     0.40s",
                        "  8. ASYNC GENERATOR                        1.00s",
                        "  9. ASYNC CONTEXT MANAGER                  0.00s",
                        "  10. REAL-WORLD: CONCURRENT TASKS          0.50s",
                        "  TOTAL                                     6.80s"));
        assertThat(console.elapsed()).isEqualTo(6.8, org.assertj.core.data.Offset.offset(1e-6));
    }
}
