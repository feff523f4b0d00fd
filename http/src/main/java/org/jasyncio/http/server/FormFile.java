package org.jasyncio.http.server;

import java.nio.charset.Charset;
import org.jasyncio.http.Headers;

/**
 * An uploaded file of a {@code multipart/form-data} form ({@link Request#form()}; aiohttp's
 * {@code FileField}, FastAPI's {@code UploadFile}): the form field's name, the file name the client
 * gave, its media type ({@code text/plain} if the part named none, RFC 7578), the part's
 * headers, and the content, read whole within the route's body size limit. Stream large files with
 * {@link Request#multipart()} instead.
 *
 * @param field the form field's name
 * @param filename the file name as the client sent it (may be empty: a browser's empty file input);
 *     never trust it as a path
 * @param contentType the part's media type, lower case, without parameters
 * @param headers the part's headers
 * @param content the file's bytes
 */
public record FormFile(String field, String filename, String contentType, Headers headers, byte[] content) {
    /** The file's size in bytes. */
    public int size() {
        return content.length;
    }

    /** The content as text in the part's {@code charset}, UTF-8 if it names none. */
    public String text() {
        return new String(content, charset());
    }

    Charset charset() {
        return HeaderParams.charset(headers.get("Content-Type"));
    }

    @Override
    public String toString() {
        return "FormFile[field=" + field + ", filename=" + filename + ", contentType=" + contentType + ", "
                + content.length + " bytes]";
    }
}
