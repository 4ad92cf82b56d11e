package dev.engram.user;

import dev.engram.api.UsersApi;
import dev.engram.api.model.CreateUserRequest;
import dev.engram.api.model.EntityNode;
import dev.engram.api.model.Session;
import dev.engram.api.model.SuccessResponse;
import dev.engram.api.model.UpdateUserRequest;
import dev.engram.api.model.User;
import dev.engram.api.model.UserListResponse;
import dev.engram.api.model.UserNodeResponse;
import dev.engram.common.Page;
import dev.engram.session.SessionMapper;
import dev.engram.session.SessionService;
import java.util.List;
import java.util.Map;

/** The user routes of the contract; translation only, the logic is in {@link UserService}. */
public class UserResource implements UsersApi {

    private final UserService users;
    private final UserMapper userMapper;
    private final SessionService sessions;
    private final SessionMapper sessionMapper;
    private final UserNodeService nodes;

    public UserResource(UserService users, UserMapper userMapper, SessionService sessions, SessionMapper sessionMapper,
                        UserNodeService nodes) {
        this.users = users;
        this.userMapper = userMapper;
        this.sessions = sessions;
        this.sessionMapper = sessionMapper;
        this.nodes = nodes;
    }

    @Override
    public User addUser(CreateUserRequest request) {
        UserEntity user = users.create(request.getUserId(), new UserService.UserChanges(request.getEmail(),
                request.getFirstName(), request.getLastName(), request.getMetadata(), request.getFactRatingInstruction()));
        return userMapper.toApi(user, 0);
    }

    @Override
    public User getUser(String userId) {
        return withSessionCount(users.get(userId));
    }

    @Override
    public User updateUser(String userId, UpdateUserRequest request) {
        UpdateUserRequest changes = request == null ? new UpdateUserRequest() : request;
        UserEntity user = users.update(userId, new UserService.UserChanges(changes.getEmail(), changes.getFirstName(),
                changes.getLastName(), changes.getMetadata(), changes.getFactRatingInstruction()));
        return withSessionCount(user);
    }

    @Override
    public SuccessResponse deleteUser(String userId) {
        users.delete(userId);
        return new SuccessResponse().message("deleted");
    }

    @Override
    public UserListResponse listUsersOrdered(Integer pageNumber, Integer pageSize) {
        Page<UserEntity> page = users.list(pageNumber, pageSize);
        Map<Long, Long> counts = users.sessionCounts(page.items());
        List<User> items = page.items().stream()
                .map(u -> userMapper.toApi(u, counts.getOrDefault(u.id, 0L))).toList();
        return new UserListResponse().users(items).totalCount(page.total()).rowCount(items.size());
    }

    @Override
    public List<Session> getUserSessions(String userId) {
        return sessionMapper.toApi(sessions.listForUser(userId));
    }

    @Override
    public UserNodeResponse getUserNode(String userId) {
        UserNodeService.UserNode node = nodes.node(users.get(userId));
        return new UserNodeResponse().node(new EntityNode()
                .uuid(node.uuid())
                .name(node.name())
                .summary(node.summary())
                .createdAt(node.createdAt())
                .labels(List.of("User")));
    }

    private User withSessionCount(UserEntity user) {
        return userMapper.toApi(user, users.sessionCounts(List.of(user)).getOrDefault(user.id, 0L));
    }
}
