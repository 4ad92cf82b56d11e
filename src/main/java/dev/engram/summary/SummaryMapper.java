package dev.engram.summary;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.engram.api.model.Summary;
import dev.engram.common.JsonText;
import java.util.List;

/** Stored summaries to the wire's {@code Summary}. */
public final class SummaryMapper {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private SummaryMapper() {
    }

    public static Summary toApi(SummaryEntity s) {
        List<String> related = JsonText.read(s.relatedMessageUuids, STRINGS);
        return new Summary()
                .uuid(s.uuid)
                .createdAt(s.createdAt)
                .content(s.content)
                .tokenCount(s.tokenCount)
                .metadata(JsonText.readMap(s.metadata))
                .relatedMessageUuids(related == null ? List.of() : related);
    }
}
