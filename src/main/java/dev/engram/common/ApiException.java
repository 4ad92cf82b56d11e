package dev.engram.common;

/**
 * A client-visible failure: the status and the message that the error mapper turns into
 * {@code {"message": ...}}. Services throw it; resources never build error responses themselves.
 */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad request: " + message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not found: " + what);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
