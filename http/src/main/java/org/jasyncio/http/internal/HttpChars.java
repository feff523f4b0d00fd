package org.jasyncio.http.internal;

/**
 * Character classes of RFC 9110/9112 and RFC 3986 as lookup tables, shared by {@code Headers} and the
 * codec. Not exported: an implementation detail of this module.
 *
 * <p>Tables instead of regular expressions or {@code Character} methods: the parser asks one of these
 * questions for every byte it reads, and an array load is the cheapest answer.
 */
public final class HttpChars {
    private HttpChars() {}

    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_VCHAR = new boolean[256];
    private static final boolean[] URI_CHAR = new boolean[256];
    private static final boolean[] QDTEXT = new boolean[256];
    private static final boolean[] QUERY_EXTRA = new boolean[256];
    private static final boolean[] HOST_CHAR = new boolean[256];
    private static final byte[] HEX = new byte[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        for (int c = 0x21; c <= 0xFF; c++) {
            FIELD_VCHAR[c] = c != 0x7F;
        }
        // RFC 3986: unreserved / sub-delims / gen-delims without '#' (a fragment is never sent) / '%'.
        for (int c = 0; c < 256; c++) {
            URI_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            HOST_CHAR[c] = URI_CHAR[c];
        }
        // Plus '|', which browsers send unencoded in paths and queries (WHATWG URL's percent-encode
        // sets leave it alone); rejecting it would turn away real traffic for no safety gain.
        for (char c : "-._~!$&'()*+,;=:@/?%[]|".toCharArray()) {
            URI_CHAR[c] = true;
        }
        // In a query, browsers also leave { } ^ ` unencoded (WHATWG query percent-encode set).
        for (char c : "{}^`".toCharArray()) {
            QUERY_EXTRA[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=%[]:".toCharArray()) {
            HOST_CHAR[c] = true;
        }
        // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
        QDTEXT['\t'] = true;
        QDTEXT[' '] = true;
        QDTEXT[0x21] = true;
        for (int c = 0x23; c <= 0xFF; c++) {
            QDTEXT[c] = c != '\\' && c != 0x7F;
        }
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = 0; c < 10; c++) {
            HEX['0' + c] = (byte) c;
        }
        for (int c = 0; c < 6; c++) {
            HEX['a' + c] = (byte) (10 + c);
            HEX['A' + c] = (byte) (10 + c);
        }
    }

    /** {@code tchar} of RFC 9110 5.6.2: the characters of a token (method, field name, coding). */
    public static boolean isTchar(int b) {
        return TCHAR[b & 0xFF];
    }

    /** {@code field-vchar} of RFC 9110 5.5: VCHAR or obs-text. */
    public static boolean isFieldVchar(int b) {
        return FIELD_VCHAR[b & 0xFF];
    }

    /** A character that may appear unencoded in a request-target (RFC 3986, without '#'). */
    public static boolean isUriChar(int b) {
        return URI_CHAR[b & 0xFF];
    }

    /** A character that browsers leave unencoded in a query although RFC 3986 does not allow it. */
    public static boolean isQueryExtra(int b) {
        return QUERY_EXTRA[b & 0xFF];
    }

    /** A character of a Host value: reg-name, IP-literal, ':' and port (RFC 3986 3.2.2). */
    public static boolean isHostChar(int b) {
        return HOST_CHAR[b & 0xFF];
    }

    /** {@code qdtext} of RFC 9110 5.6.4 (inside a quoted-string, without the backslash). */
    public static boolean isQdtext(int b) {
        return QDTEXT[b & 0xFF];
    }

    /** The value of a hexadecimal digit, or -1. */
    public static int hexValue(int b) {
        return HEX[b & 0xFF];
    }

    /** Whether {@code s} is a non-empty token. */
    public static boolean isToken(CharSequence s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the first character of {@code s} that a field value may not contain (RFC 9110 5.5:
     * field-vchar, SP and HTAB inside; no leading or trailing whitespace), or -1 when it is valid.
     */
    public static int invalidValueIndex(CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                return i;
            }
            if (!FIELD_VCHAR[c]) {
                boolean inner = (c == ' ' || c == '\t') && i > 0 && i < n - 1;
                if (!inner) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** ASCII-only case-insensitive equality (no Unicode folding: the Kelvin sign is not a 'k'). */
    public static boolean equalsIgnoreCase(String a, String b) {
        int n = a.length();
        if (n != b.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && lower(x) != lower(y)) {
                return false;
            }
        }
        return true;
    }

    /** ASCII lower case of one character; other characters unchanged. */
    public static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** ASCII lower case of a string (returns {@code s} itself when nothing changes). */
    public static String lower(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] out = s.toCharArray();
                for (int j = i; j < n; j++) {
                    out[j] = lower(out[j]);
                }
                return new String(out);
            }
        }
        return s;
    }
}
