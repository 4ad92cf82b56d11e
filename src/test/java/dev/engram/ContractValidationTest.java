package dev.engram;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.ResponseBuilder;
import io.restassured.filter.Filter;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Proves that the contract check behind {@code api()} is live: it rejects what breaks the spec. */
@QuarkusTest
class ContractValidationTest extends ApiTestSupport {

    private static final String MESSAGE_PATH = "/api/v2/sessions/s1/messages/" + UUID.randomUUID();

    private static ValidationReport validate(OpenApiInteractionValidator validator, Request.Method method, String path,
                                             int status, String body) {
        return validator.validate(new SimpleRequest.Builder(method, path).build(),
                SimpleResponse.Builder.status(status).withContentType("application/json").withBody(body).build());
    }

    private static String message(String fields) {
        return "{\"uuid\":\"" + UUID.randomUUID() + "\",\"role\":\"Ada\"," + fields + "}";
    }

    @Test
    void aValidMessagePasses() {
        assertFalse(validate(VALIDATOR, Request.Method.GET, MESSAGE_PATH, 200,
                message("\"role_type\":\"user\",\"content\":\"hi\"")).hasErrors());
    }

    @Test
    void aMessageWithoutContentIsRejected() {
        assertTrue(validate(VALIDATOR, Request.Method.GET, MESSAGE_PATH, 200, message("\"role_type\":\"user\"")).hasErrors());
    }

    @Test
    void anUnknownRoleTypeIsRejected() {
        assertTrue(validate(VALIDATOR, Request.Method.GET, MESSAGE_PATH, 200,
                message("\"role_type\":\"wizard\",\"content\":\"hi\"")).hasErrors());
    }

    @Test
    void aWronglyTypedFieldIsRejected() {
        assertTrue(validate(VALIDATOR, Request.Method.GET, "/api/v2/users/u1", 200,
                "{\"user_id\":\"u1\",\"id\":\"seven\"}").hasErrors());
        assertTrue(validate(VALIDATOR, Request.Method.GET, "/api/v2/users/u1", 200,
                "{\"user_id\":\"u1\",\"created_at\":\"yesterday\"}").hasErrors());
    }

    @Test
    void anUndocumentedStatusIsRejected() {
        assertTrue(validate(VALIDATOR, Request.Method.GET, "/api/v2/users/u1", 418, "{\"message\":\"teapot\"}").hasErrors());
    }

    @Test
    void anErrorThatIsNotAnObjectIsRejected() {
        assertTrue(validate(VALIDATOR, Request.Method.GET, "/api/v2/users/u1", 404, "[\"not found\"]").hasErrors());
    }

    @Test
    void aFactWithoutContentIsRejected() {
        String fact = "{\"fact\":{\"uuid\":\"" + UUID.randomUUID() + "\",\"created_at\":\"2024-01-01T00:00:00Z\",\"fact\":\"x\"}}";
        assertTrue(validate(VALIDATOR, Request.Method.GET, "/api/v2/facts/" + UUID.randomUUID(), 200, fact).hasErrors());
    }

    @Test
    void theFilterOfApiFailsARealExchangeWhoseResponseBreaksTheSpec() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 1));
        String uuid = getJson("/api/v2/sessions/{id}/messages", sessionId).getString("messages[0].uuid");
        // Runs inside the contract filter of api(): it hands the validator a message without content.
        Filter dropContent = (request, response, ctx) -> {
            var real = ctx.next(request, response);
            String body = real.asString().replaceFirst("\"content\":\"m-0\",?", "");
            return new ResponseBuilder().clone(real).setBody(body).build();
        };
        assertThrows(OpenApiValidationFilter.OpenApiValidationException.class,
                () -> api().filter(dropContent).get("/api/v2/sessions/{id}/messages/{uuid}", sessionId, uuid));
        // The same exchange without tampering passes.
        api().get("/api/v2/sessions/{id}/messages/{uuid}", sessionId, uuid).then().statusCode(200);
    }
}
