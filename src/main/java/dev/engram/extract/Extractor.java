package dev.engram.extract;

import dev.engram.message.Turn;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Finds the values of a schema's fields in a conversation. */
public interface Extractor {

    /**
     * @param recent the turns to read, oldest first; never empty
     * @param fields the fields wanted; never empty
     * @param now    the moment relative dates ("tomorrow") are resolved against
     * @return field name to raw value for the fields found (normalized afterwards by {@link FieldValues})
     */
    Map<String, String> extract(List<Turn> recent, List<ExtractionField> fields, OffsetDateTime now);
}
