package io.custodia.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An API {@code POST} with an {@code Idempotency-Key} has its body read once, up front (at most
 * {@link RequestSizeLimit#MAX_BYTES}, which that filter enforces before this one), so {@link ApiIdempotency} can tell
 * a retry from another request under the same key by the body's digest, and the handler still reads it whole.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class BufferedBody extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && request.getRequestURI().startsWith("/api/") && request.getHeader(ApiIdempotency.HEADER) != null
                && !formOrParts(request.getContentType())) {
            byte[] body = request.getInputStream().readNBytes((int) RequestSizeLimit.MAX_BYTES + 1);
            if (body.length > RequestSizeLimit.MAX_BYTES) {
                // sent without a length (chunked): never cut short, refused as a body with a length would be
                RequestSizeLimit.refuse(response);
                return;
            }
            chain.doFilter(new Request(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** A form or a multipart body is parsed by the server from its own stream: left as it is (its digest is not taken). */
    private static boolean formOrParts(String contentType) {
        if (contentType == null) return false;
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
    }

    /** The request with its body in memory, read again from the start by every caller. */
    static final class Request extends HttpServletRequestWrapper {
        private final byte[] body;

        Request(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        byte[] body() {
            return body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = StandardCharsets.UTF_8;
            if (encoding != null && Charset.isSupported(encoding)) charset = Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
