package dev.engram.intelligence;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A local fake of the OpenAI API (WireMock on a free loopback port) for the tests of the LLM
 * implementations: nothing leaves the machine and no key is needed. Tests stub
 * {@code /v1/chat/completions} per case and inspect what Engram sent.
 */
public class FakeOpenAi implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    /** The running fake (started with the Quarkus application of the test profile). */
    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return Map.of("engram.llm.base-url", server.baseUrl() + "/v1");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
