package berth.daemon.http;

import berth.api.errors.ConflictException;
import berth.api.errors.EngineException;
import berth.api.errors.ForbiddenException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.errors.NotImplementedException;
import berth.api.errors.NotModifiedException;
import berth.api.errors.PayloadTooLargeException;
import berth.api.errors.UnauthorizedException;
import berth.api.errors.UnavailableException;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The one place where error kinds become HTTP statuses. No default: a new kind does not compile until mapped. */
public final class ErrorStatus {
    private ErrorStatus() {}

    public static HttpResponseStatus of(EngineException e) {
        return switch (e) {
            case NotFoundException _ -> HttpResponseStatus.NOT_FOUND;
            case InvalidArgumentException _ -> HttpResponseStatus.BAD_REQUEST;
            case ConflictException _ -> HttpResponseStatus.CONFLICT;
            case UnauthorizedException _ -> HttpResponseStatus.UNAUTHORIZED;
            case ForbiddenException _ -> HttpResponseStatus.FORBIDDEN;
            case NotModifiedException _ -> HttpResponseStatus.NOT_MODIFIED;
            case UnavailableException _ -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case NotImplementedException _ -> HttpResponseStatus.NOT_IMPLEMENTED;
            case PayloadTooLargeException _ -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case InternalException _ -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
