package dev.engram.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.common.ApiException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Dates, values and schemas of extraction, without a server (plain unit tests). */
class ExtractionValuesTest {

    /** Wednesday, 6 March 2024, 10:00 in Lisbon summer-less time (UTC). */
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2024-03-06T10:00:00Z");

    private static Optional<String> value(ZepType type, String raw) {
        return FieldValues.normalize(new ExtractionField("f", type, "a field", "[A-Z]{3}-\\d{4}"), raw, NOW);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "let's go tomorrow | 2024-03-07",
            "it was yesterday | 2024-03-05",
            "today works | 2024-03-06",
            "the day after tomorrow | 2024-03-08",
            "next Friday please | 2024-03-08",
            "on Monday | 2024-03-11",
            "this Wednesday | 2024-03-06",
            "next Wednesday | 2024-03-13",
            "last Monday | 2024-03-04",
            "in 3 days | 2024-03-09",
            "in two weeks | 2024-03-20",
            "a week from now | 2024-03-13",
            "three days ago | 2024-03-03",
            "next month | 2024-04-06",
            "March 5 | 2024-03-05",
            "on the 5th of May | 2024-05-05",
            "Dec 24th, 2025 | 2025-12-24",
            "2023-11-02 | 2023-11-02",
            "12/25/2024 | 2024-12-25",
            "25/12/2024 | 2024-12-25",
    })
    void resolvesDatesAgainstTheReferenceDay(String text, String expected) {
        assertEquals(Optional.of(expected), value(ZepType.ZepDate, text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tomorrow at 9am | 2024-03-07T09:00:00Z",
            "next Friday at 6:30 pm | 2024-03-08T18:30:00Z",
            "March 5 at 14:15 | 2024-03-05T14:15:00Z",
            "tomorrow at noon | 2024-03-07T12:00:00Z",
            "2024-05-01T08:00:00+02:00 | 2024-05-01T08:00:00+02:00",
            "yesterday | 2024-03-05T00:00:00Z",
    })
    void writesDateTimesAsRfc3339(String text, String expected) {
        assertEquals(Optional.of(expected), value(ZepType.ZepDateTime, text));
    }

    @Test
    void keepsOnlyValuesOfTheFieldsType() {
        assertEquals(Optional.of("3"), value(ZepType.ZepNumber, "3"));
        assertEquals(Optional.of("1200"), value(ZepType.ZepNumber, "1,200"));
        assertEquals(Optional.of("3"), value(ZepType.ZepNumber, "three"));
        assertEquals(Optional.empty(), value(ZepType.ZepNumber, "2.5"));
        assertEquals(Optional.of("2.5"), value(ZepType.ZepFloat, "2.50"));
        assertEquals(Optional.empty(), value(ZepType.ZepFloat, "unknown"));
        assertEquals(Optional.of("ada@example.org"), value(ZepType.ZepEmail, "mail: ada@example.org."));
        assertEquals(Optional.empty(), value(ZepType.ZepEmail, "none"));
        assertEquals(Optional.of("+1 (555) 867-5309"), value(ZepType.ZepPhoneNumber, "+1 (555) 867-5309"));
        assertEquals(Optional.empty(), value(ZepType.ZepPhoneNumber, "12 34"));
        assertEquals(Optional.of("94103"), value(ZepType.ZepZipCode, "94103"));
        assertEquals(Optional.of("SW1A 1AA"), value(ZepType.ZepZipCode, "sw1a 1aa"));
        assertEquals(Optional.of("ABC-1234"), value(ZepType.ZepRegex, "ref ABC-1234 ok"));
        assertEquals(Optional.empty(), value(ZepType.ZepRegex, "abc-12"));
        assertEquals(Optional.of("Lisbon"), value(ZepType.ZepText, " Lisbon. "));
        assertEquals(Optional.empty(), value(ZepType.ZepText, "null"));
        assertEquals(Optional.empty(), value(ZepType.ZepDate, "some day"));
    }

    @Test
    void readsBothSchemaForms() {
        List<ExtractionField> ts = ExtractionSchema.parse("{\"properties\":{\"when\":{\"zep_type\":\"ZepDate\",\"description\":\"Travel date\"},"
                + "\"code\":{\"zep_type\":\"ZepRegex\",\"description\":\"Code\",\"pattern\":\"\\\\d+\"}}}");
        assertEquals(List.of(new ExtractionField("when", ZepType.ZepDate, "Travel date", null),
                new ExtractionField("code", ZepType.ZepRegex, "Code", "\\d+")), ts);
        List<ExtractionField> python = ExtractionSchema.parse("{\"title\":\"Trip\",\"type\":\"object\",\"properties\":{"
                + "\"nights\":{\"title\":\"Nights\",\"type\":\"integer\",\"default\":null,\"zep_type\":\"ZepNumber\",\"description\":\"Nights\"},"
                + "\"price\":{\"title\":\"Price\",\"type\":\"number\"},"
                + "\"day\":{\"title\":\"Day\",\"type\":\"string\",\"format\":\"date\"},"
                + "\"home_city\":{\"type\":\"string\"}}}");
        assertEquals(List.of(ZepType.ZepNumber, ZepType.ZepFloat, ZepType.ZepDate, ZepType.ZepText),
                python.stream().map(ExtractionField::type).toList());
        assertEquals("home city", python.get(3).meaning());
    }

    @Test
    void rejectsUnusableSchemas() {
        for (String bad : List.of("", "{nope", "[]", "{\"properties\":{}}", "{\"properties\":{\"a\":{\"zep_type\":\"ZepColour\"}}}",
                "{\"properties\":{\"a\":{\"zep_type\":\"ZepRegex\"}}}", "{\"properties\":{\"a\":{\"zep_type\":\"ZepRegex\",\"pattern\":\"(\"}}}")) {
            ApiException e = assertThrows(ApiException.class, () -> ExtractionSchema.parse(bad), bad);
            assertEquals(400, e.status());
        }
    }
}
