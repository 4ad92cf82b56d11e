package dev.engram.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Generates one request per call from the spec: a valid baseline for a random operation (ids of
 * records that exist, a body built from the request schema, valid query parameters) with exactly
 * one mutation, so that most mutations get past the first validation and reach the logic behind.
 * Everything random comes from the one seeded {@link Random}.
 */
final class FuzzGenerator {

    /** Records a request may address. The seeded target is only ever read. */
    record Target(String userId, String sessionId, List<String> messageUuids, String factUuid, boolean seeded) {
    }

    /** The records the generator may point requests at. */
    interface World {
        Target seeded();

        /** A record the fuzzer owns (created for it; it may be changed or deleted). */
        Target playground(Random random);
    }

    /** A generated request and what it was made from. */
    record Fuzz(FuzzSpec.Operation operation, String mutation, FuzzHttp.Request request) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final String[] ODD_METHODS = {"PUT", "DELETE", "OPTIONS", "HEAD", "TRACE", "PATCH", "POST", "GET"};
    private static final Set<String> NAME_FIELDS = Set.of("name", "email", "role", "first_name", "last_name",
            "user_id", "session_id", "instruction");
    private static final String[] PHRASES = {
        "I love hiking in the Alps with my dog Rex.", "My name is Ada and I live in Lisbon.",
        "Can you book a table for two on Friday?", "My favorite food is ramen.", "What did I say about it yesterday?",
        "Send the report to ada@example.com by March 5.", "hello"};

    private final FuzzSpec spec;
    private final Random random;
    private final World world;
    private final List<FuzzSpec.Operation> weighted = new ArrayList<>();
    private int fresh;

    FuzzGenerator(FuzzSpec spec, Random random, World world) {
        this.spec = spec;
        this.random = random;
        this.world = world;
        for (FuzzSpec.Operation op : spec.operations) {
            // /admin answers 404 outside mock mode: visited, but less often than the API.
            int weight = op.admin() ? 1 : 4;
            for (int i = 0; i < weight; i++) {
                weighted.add(op);
            }
        }
    }

    Fuzz next() {
        FuzzSpec.Operation op = weighted.get(random.nextInt(weighted.size()));
        String category = category(op);
        // An odd method can turn a read into a DELETE: only reads keep their method on the seeded records.
        boolean mayReadSeeded = op.readOnly() && !category.equals("method");
        Target target = mayReadSeeded && random.nextInt(10) < 4 ? world.seeded() : world.playground(random);
        if (random.nextInt(12) == 0) {
            target = unknownTarget(target);
        }
        Baseline base = baseline(op, target);
        String mutation = switch (category) {
            case "body" -> mutateBody(op, base);
            case "whole-body" -> mutateWholeBody(base);
            case "path" -> mutatePath(op, base);
            case "query" -> mutateQuery(op, base);
            case "method" -> mutateMethod(op, base);
            case "header" -> mutateHeader(base);
            default -> "none";
        };
        return new Fuzz(op, mutation, base.toRequest());
    }

    private String category(FuzzSpec.Operation op) {
        int r = random.nextInt(100);
        boolean hasBody = op.body() != null;
        if (r < 5) {
            return "none";
        }
        if (r < (hasBody ? 50 : 12)) {
            return hasBody ? "body" : "whole-body";
        }
        if (r < (hasBody ? 58 : 20)) {
            return "whole-body";
        }
        if (r < (hasBody ? 69 : 42)) {
            return op.params("path").isEmpty() ? "query" : "path";
        }
        if (r < (hasBody ? 78 : 62)) {
            return "query";
        }
        if (r < (hasBody ? 88 : 80)) {
            return "method";
        }
        return "header";
    }

    private Target unknownTarget(Target t) {
        String n = "fz-nobody-" + random.nextInt(1000);
        return new Target(random.nextBoolean() ? n : t.userId(), random.nextBoolean() ? n : t.sessionId(),
                List.of(new UUID(random.nextLong(), random.nextLong()).toString()),
                new UUID(random.nextLong(), random.nextLong()).toString(), t.seeded());
    }

    // --- the valid baseline -------------------------------------------------------------------

    /** A request under construction; the mutations edit it. */
    private final class Baseline {
        String method;
        final FuzzSpec.Operation op;
        final Map<String, String> pathValues = new LinkedHashMap<>();
        final List<String> query = new ArrayList<>();
        String pathOverride;
        List<String[]> headers = new ArrayList<>();
        JsonNode tree;
        byte[] rawBody;
        boolean chunked;
        final List<byte[]> raws = new ArrayList<>();
        final List<byte[]> fragments = new ArrayList<>();

        Baseline(FuzzSpec.Operation op) {
            this.op = op;
            this.method = op.method();
        }

        /** A value written verbatim into the JSON (deep nesting, 1e400 ...). */
        JsonNode raw(String text) {
            raws.add(text.getBytes(StandardCharsets.UTF_8));
            return TextNode.valueOf("@@FZR" + (raws.size() - 1) + "@@");
        }

        /** Bytes written verbatim inside a JSON string (a lone surrogate escape, bytes that are not UTF-8). */
        String fragment(byte[] bytes) {
            fragments.add(bytes);
            return "@@FZS" + (fragments.size() - 1) + "@@";
        }

        String path() {
            if (pathOverride != null) {
                return pathOverride;
            }
            String path = op.template();
            for (Map.Entry<String, String> e : pathValues.entrySet()) {
                path = path.replace("{" + e.getKey() + "}", e.getValue());
            }
            return path;
        }

        FuzzHttp.Request toRequest() {
            byte[] body = rawBody;
            if (body == null && tree != null) {
                try {
                    body = JSON.writeValueAsBytes(tree);
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
                for (int i = raws.size() - 1; i >= 0; i--) {
                    body = replace(body, ("\"@@FZR" + i + "@@\"").getBytes(StandardCharsets.UTF_8), raws.get(i));
                }
                for (int i = fragments.size() - 1; i >= 0; i--) {
                    body = replace(body, ("@@FZS" + i + "@@").getBytes(StandardCharsets.UTF_8), fragments.get(i));
                }
            }
            String target = path() + (query.isEmpty() ? "" : "?" + String.join("&", query));
            return new FuzzHttp.Request(method, target, headers, body, chunked);
        }
    }

    private Baseline baseline(FuzzSpec.Operation op, Target t) {
        Baseline b = new Baseline(op);
        for (FuzzSpec.Param p : op.params("path")) {
            b.pathValues.put(p.name(), switch (p.name()) {
                case "userId" -> t.userId();
                case "sessionId" -> t.sessionId();
                case "messageUUID" -> t.messageUuids().isEmpty()
                        ? new UUID(random.nextLong(), random.nextLong()).toString()
                        : t.messageUuids().get(random.nextInt(t.messageUuids().size()));
                case "factUUID" -> t.factUuid();
                default -> "x";
            });
        }
        for (FuzzSpec.Param p : op.params("query")) {
            if (random.nextBoolean()) {
                b.query.add(p.name() + "=" + validQuery(p));
            }
        }
        if (op.body() != null && (op.bodyRequired() || random.nextInt(4) > 0)) {
            b.tree = valid(op.body(), "", op, t, 0);
            b.headers.add(new String[] {"Content-Type", "application/json"});
        }
        return b;
    }

    private String validQuery(FuzzSpec.Param p) {
        return switch (p.name()) {
            case "limit", "page_size", "pageSize" -> String.valueOf(1 + random.nextInt(5));
            case "cursor", "lastn" -> String.valueOf(random.nextInt(3));
            case "page_number", "pageNumber" -> String.valueOf(1 + random.nextInt(2));
            case "lastNMessages" -> String.valueOf(1 + random.nextInt(6));
            case "minRating" -> String.valueOf(random.nextInt(10) / 10.0);
            default -> valid(p.schema(), p.name(), null, null, 0).asText();
        };
    }

    /** A valid value of a schema; known fields get values that make sense for this server. */
    private JsonNode valid(JsonNode schema, String field, FuzzSpec.Operation op, Target t, int depth) {
        schema = spec.resolve(schema);
        String opId = op == null ? "" : op.id();
        switch (field) {
            case "user_id":
                return TextNode.valueOf(opId.equals("addUser") ? "fz-u-" + (++fresh) : t.userId());
            case "session_id":
                return TextNode.valueOf(opId.equals("addSession") ? "fz-s-" + (++fresh) : t.sessionId());
            case "session_ids": {
                ArrayNode ids = NODES.arrayNode().add(t.sessionId());
                if (random.nextBoolean()) {
                    ids.add(opId.equals("endSessions") ? world.playground(random).sessionId() : world.seeded().sessionId());
                }
                return ids;
            }
            case "content", "text", "fact", "instruction":
                return TextNode.valueOf(PHRASES[random.nextInt(PHRASES.length)]);
            case "email":
                return TextNode.valueOf("ada@example.com");
            case "first_name", "role":
                return TextNode.valueOf("Ada");
            case "last_name":
                return TextNode.valueOf("Lovelace");
            case "classes": {
                ArrayNode classes = NODES.arrayNode().add("hiking").add("cooking").add("travel");
                return random.nextBoolean() ? classes : classes.add("other");
            }
            case "name":
                return TextNode.valueOf("topic");
            case "model_schema":
                return TextNode.valueOf("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"zep_type\":"
                        + "\"ZepText\",\"description\":\"the user's name\"},\"email\":{\"zep_type\":\"ZepEmail\","
                        + "\"description\":\"email address\"},\"day\":{\"zep_type\":\"ZepDate\",\"description\":\"when\"}}}");
            case "current_date_time":
                return TextNode.valueOf("2025-03-05T10:00:00Z");
            case "last_n":
                return NODES.numberNode(random.nextInt(7));
            case "mmr_lambda", "min_fact_rating":
                return NODES.numberNode(random.nextInt(11) / 10.0);
            case "min_score":
                return NODES.numberNode(random.nextInt(3) / 10.0);
            case "ignore_roles":
                return NODES.arrayNode().add("system");
            case "record_filter":
                return filter();
            case "metadata":
                return opId.equals("searchMemory") ? filter() : metadata();
            case "search_scope":
                return TextNode.valueOf(opId.equals("searchMemory")
                        ? (random.nextBoolean() ? "messages" : "summary")
                        : new String[] {"messages", "summary", "facts"}[random.nextInt(3)]);
            case "messages": {
                ArrayNode messages = NODES.arrayNode();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    messages.add(message(i));
                }
                return messages;
            }
            default:
                break;
        }
        if (schema.has("enum")) {
            JsonNode values = schema.get("enum");
            return values.get(random.nextInt(values.size()));
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                ObjectNode o = NODES.objectNode();
                Set<String> required = new java.util.HashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().path("readOnly").asBoolean(false)) {
                        continue;
                    }
                    if (required.contains(e.getKey()) || (depth < 4 && random.nextInt(10) < 6)) {
                        o.set(e.getKey(), valid(e.getValue(), e.getKey(), op, t, depth + 1));
                    }
                }
                if (!schema.has("properties") && schema.path("additionalProperties").asBoolean(false)) {
                    yield metadata();
                }
                yield o;
            }
            case "array" -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    a.add(valid(schema.path("items"), field + "[]", op, t, depth + 1));
                }
                yield a;
            }
            case "integer" -> NODES.numberNode(schema.path("minimum").asInt(0) + random.nextInt(10));
            case "number" -> NODES.numberNode(random.nextInt(10) / 10.0);
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            default -> switch (schema.path("format").asText()) {
                case "uuid" -> TextNode.valueOf(new UUID(random.nextLong(), random.nextLong()).toString());
                case "date-time" -> TextNode.valueOf("2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10)
                        + "T12:00:00Z");
                default -> TextNode.valueOf("fz-" + random.nextInt(1000));
            };
        };
    }

    private ObjectNode message(int i) {
        ObjectNode m = NODES.objectNode();
        m.put("role_type", new String[] {"user", "assistant", "system", "tool", "function", "norole"}[
                random.nextInt(10) < 7 ? i % 2 : 2 + random.nextInt(4)]);
        m.put("content", PHRASES[random.nextInt(PHRASES.length)]);
        if (random.nextBoolean()) {
            m.put("role", "Ada");
        }
        if (random.nextBoolean()) {
            m.set("metadata", metadata());
        }
        if (random.nextInt(4) == 0) {
            m.put("uuid", new UUID(random.nextLong(), random.nextLong()).toString());
        }
        if (random.nextInt(4) == 0) {
            m.put("created_at", "2024-05-0" + (1 + random.nextInt(9)) + "T10:00:00Z");
        }
        return m;
    }

    private ObjectNode metadata() {
        ObjectNode m = NODES.objectNode();
        m.put("topic", "hiking");
        m.put("n", random.nextInt(5));
        m.set("nested", NODES.objectNode().set("tags", NODES.arrayNode().add("a").add("b")));
        return m;
    }

    private ObjectNode filter() {
        ObjectNode f = NODES.objectNode();
        f.set("where", NODES.objectNode().put("jsonpath", random.nextBoolean() ? "$.topic == \"hiking\"" : "$.n > 1"));
        if (random.nextBoolean()) {
            f.put("start_date", "2020-01-01");
        }
        return f;
    }

    // --- body mutations -----------------------------------------------------------------------

    /** A place in the JSON tree: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        String name() {
            return field != null ? field : "[" + index + "]";
        }
    }

    private static void slots(JsonNode node, List<Slot> out) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(f -> {
                out.add(new Slot(node, f, -1));
                slots(node.get(f), out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size() && i < 5; i++) {
                out.add(new Slot(node, null, i));
                slots(node.get(i), out);
            }
        }
    }

    private Slot pick(List<Slot> slots, java.util.function.Predicate<Slot> preferred) {
        List<Slot> good = slots.stream().filter(preferred).toList();
        List<Slot> from = good.isEmpty() ? slots : good;
        return from.get(random.nextInt(from.size()));
    }

    private String mutateBody(FuzzSpec.Operation op, Baseline b) {
        if (b.tree == null) {
            b.tree = NODES.objectNode();
            b.headers.add(new String[] {"Content-Type", "application/json"});
        }
        List<Slot> slots = new ArrayList<>();
        slots(b.tree, slots);
        if (slots.isEmpty()) {
            ((ObjectNode) b.tree).put("fz_extra", "x");
            slots(b.tree, slots);
        }
        int kind = random.nextInt(15);
        switch (kind) {
            case 0: { // a required field (or any) left out
                List<String> required = new ArrayList<>();
                op.body().path("required").forEach(r -> required.add(r.asText()));
                Slot s = pick(slots, x -> x.field() != null && (required.isEmpty() || required.contains(x.field())
                        || x.parent() != b.tree));
                if (s.field() != null) {
                    ((ObjectNode) s.parent()).remove(s.field());
                } else {
                    ((ArrayNode) s.parent()).remove(s.index());
                }
                return "body.missing-field";
            }
            case 1: { // an unknown field with an odd value
                List<Slot> objects = slots.stream().filter(x -> x.get().isObject()).toList();
                ObjectNode target = objects.isEmpty() || random.nextBoolean() ? (ObjectNode) b.tree
                        : (ObjectNode) objects.get(random.nextInt(objects.size())).get();
                target.set("fz_extra_" + random.nextInt(100), oddValue(b));
                return "body.extra-field";
            }
            case 2: {
                Slot s = pick(slots, x -> true);
                s.set(otherType(s.get()));
                return "body.wrong-type";
            }
            case 3: {
                pick(slots, x -> true).set(NODES.nullNode());
                return "body.null-field";
            }
            case 4: {
                String huge = random.nextInt(20) == 0 ? "oversized-6MB" : "huge-string-60000";
                pick(slots, x -> x.get().isTextual()).set(TextNode.valueOf(
                        ("Zoë 😀 " + "lorem ipsum ").repeat(huge.startsWith("oversized") ? 6_000_000 / 18 : 60_000 / 18)));
                return "body." + huge;
            }
            case 5, 6, 7: {
                Slot s = pick(slots, x -> x.get().isTextual());
                String[] variant = oddString(b);
                String base = s.get().isTextual() ? s.get().asText() : "";
                s.set(TextNode.valueOf(random.nextBoolean() || variant[0].equals("whitespace-only")
                        ? variant[1] : base + variant[1]));
                return "body.odd-string:" + variant[0];
            }
            case 8: {
                Slot s = pick(slots, x -> x.field() != null && NAME_FIELDS.contains(x.field()));
                s.set(TextNode.valueOf("n".repeat(2000)));
                return "body.long-name-2000" + (s.field() != null && NAME_FIELDS.contains(s.field()) ? "" : ":no-name-field");
            }
            case 9: {
                int depth = new int[] {64, 999, 1001, 5000, 100_000}[random.nextInt(5)];
                Slot s = pick(slots, x -> "metadata".equals(x.field()) || "record_filter".equals(x.field()));
                boolean objects = random.nextBoolean();
                StringBuilder deep = new StringBuilder();
                for (int i = 0; i < depth; i++) {
                    deep.append(objects ? "{\"a\":" : "[");
                }
                deep.append("1");
                for (int i = 0; i < depth; i++) {
                    deep.append(objects ? "}" : "]");
                }
                // metadata must stay an object to get past the type check
                String value = "metadata".equals(s.field()) && !objects ? "{\"a\":" + deep + "}" : deep.toString();
                s.set(b.raw(value));
                return "body.deep-nesting-" + depth;
            }
            case 10: {
                Slot s = pick(slots, x -> x.get().isArray());
                JsonNode old = s.get();
                ArrayNode huge = NODES.arrayNode();
                for (int i = 0; i < 10_000; i++) {
                    if (old.isArray() && old.size() > 0 && !old.get(0).isTextual()) {
                        huge.add(old.get(0).deepCopy());
                    } else {
                        huge.add("c" + i);
                    }
                }
                s.set(huge);
                return "body.huge-array-10000:" + s.name();
            }
            case 11: {
                String[][] numbers = {{"1e400", "1e400"}, {"-1", "-1"}, {"0", "0"}, {"2147483648", "2147483648"},
                    {"int64-overflow", "99999999999999999999"}, {"fraction", "1.5"}, {"negative-zero", "-0.0"},
                    {"tiny", "4.9e-324"}, {"long-digits", "9".repeat(2000)}};
                String[] n = numbers[random.nextInt(numbers.length)];
                pick(slots, x -> x.get().isNumber()).set(b.raw(n[1]));
                return "body.number:" + n[0];
            }
            case 12: { // duplicate key: the same field twice with different values
                List<Slot> fields = slots.stream().filter(x -> x.field() != null && x.parent() == b.tree).toList();
                if (!fields.isEmpty()) {
                    Slot s = fields.get(random.nextInt(fields.size()));
                    ((ObjectNode) b.tree).set("@@dup@@", s.get());
                    byte[] bytes = b.toRequest().body();
                    b.rawBody = replace(bytes, "\"@@dup@@\"".getBytes(StandardCharsets.UTF_8),
                            ("\"" + s.field() + "\"").getBytes(StandardCharsets.UTF_8));
                    return "body.duplicate-key";
                }
                return mutateWholeBody(b);
            }
            default: {
                Slot s = pick(slots, x -> x.get().isTextual());
                s.set(TextNode.valueOf(new String[] {"", " ", "\t\n", "null", "undefined", "0", "-1", "true", "[]", "{}"}[
                        random.nextInt(10)]));
                return "body.empty-or-lookalike-string";
            }
        }
    }

    /** {name, value}: strings that stress encoders, parsers and the database. */
    private String[] oddString(Baseline b) {
        return switch (random.nextInt(14)) {
            case 0 -> new String[] {"lone-high-surrogate", b.fragment("\\ud800".getBytes(StandardCharsets.US_ASCII))};
            case 1 -> new String[] {"lone-low-surrogate", b.fragment("x\\udc00y".getBytes(StandardCharsets.US_ASCII))};
            case 2 -> new String[] {"nul", "a\u0000b"};
            case 3 -> new String[] {"rtl-marks", "\u202Eevil\u202C \u200F\u05D0\u05D1\u05D2"};
            case 4 -> new String[] {"emoji", "😀👩‍👩‍👧‍👦🏳️‍🌈"};
            case 5 -> new String[] {"whitespace-only", new String[] {" ", "   ", "\t", "\n", "\u00A0", "\u3000"}[random.nextInt(6)]};
            case 6 -> new String[] {"zero-width-and-bom", "\u200B\u200D\uFEFFx"};
            case 7 -> new String[] {"control-chars", "\u0001\u0007\u001B[31m\r\n\u007F"};
            case 8 -> new String[] {"noncharacter", "\uFFFF\uFFFE"};
            case 9 -> new String[] {"invalid-utf8-bytes", b.fragment(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE})};
            case 10 -> new String[] {"combining", "e" + "\u0301".repeat(500)};
            case 11 -> new String[] {"jsonpath-or-regex-syntax", new String[] {"$[", "$.a ? (@ like_regex \"(\")",
                "((((((", "(a+)+$", "$.**", "$..a", "$.a ? (@ like_regex \"(a+)+$\")"}[random.nextInt(7)]};
            case 12 -> new String[] {"injection", new String[] {"'; DROP TABLE users; --", "${jndi:ldap://x/a}",
                "%s%s%n", "\\", "\"}", "../../etc/passwd", "<script>"}[random.nextInt(7)]};
            default -> new String[] {"astral-and-mixed", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽ Ω ß İ"};
        };
    }

    private JsonNode oddValue(Baseline b) {
        return switch (random.nextInt(6)) {
            case 0 -> TextNode.valueOf(oddString(b)[1]);
            case 1 -> NODES.nullNode();
            case 2 -> NODES.arrayNode().add(1).add("x").addNull();
            case 3 -> NODES.objectNode().set("system", NODES.objectNode().put("x", 1));
            case 4 -> NODES.numberNode(-1);
            default -> NODES.booleanNode(true);
        };
    }

    private JsonNode otherType(JsonNode old) {
        List<JsonNode> options = new ArrayList<>(List.of(TextNode.valueOf("x"), NODES.numberNode(7), NODES.booleanNode(true),
                NODES.arrayNode().add("x"), NODES.objectNode().put("x", 1), NODES.numberNode(1.5)));
        options.removeIf(o -> o.getNodeType() == old.getNodeType() && !(old.isNumber() && o.isNumber()));
        return options.get(random.nextInt(options.size()));
    }

    private String mutateWholeBody(Baseline b) {
        String valid = b.tree == null ? "{}" : b.tree.toString();
        String[][] bodies = {
            {"not-json", "hello"}, {"form", "user_id=x&a=1"}, {"xml", "<user><user_id>x</user_id></user>"},
            {"empty", ""}, {"null", "null"}, {"array", "[]"}, {"array-of-valid", "[" + valid + "]"},
            {"string", "\"x\""}, {"number", "1"}, {"true", "true"},
            {"truncated", valid.substring(0, Math.max(1, valid.length() / 2))}, {"bom-prefixed", "\uFEFF" + valid},
            {"trailing-garbage", valid + "}x"}, {"comment", "/* c */" + valid}, {"single-quotes", valid.replace('"', '\'')},
            {"nan", "{\"x\": NaN}"}, {"two-documents", valid + valid}, {"whitespace-only", " \n\t "}};
        String[] pick = bodies[random.nextInt(bodies.length)];
        b.rawBody = pick[1].getBytes(StandardCharsets.UTF_8);
        b.tree = null;
        if (b.headers.stream().noneMatch(h -> h[0].equals("Content-Type"))) {
            b.headers.add(new String[] {"Content-Type", "application/json"});
        }
        return "whole-body:" + pick[0];
    }

    // --- path, query, method and header mutations ---------------------------------------------

    private String mutatePath(FuzzSpec.Operation op, Baseline b) {
        List<FuzzSpec.Param> params = op.params("path");
        String name = params.get(random.nextInt(params.size())).name();
        String id = b.pathValues.get(name);
        String[][] variants = {
            {"trailing-percent", id + "%"}, {"bad-escape-%ZZ", id + "%ZZ"}, {"truncated-escape", id + "%E0%A4%A"},
            {"encoded-lone-surrogate", id + "%ED%A0%80"}, {"overlong-utf8", id + "%C0%AF"}, {"invalid-utf8-%FF", id + "%FF"},
            {"semicolon", id + ";"}, {"matrix-param", id + ";x=1"}, {"encoded-semicolon", id + "%3Bx"},
            {"nul", id + "%00"}, {"nul-only", "%00"}, {"empty-segment", ""}, {"whitespace-only", "%20%20"},
            {"rtl-mark", "%E2%80%8F" + id}, {"emoji", id + "%F0%9F%98%80"}, {"newline", id + "%0A"}, {"tab", id + "%09"},
            {"encoded-slash", id + "%2Fx"}, {"dot", "."}, {"dot-dot", ".."}, {"encoded-dot-dot", "%2e%2e"},
            {"long-2000", "i".repeat(2000)}, {"long-60000", "i".repeat(60_000)}, {"raw-utf8", id + "é😀"},
            {"encoded-percent", id + "%25"}, {"plus", id + "+x"}};
        String[] v = variants[random.nextInt(variants.length)];
        if (random.nextInt(8) == 0) {
            String[][] whole = {{"double-slash", b.path().replace("/api/v2/", "/api/v2//")}, {"trailing-slash", b.path() + "/"},
                {"upper-case", b.path().toUpperCase(java.util.Locale.ROOT)}, {"fragment", b.path() + "#frag"}};
            String[] w = whole[random.nextInt(whole.length)];
            b.pathOverride = w[1];
            return "path:" + w[0];
        }
        b.pathValues.put(name, v[1]);
        return "path." + name + ":" + v[0];
    }

    private String mutateQuery(FuzzSpec.Operation op, Baseline b) {
        List<FuzzSpec.Param> params = op.params("query");
        if (!params.isEmpty() && random.nextBoolean()) {
            FuzzSpec.Param p = params.get(random.nextInt(params.size()));
            String[][] values = {{"not-a-number", "abc"}, {"negative", "-1"}, {"zero", "0"},
                {"int64-overflow", "99999999999999999999"}, {"int32-overflow", "2147483648"}, {"exponent", "1e3"},
                {"empty", ""}, {"trailing-percent", "%"}, {"bad-escape", "%ZZ"}, {"nul", "%00"},
                {"encoded-lone-surrogate", "%ED%A0%80"}, {"fraction", "1.5"}, {"nan", "NaN"}, {"infinity", "Infinity"},
                {"long-digits", "1".repeat(2000)}, {"boolean-word", "yes"}};
            String[] v = values[random.nextInt(values.length)];
            b.query.removeIf(q -> q.startsWith(p.name() + "="));
            b.query.add(p.name() + "=" + v[1]);
            if (random.nextInt(5) == 0) {
                b.query.add(p.name() + "=1"); // the same parameter twice
                return "query." + p.name() + ":" + v[0] + "+duplicate";
            }
            return "query." + p.name() + ":" + v[0];
        }
        String[][] extras = {{"bad-escape-key", "%ZZ=1"}, {"trailing-percent-key", "%=1"}, {"empty-key", "=1"},
            {"ampersands", "&&&"}, {"bare-key", "flag"}, {"brackets", "a[b]=1&a[]=2"}, {"nul-key", "%00=1"},
            {"huge-query", "q=" + "x".repeat(5000)}, {"many-params", "p=1&".repeat(2000) + "p=2"},
            {"semicolon", ";=;"}, {"raw-utf8", "q=é😀"}, {"encoded-lone-surrogate-key", "%ED%A0%80=1"}};
        String[] e = extras[random.nextInt(extras.length)];
        b.query.add(e[1]);
        return "query:" + e[0];
    }

    private String mutateMethod(FuzzSpec.Operation op, Baseline b) {
        String method;
        do {
            method = ODD_METHODS[random.nextInt(ODD_METHODS.length)];
        } while (method.equals(op.method()));
        b.method = method;
        return "method:" + method;
    }

    private String mutateHeader(Baseline b) {
        b.headers.removeIf(h -> h[0].equals("Content-Type"));
        if (b.tree == null && b.rawBody == null && random.nextBoolean()) {
            b.tree = NODES.objectNode(); // header mutations mostly matter with a body
        }
        String[][] contentTypes = {{"text/plain", "text/plain"}, {"xml", "application/xml"}, {"garbage", "???"},
            {"empty", ""}, {"charset-bogus", "application/json; charset=bogus"},
            {"charset-utf16", "application/json; charset=utf-16"}, {"multipart-no-boundary", "multipart/form-data"},
            {"form", "application/x-www-form-urlencoded"}, {"wildcard", "*/*"}, {"merge-patch", "application/merge-patch+json"},
            {"params-garbage", "application/json;;;=;"}};
        switch (random.nextInt(11)) {
            case 0, 1: {
                String[] ct = contentTypes[random.nextInt(contentTypes.length)];
                b.headers.add(new String[] {"Content-Type", ct[1]});
                return "header.content-type:" + ct[0];
            }
            case 2:
                return "header:no-content-type";
            case 3:
                b.headers.add(new String[] {"Content-Type", "application/json"});
                b.tree = null;
                b.rawBody = null;
                b.chunked = true;
                return "header:chunked-empty-body";
            case 4:
                b.headers.add(new String[] {"Content-Type", "application/json"});
                if (b.tree == null && b.rawBody == null) {
                    b.tree = NODES.objectNode();
                }
                b.chunked = true;
                return "header:chunked-body";
            case 5:
                b.headers.add(new String[] {"Content-Type", "application/json"});
                b.headers.add(new String[] {"Accept", random.nextBoolean() ? "application/xml" : "text/html"});
                return "header:accept-not-json";
            case 6:
                b.headers.add(new String[] {"Content-Type", "application/json"});
                b.headers.add(new String[] {"X-Fuzz", "h".repeat(random.nextBoolean() ? 10_000 : 60_000)});
                return "header:huge-header";
            case 7:
                b.headers.add(new String[] {"Content-Type", "application/json"});
                b.headers.add(new String[] {"Content-Encoding", "gzip"});
                return "header:content-encoding-gzip-not-gzipped";
            case 8:
                b.headers.add(new String[] {"Content-Type", "application/json"});
                b.headers.add(new String[] {"Expect", "100-continue"});
                return "header:expect-100-continue";
            case 9:
                b.headers.add(new String[] {"Content-Type", "application/json"});
                b.headers.add(new String[] {"Content-Type", "text/plain"});
                return "header:two-content-types";
            default:
                b.headers.add(new String[] {"Content-Type", "application/json"});
                b.headers.add(new String[] {"Authorization", random.nextBoolean() ? "Api-Key " + "k".repeat(2000) : "Bearer é😀"});
                return "header:odd-authorization";
        }
    }

    static byte[] replace(byte[] in, byte[] what, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + with.length);
        int i = 0;
        outer:
        while (i < in.length) {
            if (i <= in.length - what.length) {
                for (int j = 0; j < what.length; j++) {
                    if (in[i + j] != what[j]) {
                        out.write(in[i++]);
                        continue outer;
                    }
                }
                out.writeBytes(with);
                i += what.length;
            } else {
                out.write(in[i++]);
            }
        }
        return out.toByteArray();
    }
}
