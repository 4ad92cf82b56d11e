package dev.engram.validation;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.common.ErrorMapper;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks every routed request against the contract ({@code openapi/zep-v2.yaml}, served from
 * {@code META-INF/openapi.yaml}) before any logic runs: a wrong type, a missing required field
 * or a value outside an enum answers 400 with a message naming the field, e.g.
 * {@code bad request: messages[1].content is required}.
 * <p>
 * It runs after routing (a non-pre-matching filter), so unknown routes still answer 404, wrong
 * methods 405, a wrong key 401 and an oversized body 413. The wire tolerance the server
 * promises is kept: a body on GET/DELETE is ignored, a missing or empty body is refused only
 * where the operation requires one, a missing {@code Content-Type} is taken as JSON,
 * {@code null} means absent (null properties are dropped before checking), unknown fields are
 * allowed, path ids are matched percent-encoded, and malformed JSON is left to the JSON
 * reader's own error.
 * <p>
 * It is the only check of requests against the contract: the generated interfaces carry no
 * Bean Validation annotations (one check, not two, and no Hibernate Validator to boot at start).
 */
@Startup
@ApplicationScoped
public class ContractValidator {

    static final String SPEC_RESOURCE = "META-INF/openapi.yaml";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    /**
     * Built on a thread of its own as soon as the application starts (parsing the contract and
     * loading the JSON-schema checker take a moment), so it overlaps the rest of the start-up
     * instead of delaying the first request.
     */
    private final CompletableFuture<OpenApiInteractionValidator> validator;

    public ContractValidator() {
        this.validator = CompletableFuture.supplyAsync(ContractValidator::build, task -> {
            Thread thread = new Thread(task, "engram-contract-validator");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static OpenApiInteractionValidator build() {
        OpenApiInteractionValidator built = OpenApiInteractionValidator.createForInlineApiSpecification(readSpec())
                .withLevelResolver(LevelResolver.create()
                        .withDefaultLevel(ValidationReport.Level.ERROR)
                        // Decided elsewhere: routing (404/405), auth (401), media types (415).
                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.contentType", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.accept", ValidationReport.Level.IGNORE)
                        // Wire tolerance: bodies on GET/DELETE, read-only fields sent back. A missing
                        // body counts only where the operation requires one (see validate).
                        .withLevel("validation.request.body.unexpected", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.body.schema.readOnly", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.body.schema.unknown", ValidationReport.Level.IGNORE)
                        .withLevel("validation.schema.unknownError", ValidationReport.Level.IGNORE)
                        .withLevel("validation.response", ValidationReport.Level.IGNORE)
                        .build())
                .build();
        // Warm-up: the first check loads the schema machinery.
        built.validateRequest(new SimpleRequest.Builder("POST", "/api/v2/users").withContentType("application/json")
                .withBody("{\"user_id\":\"warm-up\"}").build());
        return built;
    }

    @ServerRequestFilter
    public Response validate(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.startsWith("/api/v2/") && !path.startsWith("/admin/")) {
            return null;
        }
        String method = request.getMethod();
        SimpleRequest.Builder builder = new SimpleRequest.Builder(method, path);
        for (Map.Entry<String, List<String>> param : request.getUriInfo().getQueryParameters().entrySet()) {
            builder.withQueryParam(param.getKey(), param.getValue());
        }
        List<String> found = new ArrayList<>(UnicodeText.problems(request.getUriInfo().getQueryParameters()));
        // The path's ids as the resource will read them (decoded once: an id's '%', sent as %25,
        // is not an escape).
        found.addAll(UnicodeText.problems(request.getUriInfo().getPathParameters()));
        // A required body that is absent (no bytes, or only whitespace) is the client's mistake;
        // one that does not parse is left to the JSON reader's own words, and a body of another
        // media type to the 415 of routing.
        boolean absentBodyCounts = false;
        if (BODY_METHODS.contains(method) && isJson(request.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            builder.withContentType("application/json");
            byte[] bytes = bodyBytes(request);
            absentBodyCounts = isBlank(bytes);
            JsonNode body = absentBodyCounts ? null : parsedWithoutNulls(bytes);
            if (body != null) {
                found.addAll(UnicodeText.problems(body));
                if (found.isEmpty()) {
                    builder.withBody(body.toString());
                }
            }
        }
        if (found.isEmpty()) {
            found.addAll(problems(validator.join().validateRequest(builder.build()), absentBodyCounts));
        }
        if (found.isEmpty()) {
            return null;
        }
        return ErrorMapper.error(400, "bad request: " + String.join("; ", found));
    }

    /** The request's body bytes, put back for the resource. */
    private static byte[] bodyBytes(ContainerRequestContext request) {
        byte[] bytes;
        try (InputStream in = request.getEntityStream()) {
            bytes = in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        request.setEntityStream(new ByteArrayInputStream(bytes));
        return bytes;
    }

    /**
     * The body as the checker should see it: the request's JSON with null properties removed
     * (null means absent); {@code null} for JSON that does not parse, which the JSON reader
     * reports in its own words.
     */
    private static JsonNode parsedWithoutNulls(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return node == null ? null : withoutNulls(node);
        } catch (IOException malformed) {
            return null;
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    fields.remove();
                } else {
                    withoutNulls(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(ContractValidator::withoutNulls);
        }
        return node;
    }

    /**
     * One line per problem, naming the field: {@code messages[1].content is required}. A
     * missing body is one only when {@code absentBodyCounts} (a JSON body that was sent empty).
     */
    static List<String> problems(ValidationReport report, boolean absentBodyCounts) {
        Set<String> lines = new LinkedHashSet<>();
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            if (BODY_MISSING.equals(m.getKey())) {
                if (absentBodyCounts) {
                    lines.add("a JSON request body is required");
                }
            } else {
                lines.add(shortenQuotes(describe(m)));
            }
        }
        return new ArrayList<>(lines);
    }

    private static final String BODY_MISSING = "validation.request.body.missing";

    private static String describe(ValidationReport.Message m) {
        String text = m.getMessage().replaceFirst("^\\[Path '[^']*'\\]\\s*", "");
        String parameter = m.getContext().flatMap(ValidationReport.MessageContext::getParameter)
                .map(p -> p.getName()).orElse(null);
        if (parameter != null) {
            return parameter + ": " + lowerFirst(stripParameterPrefix(text));
        }
        String field = m.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                .map(p -> fieldOf(p.getInstance())).orElse("");
        String key = m.getKey();
        if (key.endsWith(".required")) {
            List<String> missing = quoted(text);
            if (!missing.isEmpty()) {
                return String.join("; ", missing.stream().map(name -> join(field, name) + " is required").toList());
            }
        }
        if (key.endsWith(".enum")) {
            java.util.regex.Matcher v = java.util.regex.Pattern
                    .compile("value \\(\"?(.*?)\"?\\) not found in enum \\(possible values: \\[(.*)\\]\\)").matcher(text);
            if (v.find()) {
                return name(field) + " has an invalid value '" + ErrorMapper.excerpt(v.group(1)) + "' (allowed: "
                        + v.group(2).replace("\"", "").replace(",", ", ") + ")";
            }
        }
        if (key.endsWith(".type")) {
            java.util.regex.Matcher t = java.util.regex.Pattern
                    .compile("Instance type \\((\\w+)\\) does not match any allowed primitive type \\(allowed: \\[(.*)\\]\\)")
                    .matcher(text);
            if (t.find()) {
                String expected = String.join(" or ", java.util.Arrays.stream(t.group(2).replace("\"", "").split(","))
                        .map(String::trim).filter(type -> !type.equals("null")).toList());
                return name(field) + " has the wrong type: expected " + expected + ", got " + t.group(1);
            }
        }
        return name(field) + ": " + lowerFirst(text);
    }

    /** A long value quoted in a message (a 1 MB string, say) is cut to its start. */
    static String shortenQuotes(String line) {
        return LONG_QUOTE.matcher(line).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                "\"" + ErrorMapper.excerpt(m.group(1)) + "\""));
    }

    private static final java.util.regex.Pattern LONG_QUOTE = java.util.regex.Pattern.compile("\"([^\"]{80,})\"");

    /** {@code /messages/1/content} → {@code messages[1].content}. */
    static String fieldOf(String pointer) {
        if (pointer == null || pointer.isEmpty() || "/".equals(pointer)) {
            return "";
        }
        StringBuilder field = new StringBuilder();
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (!token.isEmpty() && token.chars().allMatch(Character::isDigit)) {
                field.append('[').append(token).append(']');
            } else {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(token);
            }
        }
        return field.toString();
    }

    private static String join(String field, String name) {
        return field.isEmpty() ? name : field + "." + name;
    }

    private static String name(String field) {
        return field.isEmpty() ? "JSON request body" : field;
    }

    private static List<String> quoted(String text) {
        List<String> names = new ArrayList<>();
        int open = text.indexOf('[');
        int close = text.lastIndexOf(']');
        if (open < 0 || close < open) {
            return names;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"").matcher(text.substring(open, close));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String stripParameterPrefix(String text) {
        return text.replaceFirst("^Parameter '[^']*'\\s*", "");
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true; // taken as JSON (see WireTolerance)
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase();
        return type.equals("application/json") || type.endsWith("+json");
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String readSpec() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SPEC_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SPEC_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
