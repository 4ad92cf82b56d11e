package dev.engram.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Accepts what the official SDKs send. The Go SDK sends no body (and sometimes no content type)
 * when every field of a request is optional; such a request must not fail with 415.
 */
public class WireTolerance {

    @ServerRequestFilter(preMatching = true)
    public void assumeJson(ContainerRequestContext request) {
        String method = request.getMethod();
        boolean hasBodyMethod = "POST".equals(method) || "PATCH".equals(method) || "PUT".equals(method);
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (hasBodyMethod && (contentType == null || contentType.isBlank())) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }
}
