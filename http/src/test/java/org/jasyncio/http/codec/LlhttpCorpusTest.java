package org.jasyncio.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The request and response cases of the llhttp test corpus (llhttp-cases.txt, ported by
 * src/test/tools/port_llhttp.py), each fed whole, byte by byte and in seeded random pieces: every
 * way must give the same verdict, and that verdict must be llhttp's, or the one that
 * llhttp-differences.txt gives with its reason (where llhttp is lenient and we are strict, or where
 * llhttp speaks RTSP/ICE or keeps a fixed method list).
 *
 * <p>Most llhttp cases send HTTP/1.1 requests without Host, which RFC 9112 3.2 answers with 400:
 * to compare every other fact, the corpus runs with that one check off
 * ({@link HttpParser#withoutHostCheck}); {@link #theHostRuleStillAppliesToTheCorpus} checks it on.
 */
class LlhttpCorpusTest {

    private static final List<CaseFile.Case> CASES = CaseFile.load("llhttp-cases.txt");
    /** The corpus, for the differential test against Jetty. */
    static final List<CaseFile.Case> CASES_FOR_DIFFERENTIAL = CASES;

    private static final Map<String, CaseFile.Case> DIFFERENCES = CaseFile.load("llhttp-differences.txt").stream()
            .collect(Collectors.toMap(CaseFile.Case::id, Function.identity()));

    @TestFactory
    Stream<DynamicTest> everyCaseGivesTheExpectedVerdictHoweverItIsSplit() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    @Test
    void everyDifferenceNamesACaseOfTheCorpusAndGivesAReason() {
        var ids = CASES.stream().map(CaseFile.Case::id).collect(Collectors.toSet());
        assertThat(DIFFERENCES.keySet()).allSatisfy(id -> assertThat(ids).contains(id));
        assertThat(DIFFERENCES.values())
                .allSatisfy(d -> assertThat(d.keys().get("why")).isNotBlank());
        assertThat(CASES).hasSizeGreaterThan(200);
    }

    @Test
    void theHostRuleStillAppliesToTheCorpus() {
        int rejected = 0;
        for (CaseFile.Case c : CASES) {
            if (!c.type().startsWith("request")
                    || expected(c).stream().noneMatch(l -> l.endsWith(" HTTP/1.1") && l.startsWith("head: "))) {
                continue;
            }
            List<String> ours =
                    CaseRunner.run(HttpParser.forRequests(HttpLimits.defaults()), List.of(c.input()), false, true);
            boolean firstHasHost = ours.stream().anyMatch(l -> l.regionMatches(true, 0, "field: host:", 0, 12));
            if (!firstHasHost && ours.getLast().startsWith("error: 400 HTTP/1.1 request without Host")) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(50);
    }

    static List<String> expected(CaseFile.Case c) {
        CaseFile.Case d = DIFFERENCES.get(c.id());
        return d != null ? d.verdict() : normalize(c.verdict());
    }

    private static void check(CaseFile.Case c) {
        byte[] input = c.input();
        List<String> whole = run(c, List.of(input));
        List<String> want = expected(c);
        boolean same = matches(whole, want) || matches(whole, withoutRejectedHead(want));
        String report = System.getProperty("corpus.report");
        if (!same && report != null) {
            // Maintenance aid: -Dcorpus.report=FILE appends what we do where it differs, in the format
            // of llhttp-differences.txt (the reason is to be written by hand).
            StringBuilder sb = new StringBuilder("\n=== " + c.id() + " " + c.title() + "\n");
            whole.forEach(l -> sb.append(l).append('\n'));
            try {
                java.nio.file.Files.writeString(
                        java.nio.file.Path.of(report),
                        sb,
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertThat(same)
                .as("%s%nllhttp: %s%nexpected: %s%nours:     %s", c, c.verdict(), want, whole)
                .isTrue();
        if (c.keys().containsKey("noscan")) {
            return;
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : input) {
            bytes.add(new byte[] {b});
        }
        assertThat(run(c, bytes)).as("%s byte by byte", c).isEqualTo(whole);
        Random random = new Random(c.id().hashCode());
        for (int round = 0; round < 8 && input.length > 1; round++) {
            int[] cuts =
                    random.ints(1 + random.nextInt(4), 1, input.length).sorted().toArray();
            assertThat(run(c, CaseRunner.split(input, cuts)))
                    .as("%s split at %s", c, java.util.Arrays.toString(cuts))
                    .isEqualTo(whole);
        }
    }

    private static List<String> run(CaseFile.Case c, List<byte[]> pieces) {
        boolean requests = c.type().startsWith("request");
        HttpParser p = requests
                ? HttpParser.forRequests(HttpLimits.defaults()).withoutHostCheck()
                : HttpParser.forResponses(HttpLimits.defaults());
        String method = c.keys().get("request-method");
        for (int i = 0; method != null && i < 16; i++) {
            p.expectResponseTo(method); // llhttp's skipBody applies to every response of the case
        }
        return CaseRunner.run(p, pieces, c.type().endsWith("-finish"), true);
    }

    /**
     * llhttp reports the fields it read before an error; we report a head only when it is complete,
     * so fields without a head line before them are dropped.
     */
    static List<String> normalize(List<String> verdict) {
        List<String> out = new ArrayList<>();
        boolean inHead = false;
        for (String l : verdict) {
            if (l.startsWith("head: ")) {
                inHead = true;
            } else if (l.equals("end")) {
                inHead = false;
            } else if (l.startsWith("field: ") && !inHead) {
                continue;
            }
            out.add(l);
        }
        return out;
    }

    /**
     * The verdict without the head (and its fields) right before a final error: a head that llhttp
     * rejects only after "headers complete" (a framing rule) we reject before giving it.
     */
    static List<String> withoutRejectedHead(List<String> verdict) {
        List<String> out = new ArrayList<>(verdict);
        if (!out.isEmpty() && out.getLast().startsWith("error: ")) {
            int k = out.size() - 1;
            while (k > 0 && out.get(k - 1).startsWith("field: ")) {
                k--;
            }
            if (k > 0 && out.get(k - 1).startsWith("head: ")) {
                out.subList(k - 1, out.size() - 1).clear();
            }
        }
        return out;
    }

    /** Equal lines, except that an expected {@code error: X} matches any of our errors starting with X. */
    static boolean matches(List<String> ours, List<String> expected) {
        if (ours.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < ours.size(); i++) {
            String o = ours.get(i);
            String e = expected.get(i);
            if (e.startsWith("error: ") && o.startsWith("error: ")) {
                String want = e.substring(7);
                boolean llhttpText = !Character.isDigit(want.isEmpty() ? 'x' : want.charAt(0));
                if (!llhttpText && !o.substring(7).startsWith(want)) {
                    return false;
                }
            } else if (!o.equals(e)) {
                return false;
            }
        }
        return true;
    }
}
