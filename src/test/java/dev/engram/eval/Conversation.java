package dev.engram.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One long two-person conversation with labelled questions, in the LoCoMo JSON layout:
 * {@code speaker_a}, {@code speaker_b}, {@code session_N} (turns with {@code speaker},
 * {@code dia_id} "D<session>:<turn>", {@code text}), {@code session_N_date_time}
 * ("1:56 pm on 8 May, 2023") and {@code qa} ({@code question}, {@code evidence} dia ids,
 * {@code category}), {@code session_N_observation} and {@code events_session_N} (for judging facts and
 * summaries). Other keys (answers, summaries, image fields) are ignored:
 * retrieval is judged on the evidence turns only, and only a turn's {@code text} is stored.
 *
 * <p>Questions kept: those with at least one evidence id that names a turn of the conversation
 * (ids are normalised: "D:s:t" → "Ds:t", "Ds:t; Ds:u" in one string → two ids; ids naming no
 * turn are dropped). Category 5 (adversarial: the question presupposes something that did not happen)
 * is left out and only counted, as are questions whose evidence names no turn.
 */
record Conversation(String name, String speakerA, String speakerB, List<Session> sessions, List<Question> questions,
        int adversarial, int withoutEvidence, Map<Integer, List<Observation>> observations,
        Map<Integer, List<Event>> events) {

    /** Category of LoCoMo's adversarial questions, left out of the figures. */
    static final int ADVERSARIAL = 5;

    record Turn(String diaId, int session, String speaker, String text) {
    }

    record Session(int number, OffsetDateTime start, List<Turn> turns) {
    }

    /**
     * What the data set's authors noted about a speaker in a session ({@code session_N_observation}:
     * speaker → [text, evidence dia id(s)]), with the turns it was noted from.
     */
    record Observation(int session, String speaker, String text, Set<String> evidence) {
    }

    /** An event of a speaker's life that a session tells of ({@code events_session_N}: speaker → texts). */
    record Event(int session, String speaker, String text) {
    }

    /** A question and the turns (dia ids) and sessions that answer it. */
    record Question(String text, int category, Set<String> evidence, Set<Integer> sessions) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SESSION_KEY = Pattern.compile("session_(\\d+)");
    private static final Pattern DIA_ID = Pattern.compile("D:?(\\d+):(\\d+)");
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("h:mm a 'on' d MMMM, yyyy").toFormatter(Locale.ENGLISH);
    /** Sessions without a readable date start this many days apart from here. */
    private static final OffsetDateTime NO_DATE = OffsetDateTime.of(2023, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    int turnCount() {
        return sessions.stream().mapToInt(s -> s.turns().size()).sum();
    }

    /**
     * Reads every conversation named by {@code spec}: a comma-separated list of directories
     * (every {@code *.json} in them, by name) and files. A file holds one conversation (an
     * object) or several (an array); a conversation is named after its file's stem (and its
     * position in an array).
     */
    static List<Conversation> load(String spec) {
        List<Path> files = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Path path = Path.of(part.trim());
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    listing.filter(p -> p.getFileName().toString().endsWith(".json"))
                            .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + path.toAbsolutePath());
            }
        }
        List<Conversation> conversations = new ArrayList<>();
        for (Path file : files) {
            String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
            try {
                conversations.addAll(read(stem, JSON.readTree(file.toFile())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (conversations.isEmpty()) {
            throw new IllegalArgumentException("no conversation in " + spec);
        }
        return conversations;
    }

    /** The conversations of one parsed file named {@code stem}. */
    static List<Conversation> read(String stem, JsonNode root) {
        if (!root.isArray()) {
            return List.of(parse(stem, root));
        }
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            conversations.add(parse(stem + "-" + (i + 1), root.get(i)));
        }
        return conversations;
    }

    private static Conversation parse(String name, JsonNode root) {
        TreeMap<Integer, JsonNode> sessionNodes = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Matcher m = SESSION_KEY.matcher(field.getKey());
            if (m.matches() && field.getValue().isArray()) {
                sessionNodes.put(Integer.parseInt(m.group(1)), field.getValue());
            }
        }
        List<Session> sessions = new ArrayList<>();
        Set<String> turnIds = new LinkedHashSet<>();
        for (Map.Entry<Integer, JsonNode> entry : sessionNodes.entrySet()) {
            int number = entry.getKey();
            List<Turn> turns = new ArrayList<>();
            for (JsonNode turn : entry.getValue()) {
                String text = turn.path("text").asText("");
                if (text.isBlank()) {
                    continue; // the API refuses blank messages
                }
                String id = turn.get("dia_id").asText();
                turns.add(new Turn(id, number, turn.path("speaker").asText(), text));
                turnIds.add(id);
            }
            if (!turns.isEmpty()) {
                sessions.add(new Session(number, start(root.path("session_" + number + "_date_time").asText(""), number),
                        turns));
            }
        }
        List<Question> questions = new ArrayList<>();
        int adversarial = 0;
        int withoutEvidence = 0;
        for (JsonNode qa : root.path("qa")) {
            int category = qa.path("category").asInt(0);
            if (category == ADVERSARIAL) {
                adversarial++;
                continue;
            }
            Set<String> evidence = new LinkedHashSet<>();
            for (JsonNode e : qa.path("evidence")) {
                Matcher m = DIA_ID.matcher(e.asText());
                while (m.find()) {
                    String id = "D" + m.group(1) + ":" + m.group(2);
                    if (turnIds.contains(id)) {
                        evidence.add(id);
                    }
                }
            }
            if (evidence.isEmpty()) {
                withoutEvidence++;
                continue;
            }
            Set<Integer> evidenceSessions = new LinkedHashSet<>();
            evidence.forEach(id -> evidenceSessions.add(sessionOf(id)));
            questions.add(new Question(qa.get("question").asText(), category, evidence, evidenceSessions));
        }
        return new Conversation(name, root.path("speaker_a").asText(), root.path("speaker_b").asText(), sessions,
                questions, adversarial, withoutEvidence, observations(root, turnIds), events(root));
    }

    /** {@code session_N_observation} of every session, by session number (missing: none). */
    private static Map<Integer, List<Observation>> observations(JsonNode root, Set<String> turnIds) {
        Map<Integer, List<Observation>> bySession = new TreeMap<>();
        forEachSpeakerOf(root, Pattern.compile("session_(\\d+)_observation"), (session, speaker, entries) -> {
            List<Observation> list = bySession.computeIfAbsent(session, k -> new ArrayList<>());
            for (JsonNode entry : entries) {
                Set<String> evidence = new LinkedHashSet<>();
                for (int i = 1; i < entry.size(); i++) {
                    Matcher id = DIA_ID.matcher(entry.get(i).asText());
                    while (id.find()) {
                        String diaId = "D" + id.group(1) + ":" + id.group(2);
                        if (turnIds.contains(diaId)) {
                            evidence.add(diaId);
                        }
                    }
                }
                list.add(new Observation(session, speaker, entry.path(0).asText(), evidence));
            }
        });
        return bySession;
    }

    /** {@code events_session_N} of every session, by session number (the "date" entry is not an event). */
    private static Map<Integer, List<Event>> events(JsonNode root) {
        Map<Integer, List<Event>> bySession = new TreeMap<>();
        forEachSpeakerOf(root, Pattern.compile("events_session_(\\d+)"), (session, speaker, entries) -> {
            List<Event> list = bySession.computeIfAbsent(session, k -> new ArrayList<>());
            if (entries.isArray()) {
                entries.forEach(e -> list.add(new Event(session, speaker, e.asText())));
            }
        });
        return bySession;
    }

    private interface SpeakerEntries {
        void accept(int session, String speaker, JsonNode entries);
    }

    /** Calls {@code action} for each speaker of each field named like {@code key} (group 1: the session). */
    private static void forEachSpeakerOf(JsonNode root, Pattern key, SpeakerEntries action) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Matcher m = key.matcher(field.getKey());
            if (!m.matches()) {
                continue;
            }
            int session = Integer.parseInt(m.group(1));
            for (Iterator<Map.Entry<String, JsonNode>> speakers = field.getValue().fields(); speakers.hasNext(); ) {
                Map.Entry<String, JsonNode> speaker = speakers.next();
                action.accept(session, speaker.getKey(), speaker.getValue());
            }
        }
    }

    /** The session number of a dia id "D<session>:<turn>". */
    static int sessionOf(String diaId) {
        return Integer.parseInt(diaId.substring(1, diaId.indexOf(':')));
    }

    private static OffsetDateTime start(String dateTime, int number) {
        try {
            return LocalDateTime.parse(dateTime.trim(), DATE_TIME).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return NO_DATE.plusDays(number);
        }
    }
}
