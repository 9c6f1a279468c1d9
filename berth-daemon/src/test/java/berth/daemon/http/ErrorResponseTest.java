package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import berth.daemon.log.Log;
import berth.daemon.route.Route;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorResponseTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void captureLog() {
        Log.setOutput(new PrintStream(log, true));
    }

    @AfterEach
    void restoreLog() {
        Log.setOutput(System.err);
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(NotFoundException.container("web"), 404),
                Arguments.of(new InvalidArgumentException("bad"), 400),
                Arguments.of(new ConflictException("busy"), 409),
                Arguments.of(new UnauthorizedException("who"), 401),
                Arguments.of(new ForbiddenException("no"), 403),
                Arguments.of(new UnavailableException("later"), 503),
                Arguments.of(new NotImplementedException("never"), 501),
                Arguments.of(new PayloadTooLargeException("too big"), 413));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void eachErrorKindHasItsStatusAndAMessageBody(EngineException error, int status) {
        try (ApiChannel api = new TestApi().channel(Route.get("/fail", (q, r) -> { throw error; }))) {
            RawResponse r = api.exchange(TestApi.get("/fail"));
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.body()).isEqualTo("{\"message\":\"" + error.getMessage() + "\"}\n");
        }
    }

    @Test
    void notModifiedHasNoBody() {
        try (ApiChannel api = new TestApi().channel(Route.get("/fail", (q, r) -> {
            throw new NotModifiedException("already started");
        }))) {
            RawResponse r = api.exchange(TestApi.get("/fail"));
            assertThat(r.status()).isEqualTo(304);
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void unknownRouteIsPageNotFound() {
        try (ApiChannel api = new TestApi().channel()) {
            RawResponse r = api.exchange(TestApi.get("/v1.50/nowhere"));
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"message\":\"page not found\"}\n");
        }
    }

    @Test
    void unexpectedExceptionIs500WithAGenericMessageAndAnIdTheLogCarriesWithTheStack() {
        try (ApiChannel api = new TestApi().channel(Route.get("/fail", (q, r) -> {
            throw new IllegalStateException("SQLITE_CONSTRAINT at /var/lib/berth/berth.db");
        }))) {
            RawResponse r = api.exchange(TestApi.get("/fail"));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body()).doesNotContain("SQLITE").doesNotContain("/var/lib/berth").contains("internal error");
            String id = r.body().replaceAll("(?s).*error id ([0-9a-f]+).*", "$1");
            assertThat(log.toString()).contains("level=error").contains("error-id=" + id)
                    .contains("IllegalStateException: SQLITE_CONSTRAINT at /var/lib/berth/berth.db");
        }
    }

    @Test
    void internalExceptionDetailStaysInTheLog() {
        try (ApiChannel api = new TestApi().channel(Route.get("/fail", (q, r) -> {
            throw new InternalException("UPDATE containers SET state=? failed", new java.sql.SQLException("locked"));
        }))) {
            RawResponse r = api.exchange(TestApi.get("/fail"));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body()).doesNotContain("UPDATE").doesNotContain("locked");
            assertThat(log.toString()).contains("UPDATE containers SET state=? failed").contains("SQLException: locked");
        }
    }

    @Test
    void unknownContainerOnStartIsNoSuchContainer() {
        try (ApiChannel api = new TestApi().channel()) {
            RawResponse r = api.exchange(TestApi.post("/v1.50/containers/nonexistent/start"));
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"message\":\"No such container: nonexistent\"}\n");
        }
    }
}
