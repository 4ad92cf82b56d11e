package dev.engram.mock;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.engram.api.model.CreateUserRequest;
import dev.engram.api.model.Message;
import dev.engram.common.EngramConfig;
import dev.engram.fact.FactService;
import dev.engram.message.MessageMapper;
import dev.engram.memory.MemoryService;
import dev.engram.session.SessionService;
import dev.engram.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional fixtures file of mock mode ({@code engram.mock.fixtures}): JSON, or YAML when the
 * name ends in {@code .yaml}/{@code .yml}. It is read again on every load, so it can be edited
 * between test runs. Everything goes through the normal services, so the normal rules apply.
 * <pre>
 * users:
 *   - user_id: ada
 *     email: ada@example.org
 *     metadata: {tier: gold}
 * sessions:
 *   - session_id: ada-chat
 *     user_id: ada
 *     messages:
 *       - {role: Ada, role_type: user, content: "Hi, I'm Ada."}
 *     facts: ["Ada likes tea"]
 * </pre>
 */
@ApplicationScoped
public class Fixtures {

    public record FixtureFile(List<CreateUserRequest> users, List<FixtureSession> sessions) {
    }

    public record FixtureSession(@JsonProperty("session_id") String sessionId, @JsonProperty("user_id") String userId,
                                 Map<String, Object> metadata, List<Message> messages, List<String> facts) {
    }

    private final Optional<Path> file;
    private final int batchSize;
    private final UserService users;
    private final SessionService sessions;
    private final MemoryService memory;
    private final FactService facts;

    public Fixtures(EngramConfig config, UserService users, SessionService sessions, MemoryService memory,
                    FactService facts) {
        this.file = config.mock().fixtures().filter(f -> !f.isBlank()).map(Path::of);
        this.batchSize = Math.max(1, config.limits().maxMessagesPerCall());
        this.users = users;
        this.sessions = sessions;
        this.memory = memory;
        this.facts = facts;
    }

    public Optional<Path> file() {
        return file;
    }

    /** Loads the configured file into the (empty) store; false when no file is configured. */
    public boolean load() {
        if (file.isEmpty()) {
            return false;
        }
        FixtureFile fixtures = read(file.get());
        try {
            apply(fixtures);
        } catch (RuntimeException e) {
            throw new IllegalStateException("fixtures file " + file.get() + " could not be loaded: " + e.getMessage(), e);
        }
        return true;
    }

    static FixtureFile read(Path path) {
        String name = path.getFileName().toString().toLowerCase();
        ObjectMapper mapper = (name.endsWith(".yaml") || name.endsWith(".yml")
                ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper())
                .findAndRegisterModules()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            FixtureFile parsed = mapper.readValue(Files.readAllBytes(path), FixtureFile.class);
            return parsed == null ? new FixtureFile(null, null) : parsed;
        } catch (IOException e) {
            throw new IllegalStateException("fixtures file " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void apply(FixtureFile fixtures) {
        for (CreateUserRequest u : nonNull(fixtures.users())) {
            users.create(u.getUserId(), new UserService.UserChanges(u.getEmail(), u.getFirstName(), u.getLastName(),
                    u.getMetadata(), u.getFactRatingInstruction()));
        }
        for (FixtureSession s : nonNull(fixtures.sessions())) {
            sessions.create(s.sessionId(), s.userId(), s.metadata(), null);
            List<Message> batch = nonNull(s.messages());
            for (int from = 0; from < batch.size(); from += batchSize) {
                memory.add(s.sessionId(), batch.subList(from, Math.min(batch.size(), from + batchSize)).stream()
                        .map(MessageMapper::fromApi).toList(), null);
            }
            if (!nonNull(s.facts()).isEmpty()) {
                facts.add(s.sessionId(), s.facts());
            }
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
