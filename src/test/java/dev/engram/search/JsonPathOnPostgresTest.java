package dev.engram.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL search index runs `where` filters in the database ({@link JsonPath#sql}):
 * PostgreSQL must answer every expression of {@link JsonPathTest} as Engram's own evaluation
 * does. Runs in the PostgreSQL suite (`make test-pg`); skipped on H2.
 */
@QuarkusTest
class JsonPathOnPostgresTest {

    private static final String DOC = """
            {"foo": "bar", "n": 3, "price": 9.5, "ok": true, "none": null,
             "tags": ["intro", "travel"],
             "user": {"city": "Lisbon", "age": 36},
             "system": {"entities": [{"Label": "ORG", "Name": "Acme"}, {"Label": "DATE", "Name": "May"}]}}
            """;

    /** Every expression JsonPathTest evaluates against the same document. */
    private static final List<String> EXPRESSIONS = List.of(
            "$[*] ? (@.foo == \"bar\")",
            "$[*] ? (@.foo == \"baz\")",
            "$[*] ? (@.missing == \"bar\")",
            "$ ? (@.n == 3)",
            "$ ? (@.n == 3.0)",
            "$ ? (@.n > 2 && @.n <= 3)",
            "$ ? (@.n < 3)",
            "$ ? (@.price >= 9.5)",
            "$ ? (@.n != 4)",
            "$ ? (@.n <> 4)",
            "$ ? (@.ok == true)",
            "$ ? (@.ok == false)",
            "$ ? (@.foo < \"baz\")",
            "$ ? (@.none == null)",
            "$ ? (@.foo == null)",
            "$ ? (@.n == \"3\")",
            "$ ? (@.foo > 1)",
            "$.user.city == \"Lisbon\"",
            "$.user.city == \"Porto\"",
            "$.user.age > 30 || $.foo == \"x\"",
            "!($.user.age > 30)",
            "$.system.entities[*] ? (@.Label == \"ORG\")",
            "$.system.entities ? (@.Name == \"May\")",
            "$.system.entities.Label == \"DATE\"",
            "$[*] ? (@.tags[*] == \"travel\")",
            "$[*] ? (@.tags == \"intro\")",
            "$.tags[0] == \"intro\"",
            "$.tags[1] == \"intro\"",
            "$.\"user\".city starts with \"Lis\"",
            "$.* ? (@ == \"bar\")",
            "$ ? (@.user.city like_regex \"^lis\" flag \"i\")",
            "$ ? (@.user.city like_regex \"^lis\")",
            "$ ? (@.foo starts with \"ba\")",
            "$ ? (exists(@.user.age))",
            "$ ? (exists(@.user.height))",
            "$ ? (!(@.foo == \"x\") && (@.n == 1 || @.n == 3))",
            "$.user",
            "$.nobody"
    );

    @Inject
    EntityManager em;

    @Test
    void postgresAnswersEveryExpressionAsEngramDoes() throws Exception {
        Assumptions.assumeTrue(onPostgres(), "PostgreSQL only (the PostgreSQL suite runs it)");
        @SuppressWarnings("unchecked")
        Map<String, Object> document = new com.fasterxml.jackson.databind.ObjectMapper().readValue(DOC, Map.class);
        int compared = 0;
        for (String expression : EXPRESSIONS) {
            JsonPath path = JsonPath.compile(expression);
            List<Object> parameters = new ArrayList<>();
            String sql = path.sql("CAST(? AS JSONB)", parameters);
            assertNotNull(sql, expression + " should be sayable in SQL");
            boolean expected = path.test(document);
            boolean actual = QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT " + sql)) {
                    p.setString(1, DOC);
                    for (int i = 0; i < parameters.size(); i++) {
                        p.setObject(i + 2, parameters.get(i));
                    }
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        return r.getBoolean(1);
                    }
                }
            }));
            assertEquals(expected, actual, expression);
            compared++;
        }
        assertEquals(EXPRESSIONS.size(), compared);
    }

    @Test
    void aBarePathInsideAConditionStaysInJava() {
        // PostgreSQL wants a predicate there; Engram reads it as "selects something".
        assertNull(JsonPath.compile("$ ? (@.tags)").sql("m", new ArrayList<>()));
        assertNull(JsonPath.compile("$.a || $.b").sql("m", new ArrayList<>()));
        assertNotNull(JsonPath.compile("$ ? (exists(@.tags))").sql("m", new ArrayList<>()));
    }

    private boolean onPostgres() {
        return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class)
                .doReturningWork(c -> c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")));
    }
}
