package dev.engram.transfer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.common.ApiException;
import dev.engram.common.Clock;
import dev.engram.fact.FactEntity;
import dev.engram.fact.FactMapper;
import dev.engram.message.MessageEntity;
import dev.engram.message.MessageMapper;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionMapper;
import dev.engram.summary.SummaryEntity;
import dev.engram.summary.SummaryMapper;
import dev.engram.user.UserEntity;
import dev.engram.user.UserMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the records of an installation (or of some users) as JSON lines, in the order an
 * import needs them: a user, its sessions each followed by its messages and summaries, then the
 * user's facts (which name sessions and messages). Each record is the API's own JSON for it, so
 * an export reads like the answers of the API and an import of a Zep server's answers looks the
 * same. Records are read a page at a time, each page in a short transaction of its own, so an
 * export of any size holds neither a long transaction nor more than a page in memory.
 */
@ApplicationScoped
public class TransferExport {

    /** Records read per page (and per transaction). */
    static final int PAGE = 500;

    private final ObjectMapper json;
    private final ObjectWriter lines;
    private final UserMapper users;
    private final SessionMapper sessions;
    private final Clock clock;

    public TransferExport(ObjectMapper json, UserMapper users, SessionMapper sessions, Clock clock) {
        this.json = json;
        // The stream belongs to the caller: one record per call, never closed after it.
        this.lines = json.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * The internal ids of the users to export, oldest first: the named ones (404 for one that
     * does not exist, checked before anything is written so that the status can still say so),
     * or {@code null} for every user.
     */
    public List<Long> selectUsers(List<String> userIds) {
        if (userIds == null || userIds.isEmpty()) {
            return null;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Long> pks = new ArrayList<>();
            for (String userId : new java.util.LinkedHashSet<>(userIds)) {
                pks.add(UserEntity.findByUserId(userId).orElseThrow(() -> ApiException.notFound("user " + userId)).id);
            }
            pks.sort(null);
            return pks;
        });
    }

    /** Writes the header and every record of the selected users ({@code null}: all) to {@code out}. */
    public void write(List<Long> userPks, OutputStream out) throws IOException {
        writeLine(out, header(userPks));
        if (userPks != null) {
            for (Long pk : userPks) {
                writeUser(pk, out);
            }
            return;
        }
        long after = 0;
        while (true) {
            long from = after;
            List<Long> page = QuarkusTransaction.requiringNew().call(() -> UserEntity.getEntityManager()
                    .createQuery("select u.id from UserEntity u where u.id > :after order by u.id", Long.class)
                    .setParameter("after", from).setMaxResults(PAGE).getResultList());
            for (Long pk : page) {
                writeUser(pk, out);
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1);
        }
    }

    private ObjectNode header(List<Long> userPks) {
        Map<String, Long> counts = QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> c = new LinkedHashMap<>();
            if (userPks == null) {
                c.put("users", UserEntity.count());
                c.put("sessions", SessionEntity.count());
                c.put("messages", MessageEntity.count());
                c.put("facts", FactEntity.count());
                c.put("summaries", SummaryEntity.count());
            } else {
                c.put("users", (long) userPks.size());
                c.put("sessions", SessionEntity.count("user.id in ?1", userPks));
                c.put("messages", count("select count(m) from MessageEntity m, SessionEntity s where m.sessionPk = s.id and s.user.id in :users", userPks));
                c.put("facts", FactEntity.count("userPk in ?1", userPks));
                c.put("summaries", count("select count(m) from SummaryEntity m, SessionEntity s where m.sessionPk = s.id and s.user.id in :users", userPks));
            }
            return c;
        });
        ObjectNode header = json.createObjectNode();
        header.put("kind", TransferRecords.HEADER);
        header.put("format", TransferRecords.FORMAT);
        header.put("version", TransferRecords.VERSION);
        header.put("exported_at", clock.now().toString());
        header.set("counts", json.valueToTree(counts));
        return header;
    }

    private static long count(String jpql, List<Long> userPks) {
        return UserEntity.getEntityManager().createQuery(jpql, Long.class).setParameter("users", userPks).getSingleResult();
    }

    private void writeUser(Long userPk, OutputStream out) throws IOException {
        // Read whole (a user and the list of its sessions' ids are small); the user may have been
        // deleted since the page of ids was read, and is then left out.
        record UserPart(ObjectNode user, String userId, List<Long> sessionPks) {
        }
        UserPart part = QuarkusTransaction.requiringNew().call(() -> {
            UserEntity user = UserEntity.findById(userPk);
            if (user == null) {
                return null;
            }
            List<Long> sessionPks = UserEntity.getEntityManager()
                    .createQuery("select s.id from SessionEntity s where s.user.id = :user order by s.id", Long.class)
                    .setParameter("user", userPk).getResultList();
            ObjectNode node = record(TransferRecords.USER, users.toApi(user, sessionPks.size()));
            node.remove(List.of("id", "project_uuid", "session_count"));
            return new UserPart(node, user.userId, sessionPks);
        });
        if (part == null) {
            return;
        }
        writeLine(out, part.user());
        for (Long sessionPk : part.sessionPks()) {
            writeSession(sessionPk, out);
        }
        long after = 0;
        while (true) {
            long from = after;
            List<ObjectNode> page = QuarkusTransaction.requiringNew().call(() -> {
                List<FactEntity> facts = FactEntity.<FactEntity>find("userPk = ?1 and id > ?2", Sort.by("id"), userPk, from)
                        .range(0, PAGE - 1).list();
                Map<Long, String> sessionIds = sessionIds(facts.stream().map(f -> f.sessionPk).toList());
                List<ObjectNode> nodes = new ArrayList<>();
                for (FactEntity f : facts) {
                    ObjectNode node = record(TransferRecords.FACT, FactMapper.toApi(f));
                    node.put("user_id", part.userId());
                    if (f.sessionPk != null && sessionIds.containsKey(f.sessionPk)) {
                        node.put("session_id", sessionIds.get(f.sessionPk));
                    }
                    node.put("_pk", f.id);
                    nodes.add(node);
                }
                return nodes;
            });
            for (ObjectNode node : page) {
                after = node.remove("_pk").asLong();
                writeLine(out, node);
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private void writeSession(Long sessionPk, OutputStream out) throws IOException {
        ObjectNode session = QuarkusTransaction.requiringNew().call(() -> {
            SessionEntity s = SessionEntity.findById(sessionPk);
            if (s == null) {
                return null;
            }
            ObjectNode node = record(TransferRecords.SESSION, sessions.toApi(s));
            node.remove(List.of("id", "project_uuid"));
            return node;
        });
        if (session == null) {
            return; // deleted meanwhile
        }
        String sessionId = session.get("session_id").asText();
        writeLine(out, session);
        long after = 0;
        while (true) {
            long from = after;
            List<MessageEntity> page = QuarkusTransaction.requiringNew().call(() ->
                    MessageEntity.<MessageEntity>find("sessionPk = ?1 and id > ?2", Sort.by("id"), sessionPk, from)
                            .range(0, PAGE - 1).list());
            for (MessageEntity m : page) {
                ObjectNode node = record(TransferRecords.MESSAGE, MessageMapper.toApi(m));
                node.put("session_id", sessionId);
                writeLine(out, node);
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).id;
        }
        List<SummaryEntity> summaries = QuarkusTransaction.requiringNew().call(() ->
                SummaryEntity.<SummaryEntity>list("sessionPk", Sort.by("id"), sessionPk));
        for (SummaryEntity s : summaries) {
            ObjectNode node = record(TransferRecords.SUMMARY, SummaryMapper.toApi(s));
            node.put("session_id", sessionId);
            writeLine(out, node);
        }
    }

    private static Map<Long, String> sessionIds(List<Long> pks) {
        List<Long> distinct = pks.stream().filter(java.util.Objects::nonNull).distinct().toList();
        Map<Long, String> ids = new java.util.HashMap<>();
        if (!distinct.isEmpty()) {
            for (SessionEntity s : SessionEntity.<SessionEntity>list("id in ?1", distinct)) {
                ids.put(s.id, s.sessionId);
            }
        }
        return ids;
    }

    /** The API's JSON of a record, led by its {@code kind}. */
    private ObjectNode record(String kind, Object apiValue) {
        ObjectNode node = json.createObjectNode();
        node.put("kind", kind);
        node.setAll((ObjectNode) json.valueToTree(apiValue));
        return node;
    }

    private void writeLine(OutputStream out, ObjectNode node) throws IOException {
        lines.writeValue(out, node);
        out.write('\n');
    }
}
