package dev.engram.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.engram.api.model.ApiError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into the contract's error shape {@code {"message": ...}} with the right
 * status. Client mistakes become 4xx with a message that says what to fix; only genuine server
 * faults become 500 (and are logged).
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    /** Longest message answered (and logged): a message never carries a client's huge value whole. */
    static final int MAX_MESSAGE_CHARS = 2000;

    public static Response error(int status, String message) {
        String text = message != null && message.length() > MAX_MESSAGE_CHARS
                ? message.substring(0, MAX_MESSAGE_CHARS) + "…" : message;
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError().message(text)).build();
    }

    /** A client's value as an error message shows it: its start when it is long. */
    public static String excerpt(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 60 ? text : text.substring(0, 60) + "… (" + text.length() + " characters)";
    }

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return error(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return error(400, "bad request: " + describe(e));
    }

    /** Declared separately because Quarkus ships a more specific mapper that answers an empty body. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return error(400, "bad request: " + describe(e));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return error(400, "bad request: " + describe(json));
        }
        if (status == 404 && e.getCause() != null) {
            // JAX-RS answers 404 when a query or path parameter cannot be converted; that is the
            // client's mistake in the parameter, not a missing resource.
            return error(400, "bad request: invalid parameter value (" + e.getCause().getMessage() + ")");
        }
        String message = switch (status) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable: this API answers application/json";
            case 413 -> "request body too large";
            case 415 -> "unsupported media type: send application/json";
            default -> e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        };
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return error(status, message);
    }

    /**
     * Two requests racing to create the same id both pass the service's check; the database's
     * unique constraint stops the second one, which is the client's conflict, not a server fault.
     */
    @ServerExceptionMapper
    public Response uniqueViolation(org.hibernate.exception.ConstraintViolationException e) {
        return error(400, "bad request: the request conflicts with data written at the same time"
                + (e.getConstraintName() != null ? " (" + e.getConstraintName().toLowerCase() + ")" : ""));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (TransientFailure.is(e)) {
            LOG.warnf("busy, answered 503: %s", e.getMessage());
            return Response.fromResponse(error(503, "service busy: the database could not take this request in time;"
                    + " nothing was stored, send it again")).header("Retry-After", "1").build();
        }
        LOG.error("unexpected error", e);
        return error(500, "internal server error");
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            String reason;
            if (e instanceof InvalidFormatException invalid) {
                reason = "has an invalid value '" + excerpt(invalid.getValue()) + "'"
                        + (invalid.getTargetType() != null && invalid.getTargetType().isEnum()
                        ? " (allowed: " + enumValues(invalid.getTargetType()) + ")" : "");
            } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Missing required creator property")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']+)'").matcher(e.getOriginalMessage());
                String missing = m.find() ? m.group(1) : null;
                return (missing == null || field.endsWith(missing) ? field : field + "." + missing) + " is required";
            } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
                reason = "is invalid: " + e.getCause().getMessage();
            } else {
                reason = "has the wrong type or format";
            }
            return field + " " + reason;
        }
        return "malformed JSON: " + e.getOriginalMessage();
    }

    private static String enumValues(Class<?> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                .collect(Collectors.joining(", "));
    }
}
