package dev.engram.message;

import dev.engram.api.MessagesApi;
import dev.engram.api.model.Message;
import dev.engram.api.model.MessageListResponse;
import dev.engram.api.model.MessageMetadataUpdate;
import dev.engram.common.Page;
import java.util.List;

/** The message routes of the contract; translation only, the logic is in {@link MessageService}. */
public class MessageResource implements MessagesApi {

    private final MessageService messages;

    public MessageResource(MessageService messages) {
        this.messages = messages;
    }

    @Override
    public MessageListResponse getSessionMessages(String sessionId, Integer limit, Long cursor) {
        Page<MessageEntity> page = messages.list(sessionId, limit, cursor);
        List<Message> items = MessageMapper.toApi(page.items());
        return new MessageListResponse().messages(items).totalCount(page.total()).rowCount(items.size());
    }

    @Override
    public Message getSessionMessage(String sessionId, String messageUUID) {
        return MessageMapper.toApi(messages.get(sessionId, messageUUID));
    }

    @Override
    public Message updateMessageMetadata(String sessionId, String messageUUID, MessageMetadataUpdate update) {
        return MessageMapper.toApi(messages.updateMetadata(sessionId, messageUUID,
                update == null ? null : update.getMetadata()));
    }
}
