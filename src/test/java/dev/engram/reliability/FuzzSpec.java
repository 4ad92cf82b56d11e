package dev.engram.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The operations of {@code openapi/zep-v2.yaml}, read with Jackson YAML, with {@code $ref}s followed. */
final class FuzzSpec {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options", "trace");

    /** Operations that do not change stored data (besides GETs): they may be pointed at the seeded records. */
    private static final Set<String> READ_ONLY_POSTS = Set.of("searchSessions", "searchMemory", "extractData");

    record Param(String name, String in, JsonNode schema) {
    }

    record Operation(String id, String method, String template, List<Param> params, JsonNode body, boolean bodyRequired) {

        boolean readOnly() {
            return method.equals("GET") || READ_ONLY_POSTS.contains(id);
        }

        boolean admin() {
            return template.startsWith("/admin");
        }

        List<Param> params(String in) {
            return params.stream().filter(p -> p.in().equals(in)).toList();
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    final JsonNode root;
    final List<Operation> operations = new ArrayList<>();

    private FuzzSpec(JsonNode root) {
        this.root = root;
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Param> shared = params(path.getValue().path("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                List<Param> params = new ArrayList<>(shared);
                params.addAll(params(op.getValue().path("parameters")));
                JsonNode requestBody = resolve(op.getValue().path("requestBody"));
                JsonNode body = requestBody.path("content").path("application/json").path("schema");
                operations.add(new Operation(op.getValue().path("operationId").asText(op.getKey() + path.getKey()),
                        op.getKey().toUpperCase(Locale.ROOT), path.getKey(), params,
                        body.isMissingNode() ? null : resolve(body), requestBody.path("required").asBoolean(false)));
            }
        }
    }

    static FuzzSpec load(Path file) {
        try {
            return new FuzzSpec(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Param> params(JsonNode list) {
        List<Param> params = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode param = resolve(p);
            params.add(new Param(param.path("name").asText(), param.path("in").asText(), resolve(param.path("schema"))));
        }
        return params;
    }

    /**
     * Follows {@code $ref}s and unwraps the {@code allOf: [$ref]} idiom the spec uses for nullable
     * references, keeping {@code nullable}.
     */
    JsonNode resolve(JsonNode node) {
        for (int guard = 0; guard < 20; guard++) {
            if (node.has("$ref")) {
                node = root.at(node.get("$ref").asText().substring(1));
            } else if (node.has("allOf") && node.get("allOf").size() == 1) {
                ObjectNode merged = ((ObjectNode) resolve(node.get("allOf").get(0))).deepCopy();
                node.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("allOf")) {
                        merged.set(e.getKey(), e.getValue());
                    }
                });
                node = merged;
            } else {
                return node;
            }
        }
        throw new IllegalStateException("$ref cycle at " + node);
    }
}
