import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerPoolJobsTest {
    @Test
    void threeWorkersDoTenOneSecondJobsInFourSeconds() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> WorkerPoolJobs.run(console.options())))
                .containsExactly(
                        " 0.0s pool-worker-1: processing job 0",
                        " 0.0s pool-worker-2: processing job 1",
                        " 0.0s pool-worker-3: processing job 2",
                        " 1.0s pool-worker-1: processing job 3",
                        " 1.0s pool-worker-2: processing job 4",
                        " 1.0s pool-worker-3: processing job 5",
                        " 2.0s pool-worker-1: processing job 6",
                        " 2.0s pool-worker-2: processing job 7",
                        " 2.0s pool-worker-3: processing job 8",
                        " 3.0s pool-worker-1: processing job 9",
                        " 4.0s all 10 jobs done, workers ended");
        assertThat(console.elapsed()).isEqualTo(4.0);
    }
}
