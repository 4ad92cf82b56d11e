package dev.engram.search;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPathTest {

    private static final Map<String, Object> DOC = parse("""
            {"foo": "bar", "n": 3, "price": 9.5, "ok": true, "none": null,
             "tags": ["intro", "travel"],
             "user": {"city": "Lisbon", "age": 36},
             "system": {"entities": [{"Label": "ORG", "Name": "Acme"}, {"Label": "DATE", "Name": "May"}]}}
            """);

    private static Map<String, Object> parse(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = new ObjectMapper().readValue(json, Map.class);
            return map;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(String expression) {
        return JsonPath.compile(expression).test(DOC);
    }

    @Test
    void zepStyleFilterOnTheRoot() {
        assertTrue(matches("$[*] ? (@.foo == \"bar\")"));
        assertFalse(matches("$[*] ? (@.foo == \"baz\")"));
        assertFalse(matches("$[*] ? (@.missing == \"bar\")"));
    }

    @Test
    void comparisonsOnNumbersStringsBooleans() {
        assertTrue(matches("$ ? (@.n == 3)"));
        assertTrue(matches("$ ? (@.n == 3.0)"));
        assertTrue(matches("$ ? (@.n > 2 && @.n <= 3)"));
        assertFalse(matches("$ ? (@.n < 3)"));
        assertTrue(matches("$ ? (@.price >= 9.5)"));
        assertTrue(matches("$ ? (@.n != 4)"));
        assertTrue(matches("$ ? (@.n <> 4)"));
        assertTrue(matches("$ ? (@.ok == true)"));
        assertFalse(matches("$ ? (@.ok == false)"));
        assertTrue(matches("$ ? (@.foo < \"baz\")"));
        assertTrue(matches("$ ? (@.none == null)"));
        assertFalse(matches("$ ? (@.foo == null)"));
    }

    @Test
    void mixedTypesNeverCompare() {
        assertFalse(matches("$ ? (@.n == \"3\")"));
        assertFalse(matches("$ ? (@.foo > 1)"));
    }

    @Test
    void predicatesAtTheTopLevel() {
        assertTrue(matches("$.user.city == \"Lisbon\""));
        assertFalse(matches("$.user.city == \"Porto\""));
        assertTrue(matches("$.user.age > 30 || $.foo == \"x\""));
        assertFalse(matches("!($.user.age > 30)"));
    }

    @Test
    void nestedPathsArraysAndLaxUnwrapping() {
        assertTrue(matches("$.system.entities[*] ? (@.Label == \"ORG\")"));
        assertTrue(matches("$.system.entities ? (@.Name == \"May\")"));
        assertTrue(matches("$.system.entities.Label == \"DATE\""));
        assertTrue(matches("$[*] ? (@.tags[*] == \"travel\")"));
        assertTrue(matches("$[*] ? (@.tags == \"intro\")"));
        assertTrue(matches("$.tags[0] == \"intro\""));
        assertFalse(matches("$.tags[1] == \"intro\""));
        assertTrue(matches("$.\"user\".city starts with \"Lis\""));
        assertTrue(matches("$.* ? (@ == \"bar\")"));
    }

    @Test
    void regexStartsWithExistsAndNot() {
        assertTrue(matches("$ ? (@.user.city like_regex \"^lis\" flag \"i\")"));
        assertFalse(matches("$ ? (@.user.city like_regex \"^lis\")"));
        assertTrue(matches("$ ? (@.foo starts with \"ba\")"));
        assertTrue(matches("$ ? (exists(@.user.age))"));
        assertFalse(matches("$ ? (exists(@.user.height))"));
        assertTrue(matches("$ ? (!(@.foo == \"x\") && (@.n == 1 || @.n == 3))"));
        assertTrue(matches("$.user"));
        assertFalse(matches("$.nobody"));
    }

    @Test
    void worksOnAnEmptyDocument() {
        assertFalse(JsonPath.compile("$[*] ? (@.foo == \"bar\")").test(Map.of()));
        assertTrue(JsonPath.compile("$[*] ? (!(@.foo == \"bar\"))").test(Map.of()));
    }

    @Test
    void syntaxErrorsSayWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonPath.compile("$[*] ? (@.foo = \"bar\")"));
        assertTrue(e.getMessage().contains("=="), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsonPath.compile("$.foo == \"bar"));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.compile("foo == 1"));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.compile("$ ? (@.a like_regex \"(\")"));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.compile("$ ? (@.a == 1"));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.compile("\"x\""));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.compile(" "));
    }
}
