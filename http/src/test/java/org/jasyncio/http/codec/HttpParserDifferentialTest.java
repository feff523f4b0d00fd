package org.jasyncio.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Differential test against Jetty's {@code HttpParser} (jetty-http, test scope, compliance STRICT):
 * for every case of the llhttp corpus and of strict-cases.txt, and for seeded generated and mutated
 * inputs, both parsers accept with the same meaning (method, target, version, fields, body, trailers)
 * or both reject. The known differences are listed in {@link #KNOWN}, each with its reason; any other
 * difference fails the test. Jetty runs in compliance mode STRICT, its strictest: RFC 9110 with no
 * violation allowed.
 */
class HttpParserDifferentialTest {

    /** One input to compare. */
    record Input(String name, byte[] bytes, boolean requests, String responseTo, boolean finish) {}

    /** One observed difference. */
    record Diff(Input in, List<String> ours, List<String> jetty, String ourError, String jettyError) {
        /** We reject a message that Jetty accepts (Jetty may reject a later one). */
        boolean oursRejectsAlone() {
            return ourError != null && (jettyError == null || complete(jetty) > complete(ours));
        }

        /** Jetty rejects a message that we accept (we may reject a later one). */
        boolean jettyRejectsAlone() {
            return jettyError != null && (ourError == null || complete(ours) > complete(jetty));
        }

        private static long complete(List<String> verdict) {
            return verdict.stream().filter("end"::equals).count();
        }

        boolean ourRule(String prefix) {
            return ourError != null && ourError.matches("error: \\d+ " + Pattern.quote(prefix) + ".*");
        }

        String text() {
            return new String(in.bytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A justified difference: when it applies, and why we differ. */
    record Known(String name, Predicate<Diff> applies, String why) {}

    /**
     * Every known difference from Jetty (compliance STRICT), with its reason. Anything else that differs
     * fails the test. "Rejects" means rejecting the message; a parser that rejects a message it has
     * partly given (head, some body) still rejects it.
     */
    static final List<Known> KNOWN = List.of(
            new Known(
                    "request-target validation",
                    d -> d.oursRejectsAlone()
                            && (d.ourRule("invalid character 0x")
                                            && d.ourError().contains("in request-target")
                                    || d.ourRule("'%' in request-target")
                                    || d.ourRule("request-target is neither")
                                    || d.ourRule("asterisk-form target")
                                    || d.ourRule("CONNECT needs an authority-form")),
                    "Jetty's parser takes any visible bytes as the target and leaves URI checks to HttpURI and"
                            + " UriCompliance; we reject at the parser what RFC 9112 3.2 and RFC 3986 do not allow"
                            + " (a fragment, a raw quote or backslash, non-ASCII, bad %-escapes, a relative target, *"
                            + " for other methods than OPTIONS), except what browsers send unencoded"),
            new Known(
                    "several SP between request-line words",
                    d -> d.oursRejectsAlone() && d.ourRule("empty request-target or more than one SP"),
                    "Jetty skips repeated SP in the request line, which RFC 9112 3 lets a recipient do;"
                            + " we take the grammar as written (exactly one SP)"),
            new Known(
                    "several SP in the status line",
                    d -> d.oursRejectsAlone()
                            && d.ourRule("status code is not three digits")
                            && d.text().matches("(?s)HTTP/1\\.\\d  +.*"),
                    "Jetty skips repeated SP after the HTTP-version of a status line; we take the grammar"
                            + " as written (RFC 9112 4: exactly one SP)"),
            new Known(
                    "HTTP-name case",
                    d -> d.oursRejectsAlone()
                            && d.ourRule("malformed HTTP-version")
                            && d.text().toLowerCase(Locale.ROOT).contains("http/1.")
                            && !d.text().contains(" HTTP/1."),
                    "HTTP-name is case-sensitive (RFC 9112 2.3); Jetty compares it case-insensitively"),
            new Known(
                    "HTTP/2.0 in an HTTP/1 request line",
                    d -> d.oursRejectsAlone() && d.ourRule("HTTP version 2.0 is not supported"),
                    "we speak HTTP/1.0 and HTTP/1.1 and answer other versions 505; Jetty's HTTP/1 parser"
                            + " accepts HTTP/2.0 in a request line"),
            new Known(
                    "empty Transfer-Encoding element",
                    d -> d.oursRejectsAlone() && d.ourRule("Transfer-Encoding element (empty)"),
                    "RFC 9110 5.6.1 lets a recipient ignore empty list elements; in the framing field we"
                            + " reject them so that every hop reads one list"),
            new Known(
                    "Transfer-Encoding in HTTP/1.0",
                    d -> d.oursRejectsAlone() && d.ourRule("Transfer-Encoding in an HTTP/1.0 message"),
                    "RFC 9112 6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing; Jetty"
                            + " accepts it, we reject it"),
            new Known(
                    "coding before chunked",
                    d -> d.oursRejectsAlone() && d.ourRule("unsupported transfer coding before chunked"),
                    "we implement only chunked and answer any other transfer coding 501 (RFC 9112 6.1);"
                            + " Jetty passes identity (and the body still coded by others) through"),
            new Known(
                    "CONNECT with framing fields",
                    d -> d.oursRejectsAlone() && d.ourRule("CONNECT request with Content-Length or Transfer-Encoding"),
                    "a CONNECT request has no content (RFC 9110 9.3.6): we reject framing fields on it so"
                            + " no hop reads a body where we see tunnel bytes; Jetty reads the body"),
            new Known(
                    "HTAB in a reason phrase",
                    d -> d.jettyRejectsAlone()
                            && d.jettyError().contains("Illegal character HTAB")
                            && !d.in().requests()
                            && d.text().matches("(?s)HTTP/1\\.\\d \\d{3} [^\\r\\n]*\\t.*"),
                    "RFC 9112 4 allows HTAB in a reason-phrase; Jetty rejects it"),
            new Known(
                    "long chunk-size with leading zeros",
                    d -> d.jettyRejectsAlone() && d.text().matches("(?s).*\\r\\n0{16,}[0-9a-fA-F]+\\r\\n.*"),
                    "RFC 9112 7.1 puts no bound on a chunk-size's leading zeros; Jetty caps the digits, we"
                            + " bound the value (63 bits) and the line (maxChunkExtension + 64 bytes)"),
            new Known(
                    "framing fields of a bodyless response",
                    d -> !d.in().requests()
                            && d.jettyError() != null
                            && d.jettyError().contains("Transfer-Encoding")
                            && d.text().matches("(?s)HTTP/1\\.\\d (1\\d\\d|204|304) .*"),
                    "a 1xx, 204 or 304 response has no content whatever its fields say (RFC 9112 6.3), so"
                            + " we do not read its Transfer-Encoding; Jetty validates it and rejects"),
            new Known(
                    "method token",
                    d -> d.oursRejectsAlone()
                            && (d.ourRule("method is not a token")
                                    || d.ourRule("request line does not start with a method token")),
                    "a method is a token (RFC 9110 9.1); Jetty accepts other visible characters in a method"
                            + " it does not know"),
            new Known(
                    "response to CONNECT",
                    d -> "CONNECT".equals(d.in().responseTo()),
                    "Jetty's HttpParser can be told a response answers HEAD, not CONNECT (its client handles"
                            + " the tunnel above the parser), so it reads a 2xx to CONNECT as a body until close"),
            new Known(
                    "bytes after a closing message",
                    d -> d.ours().contains("stop: closed") && d.jettyError() != null && d.ourError() == null,
                    "after a message that closes the connection we ignore what follows (RFC 9112 9.6);"
                            + " Jetty parses it and rejects the garbage"));

    @Test
    void corpusCasesAgreeWithJettyOrDifferAsListed() {
        List<Input> inputs = new ArrayList<>();
        for (CaseFile.Case c : LlhttpCorpusTest.CASES_FOR_DIFFERENTIAL) {
            inputs.add(input(c));
        }
        for (CaseFile.Case c : StrictCasesTest.CASES) {
            inputs.add(input(c));
        }
        assertAgreement(inputs);
    }

    @Test
    void generatedAndMutatedRequestsAgreeWithJettyOrDifferAsListed() {
        Random random = new Random(20261204L);
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            byte[] request = InputGenerator.request(random);
            inputs.add(new Input("generated#" + i, request, true, null, false));
            inputs.add(new Input("mutated#" + i, InputGenerator.mutate(random, request), true, null, false));
        }
        assertAgreement(inputs);
    }

    @Test
    void generatedAndMutatedResponsesAgreeWithJettyOrDifferAsListed() {
        Random random = new Random(4122026L);
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] response = InputGenerator.response(random);
            inputs.add(new Input("generated-response#" + i, response, false, "GET", true));
            inputs.add(new Input("mutated-response#" + i, InputGenerator.mutate(random, response), false, "GET", true));
        }
        assertAgreement(inputs);
    }

    static Input input(CaseFile.Case c) {
        return new Input(
                c.toString(),
                c.input(),
                c.type().startsWith("request"),
                c.keys().get("request-method"),
                c.type().endsWith("-finish"));
    }

    static List<String> ours(Input in) {
        HttpParser p = in.requests()
                ? HttpParser.forRequests(HttpLimits.defaults())
                : HttpParser.forResponses(HttpLimits.defaults());
        for (int i = 0; in.responseTo() != null && i < 16; i++) {
            p.expectResponseTo(in.responseTo()); // as Jetty's setHeadResponse, for every response
        }
        return CaseRunner.run(p, List.of(in.bytes()), in.finish(), true);
    }

    private static void assertAgreement(List<Input> inputs) {
        // Grouped by signature (our error's rule, Jetty's error), one example each, so a failure reads
        // as a short list of kinds of difference.
        Map<String, String> unexplained = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Input in : inputs) {
            List<String> ours = ours(in);
            List<String> jetty = JettyRunner.run(in.bytes(), in.requests(), in.responseTo(), in.finish());
            String problem = compare(in, ours, jetty);
            if (problem != null) {
                String signature = signature(ours) + " | " + signature(jetty);
                counts.merge(signature, 1, Integer::sum);
                unexplained.putIfAbsent(
                        signature,
                        in.name() + ": " + problem + "\n  input: "
                                + Escapes.escape(new String(in.bytes(), StandardCharsets.ISO_8859_1))
                                + "\n  ours:  " + ours + "\n  jetty: " + jetty);
            }
        }
        assertThat(unexplained)
                .as(
                        "differences from Jetty not in KNOWN:%n%s",
                        String.join(
                                "\n",
                                unexplained.entrySet().stream()
                                        .map(e -> counts.get(e.getKey()) + "x [" + e.getKey() + "] " + e.getValue())
                                        .toList()))
                .isEmpty();
    }

    private static String signature(List<String> verdict) {
        for (String l : verdict) {
            if (l.startsWith("error: ")) {
                String rule = l.substring(7).replaceAll("0x[0-9a-f]+", "0x..").replaceAll("\\d{2,}", "N");
                int paren = rule.indexOf(" (");
                return paren > 0 ? rule.substring(0, paren) : rule;
            }
        }
        return "accepts";
    }

    /** Null when the two verdicts agree or differ as KNOWN allows, else what differs. */
    static String compare(Input in, List<String> ours, List<String> jetty) {
        List<String> o = meaning(ours);
        List<String> j = meaning(jetty);
        if (o.equals(j)) {
            return null;
        }
        // One waits for the end of a line where the other already rejects: complete the input and ask
        // the one that waited again. If it rejects then, both reject.
        byte[] completed = concat(in.bytes(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Input more = new Input(in.name(), completed, in.requests(), in.responseTo(), in.finish());
        if (o.getLast().equals("error")
                && ours.getLast().equals("incomplete") == false
                && jetty.getLast().equals("incomplete")
                && meaning(JettyRunner.run(completed, in.requests(), in.responseTo(), in.finish()))
                        .equals(o)) {
            return null;
        }
        if (j.getLast().equals("error")
                && ours.getLast().equals("incomplete")
                && meaning(ours(more)).equals(j)) {
            return null;
        }
        String ourError =
                ours.stream().filter(l -> l.startsWith("error: ")).findFirst().orElse(null);
        String jettyError =
                jetty.stream().filter(l -> l.startsWith("error: ")).findFirst().orElse(null);
        Diff d = new Diff(in, ours, jetty, ourError, jettyError);
        for (Known known : KNOWN) {
            if (known.applies().test(d)) {
                return null;
            }
        }
        return "differs";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The comparable meaning of a verdict: the complete messages (head, fields with lower-case names,
     * body, trailers, end), then "error" if the parser rejected what followed. A message that was
     * rejected or cut short counts as not given, however much of it was reported; the closing word
     * (incomplete, eof, stop) is left out.
     */
    static List<String> meaning(List<String> verdict) {
        List<String> out = new ArrayList<>();
        List<String> message = new ArrayList<>();
        for (String l : verdict) {
            if (l.startsWith("error: ")) {
                out.add("error");
                return out;
            }
            if (l.equals("incomplete") || l.equals("eof") || l.startsWith("stop: ")) {
                continue;
            }
            if (l.startsWith("field: ") || l.startsWith("trailer: ")) {
                int colon = l.indexOf(':', l.indexOf(' ') + 1);
                message.add(l.substring(0, colon).toLowerCase(Locale.ROOT) + l.substring(colon));
            } else {
                message.add(l);
            }
            if (l.equals("end")) {
                out.addAll(message);
                message.clear();
            }
        }
        if (out.isEmpty()) {
            out.add("nothing");
        }
        return out;
    }
}
