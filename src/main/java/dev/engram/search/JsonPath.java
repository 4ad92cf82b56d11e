package dev.engram.search;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled SQL/JSON path expression (the PostgreSQL {@code jsonpath} dialect that Zep's
 * metadata filters are written in), evaluated in lax mode against a JSON value made of
 * {@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean} and {@code null}.
 *
 * <p>Matching follows {@code jsonb_path_exists}: a path matches when it selects at least one
 * item, e.g. {@code $[*] ? (@.foo == "bar")}; an expression that is a predicate
 * ({@code $.foo == "bar"}) matches when it is true. Supported: {@code $}, {@code @},
 * {@code .key}, {@code ."quoted key"}, {@code .*}, {@code [*]}, {@code [n]}, {@code [n, m]},
 * filters {@code ? (...)}; comparisons {@code == != <> < <= > >=} between strings, numbers,
 * booleans and null; {@code like_regex "re" [flag "imsqx"]}; {@code starts with};
 * {@code exists (path)}; {@code && || !} and parentheses. Lax mode means arrays are unwrapped
 * where an object or a scalar is expected, and a comparison is true when any pair of the
 * selected values satisfies it. Instances are immutable and thread-safe.
 */
public final class JsonPath implements Predicate<Object> {

    private final String source;
    private final Expr root;
    /** The whole expression is a path (it selects items) rather than a predicate (it is true or false). */
    private final boolean selects;
    /**
     * PostgreSQL would read it the same: a path stands for "it selects something" only as the
     * whole expression. Within a condition ({@code ? (@.a)}, {@code $.a || $.b}) this class
     * accepts a bare path, but PostgreSQL's grammar wants a predicate there.
     */
    private final boolean portable;

    private JsonPath(String source, Expr root, boolean selects, boolean portable) {
        this.source = source;
        this.root = root;
        this.selects = selects;
        this.portable = portable;
    }

    /** Compiles {@code expression}; an {@link IllegalArgumentException} says what is wrong and where. */
    public static JsonPath compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty JSONPath expression");
        }
        Parser parser = new Parser(expression);
        Expr expr = parser.parseOr();
        parser.expectEnd();
        boolean selects = parser.barePaths.size() == 1 && parser.barePaths.get(0) == expr;
        boolean portable = parser.barePaths.isEmpty() || selects;
        return new JsonPath(expression, expr, selects, portable);
    }

    /**
     * The same test as a condition on a {@code jsonb} value for PostgreSQL ({@code
     * jsonb_path_exists} for a path, {@code jsonb_path_match} for a predicate, lax mode, errors
     * taken as no match), with the expression appended to {@code parameters}; null when
     * PostgreSQL would not read the expression the same way.
     */
    public String sql(String jsonb, java.util.List<Object> parameters) {
        if (!portable) {
            return null;
        }
        parameters.add(source);
        return selects ? "jsonb_path_exists(" + jsonb + ", CAST(? AS JSONPATH), '{}'::jsonb, true)"
                : "coalesce(jsonb_path_match(" + jsonb + ", CAST(? AS JSONPATH), '{}'::jsonb, true), false)";
    }

    /** Whether the expression matches {@code document} (a selected item exists, or the predicate holds). */
    @Override
    public boolean test(Object document) {
        return root.holds(document, document);
    }

    @Override
    public String toString() {
        return source;
    }

    // --- the expression tree ------------------------------------------------------------------

    /** A node that can be asked whether it holds (predicates; a bare path holds when it selects something). */
    private interface Expr {
        boolean holds(Object root, Object current);
    }

    private record Or(Expr left, Expr right) implements Expr {
        public boolean holds(Object root, Object current) {
            return left.holds(root, current) || right.holds(root, current);
        }
    }

    private record And(Expr left, Expr right) implements Expr {
        public boolean holds(Object root, Object current) {
            return left.holds(root, current) && right.holds(root, current);
        }
    }

    private record Not(Expr inner) implements Expr {
        public boolean holds(Object root, Object current) {
            return !inner.holds(root, current);
        }
    }

    /** A path or a literal: something that yields values. */
    private interface Operand {
        List<Object> values(Object root, Object current);
    }

    private record Literal(Object value) implements Operand {
        public List<Object> values(Object root, Object current) {
            List<Object> one = new ArrayList<>(1);
            one.add(value);
            return one;
        }
    }

    private record Path(boolean fromRoot, List<Step> steps) implements Operand, Expr {
        public List<Object> values(Object root, Object current) {
            List<Object> items = new ArrayList<>();
            items.add(fromRoot ? root : current);
            for (Step step : steps) {
                List<Object> next = new ArrayList<>();
                for (Object item : items) {
                    step.apply(item, root, next);
                }
                items = next;
                if (items.isEmpty()) {
                    break;
                }
            }
            return items;
        }

        public boolean holds(Object root, Object current) {
            return !values(root, current).isEmpty();
        }
    }

    private interface Step {
        void apply(Object item, Object root, List<Object> out);
    }

    private record Member(String key) implements Step {
        public void apply(Object item, Object root, List<Object> out) {
            if (item instanceof Map<?, ?> map) {
                if (map.containsKey(key)) {
                    out.add(map.get(key));
                }
            } else if (item instanceof List<?> list) { // lax: an array is unwrapped for member access
                for (Object element : list) {
                    if (element instanceof Map<?, ?> map && map.containsKey(key)) {
                        out.add(map.get(key));
                    }
                }
            }
        }
    }

    private record AnyMember() implements Step {
        public void apply(Object item, Object root, List<Object> out) {
            if (item instanceof Map<?, ?> map) {
                out.addAll(map.values());
            } else if (item instanceof List<?> list) {
                for (Object element : list) {
                    if (element instanceof Map<?, ?> map) {
                        out.addAll(map.values());
                    }
                }
            }
        }
    }

    private record AnyElement() implements Step {
        public void apply(Object item, Object root, List<Object> out) {
            if (item instanceof List<?> list) {
                out.addAll(list);
            } else {
                out.add(item); // lax: a non-array is treated as an array of itself
            }
        }
    }

    private record Elements(List<Integer> indexes) implements Step {
        public void apply(Object item, Object root, List<Object> out) {
            List<?> list = item instanceof List<?> l ? l : java.util.Collections.singletonList(item);
            for (int index : indexes) {
                if (index >= 0 && index < list.size()) {
                    out.add(list.get(index));
                }
            }
        }
    }

    private record Filter(Expr condition) implements Step {
        public void apply(Object item, Object root, List<Object> out) {
            if (item instanceof List<?> list) { // lax: filters look at the elements of an array
                for (Object element : list) {
                    if (condition.holds(root, element)) {
                        out.add(element);
                    }
                }
            } else if (condition.holds(root, item)) {
                out.add(item);
            }
        }
    }

    private enum Op { EQ, NE, LT, LE, GT, GE }

    private record Comparison(Operand left, Op op, Operand right) implements Expr {
        public boolean holds(Object root, Object current) {
            List<Object> rights = unwrap(right.values(root, current));
            for (Object l : unwrap(left.values(root, current))) {
                for (Object r : rights) {
                    if (compare(l, op, r)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private record LikeRegex(Operand subject, Pattern pattern) implements Expr {
        public boolean holds(Object root, Object current) {
            for (Object value : unwrap(subject.values(root, current))) {
                if (value instanceof String s && pattern.matcher(s).find()) {
                    return true;
                }
            }
            return false;
        }
    }

    private record StartsWith(Operand subject, Operand prefix) implements Expr {
        public boolean holds(Object root, Object current) {
            List<Object> prefixes = unwrap(prefix.values(root, current));
            for (Object value : unwrap(subject.values(root, current))) {
                for (Object p : prefixes) {
                    if (value instanceof String s && p instanceof String start && s.startsWith(start)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Lax mode: array values taking part in a predicate stand for their elements. */
    private static List<Object> unwrap(List<Object> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v instanceof Collection<?> c) {
                out.addAll(c);
            } else {
                out.add(v);
            }
        }
        return out;
    }

    /** SQL/JSON comparison: values of different types never compare (except null, which equals only null). */
    private static boolean compare(Object l, Op op, Object r) {
        if (l == null || r == null) {
            boolean same = l == null && r == null;
            return switch (op) {
                case EQ -> same;
                case NE -> !same;
                default -> false;
            };
        }
        int order;
        if (l instanceof Number a && r instanceof Number b) {
            order = decimal(a).compareTo(decimal(b));
        } else if (l instanceof String a && r instanceof String b) {
            order = a.compareTo(b);
        } else if (l instanceof Boolean a && r instanceof Boolean b) {
            order = Boolean.compare(a, b);
        } else {
            return false; // objects, arrays and mixed types are not comparable
        }
        return switch (op) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
        };
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d > 0 ? BigDecimal.valueOf(Double.MAX_VALUE) : BigDecimal.valueOf(-Double.MAX_VALUE);
        }
        return new BigDecimal(n.toString());
    }

    // --- the parser ---------------------------------------------------------------------------

    /** Recursive descent over the expression text; errors name the character position. */
    private static final class Parser {
        private final String text;
        private int pos;
        /** Paths that stand alone as a condition ("selects something"), in the order met. */
        final java.util.List<Path> barePaths = new ArrayList<>();

        Parser(String text) {
            this.text = text;
        }

        Expr parseOr() {
            Expr left = parseAnd();
            while (accept("||")) {
                left = new Or(left, parseAnd());
            }
            return left;
        }

        Expr parseAnd() {
            Expr left = parseUnary();
            while (accept("&&")) {
                left = new And(left, parseUnary());
            }
            return left;
        }

        Expr parseUnary() {
            skipSpace();
            if (peek() == '!' && !lookingAt("!=")) {
                pos++;
                return new Not(parseUnary());
            }
            return parsePrimary();
        }

        Expr parsePrimary() {
            skipSpace();
            if (accept("(")) {
                Expr inner = parseOr();
                expect(")");
                return inner;
            }
            if (acceptWord("exists")) {
                expect("(");
                Path path = parsePath();
                expect(")");
                return path;
            }
            int start = pos;
            Operand left = parseOperand();
            skipSpace();
            Op op = parseOp();
            if (op != null) {
                return new Comparison(left, op, parseOperand());
            }
            if (acceptWord("like_regex")) {
                String regex = parseString();
                String flags = acceptWord("flag") ? parseString() : "";
                return new LikeRegex(left, regex(regex, flags));
            }
            if (acceptWord("starts")) {
                if (!acceptWord("with")) {
                    throw error("expected 'with' after 'starts'");
                }
                return new StartsWith(left, parseOperand());
            }
            if (left instanceof Path path) {
                barePaths.add(path);
                return path; // a bare path: holds when it selects something
            }
            pos = start;
            throw error("a literal on its own is not a condition");
        }

        Op parseOp() {
            if (accept("==")) {
                return Op.EQ;
            }
            if (accept("!=") || accept("<>")) {
                return Op.NE;
            }
            if (accept("<=")) {
                return Op.LE;
            }
            if (accept(">=")) {
                return Op.GE;
            }
            if (accept("<")) {
                return Op.LT;
            }
            if (accept(">")) {
                return Op.GT;
            }
            if (lookingAt("=")) {
                throw error("use '==' to compare");
            }
            return null;
        }

        Operand parseOperand() {
            skipSpace();
            char c = peek();
            if (c == '$' || c == '@') {
                return parsePath();
            }
            if (c == '"' || c == '\'') {
                return new Literal(parseString());
            }
            if (c == '-' || c == '+' || Character.isDigit(c) || c == '.') {
                return new Literal(parseNumber());
            }
            if (acceptWord("true")) {
                return new Literal(Boolean.TRUE);
            }
            if (acceptWord("false")) {
                return new Literal(Boolean.FALSE);
            }
            if (acceptWord("null")) {
                return new Literal(null);
            }
            throw error("expected a path ($ or @) or a literal");
        }

        Path parsePath() {
            skipSpace();
            char c = peek();
            if (c != '$' && c != '@') {
                throw error("expected a path starting with $ or @");
            }
            boolean fromRoot = c == '$';
            pos++;
            List<Step> steps = new ArrayList<>();
            while (true) {
                skipSpace();
                if (pos >= text.length()) {
                    break;
                }
                c = text.charAt(pos);
                if (c == '.') {
                    pos++;
                    skipSpace();
                    if (accept("*")) {
                        steps.add(new AnyMember());
                    } else if (peek() == '"' || peek() == '\'') {
                        steps.add(new Member(parseString()));
                    } else {
                        steps.add(new Member(parseIdentifier()));
                    }
                } else if (c == '[') {
                    pos++;
                    if (accept("*")) {
                        steps.add(new AnyElement());
                    } else {
                        List<Integer> indexes = new ArrayList<>();
                        do {
                            skipSpace();
                            int start = pos;
                            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                                pos++;
                            }
                            if (start == pos) {
                                throw error("expected an array index or *");
                            }
                            indexes.add(Integer.parseInt(text.substring(start, pos)));
                        } while (accept(","));
                        steps.add(new Elements(indexes));
                    }
                    expect("]");
                } else if (c == '?') {
                    pos++;
                    expect("(");
                    Expr condition = parseOr();
                    expect(")");
                    steps.add(new Filter(condition));
                } else {
                    break;
                }
            }
            return new Path(fromRoot, steps);
        }

        String parseIdentifier() {
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                    pos++;
                } else {
                    break;
                }
            }
            if (start == pos) {
                throw error("expected a key name after '.'");
            }
            return text.substring(start, pos);
        }

        String parseString() {
            skipSpace();
            char quote = peek();
            if (quote != '"' && quote != '\'') {
                throw error("expected a quoted string");
            }
            pos++;
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\\') {
                    if (pos >= text.length()) {
                        break;
                    }
                    char e = text.charAt(pos++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            if (pos + 4 > text.length()) {
                                throw error("incomplete \\u escape");
                            }
                            try {
                                out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("invalid \\u escape");
                            }
                            pos += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            throw error("unterminated string");
        }

        BigDecimal parseNumber() {
            int start = pos;
            if (peek() == '-' || peek() == '+') {
                pos++;
            }
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || ".eE".indexOf(text.charAt(pos)) >= 0
                    || ((text.charAt(pos) == '-' || text.charAt(pos) == '+') && "eE".indexOf(text.charAt(pos - 1)) >= 0))) {
                pos++;
            }
            try {
                return new BigDecimal(text.substring(start, pos));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("invalid number");
            }
        }

        private Pattern regex(String regex, String flags) {
            int bits = 0;
            for (char f : flags.toCharArray()) {
                bits |= switch (f) {
                    case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                    case 's' -> Pattern.DOTALL;
                    case 'm' -> Pattern.MULTILINE;
                    case 'x' -> Pattern.COMMENTS;
                    case 'q' -> Pattern.LITERAL;
                    default -> throw error("unknown like_regex flag '" + f + "' (allowed: i, s, m, x, q)");
                };
            }
            try {
                return Pattern.compile(regex, bits);
            } catch (PatternSyntaxException e) {
                throw error("invalid regular expression: " + e.getDescription());
            }
        }

        void expectEnd() {
            skipSpace();
            if (pos < text.length()) {
                throw error("unexpected '" + text.charAt(pos) + "'");
            }
        }

        void expect(String token) {
            if (!accept(token)) {
                throw error("expected '" + token + "'");
            }
        }

        boolean accept(String token) {
            skipSpace();
            if (lookingAt(token)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        /** A keyword, only when it is a whole word (so a key named "existsX" is not taken for "exists"). */
        boolean acceptWord(String word) {
            skipSpace();
            if (lookingAt(word)) {
                int end = pos + word.length();
                if (end == text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    pos = end;
                    return true;
                }
            }
            return false;
        }

        boolean lookingAt(String token) {
            return text.startsWith(token, pos);
        }

        char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at position " + (pos + 1) + " of JSONPath " + text);
        }
    }
}
