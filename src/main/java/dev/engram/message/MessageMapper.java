package dev.engram.message;

import dev.engram.api.model.Message;
import dev.engram.api.model.RoleType;
import dev.engram.common.JsonText;
import java.util.List;

/** Stored messages to the wire's {@code Message} and back. */
public final class MessageMapper {

    private MessageMapper() {
    }

    public static Message toApi(MessageEntity m) {
        return new Message()
                .uuid(m.uuid)
                .role(m.role)
                .roleType(RoleType.fromValue(m.roleType))
                .content(m.content)
                .metadata(JsonText.readMap(m.metadata))
                .createdAt(m.createdAt)
                .updatedAt(m.updatedAt)
                .tokenCount(m.tokenCount)
                .processed(m.processed);
    }

    public static List<Message> toApi(List<MessageEntity> messages) {
        return messages.stream().map(MessageMapper::toApi).toList();
    }

    /** A submitted message; {@code null} entries stay {@code null} so validation can name them. */
    public static MessageService.NewMessage fromApi(Message m) {
        if (m == null) {
            return null;
        }
        return new MessageService.NewMessage(m.getUuid(), m.getRole(),
                m.getRoleType() == null ? null : m.getRoleType().toString(), m.getContent(), m.getMetadata(),
                m.getCreatedAt());
    }
}
