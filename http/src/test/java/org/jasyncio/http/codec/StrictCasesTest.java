package org.jasyncio.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The codec's own strictness cases and the request-smuggling payload families (strict-cases.txt),
 * fed whole, byte by byte and in seeded random pieces, with every check on (Host included).
 */
class StrictCasesTest {

    static final List<CaseFile.Case> CASES = CaseFile.load("strict-cases.txt");

    @TestFactory
    Stream<DynamicTest> everyCaseGivesItsVerdictHoweverItIsSplit() {
        assertThat(CASES).hasSizeGreaterThan(100);
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    static List<String> run(CaseFile.Case c, List<byte[]> pieces) {
        boolean requests = c.type().startsWith("request");
        HttpParser p = requests
                ? HttpParser.forRequests(HttpLimits.defaults())
                : HttpParser.forResponses(HttpLimits.defaults());
        String method = c.keys().get("request-method");
        if (method != null) {
            p.expectResponseTo(method);
        }
        return CaseRunner.run(p, pieces, c.type().endsWith("-finish"), true);
    }

    private static void check(CaseFile.Case c) {
        byte[] input = c.input();
        List<String> whole = run(c, List.of(input));
        assertThat(LlhttpCorpusTest.matches(whole, c.verdict()))
                .as("%s%nexpected: %s%nours:     %s", c, c.verdict(), whole)
                .isTrue();
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : input) {
            bytes.add(new byte[] {b});
        }
        assertThat(run(c, bytes)).as("%s byte by byte", c).isEqualTo(whole);
        Random random = new Random(c.id().hashCode());
        for (int round = 0; round < 8 && input.length > 1; round++) {
            int[] cuts =
                    random.ints(1 + random.nextInt(4), 1, input.length).sorted().toArray();
            assertThat(run(c, CaseRunner.split(input, cuts))).as("%s split", c).isEqualTo(whole);
        }
    }
}
