package berth.daemon.route;

import berth.engine.registry.Credential;
import berth.engine.registry.DistributionService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /auth}: checks a registry login for the client, which stores it (berthd keeps no credentials). */
public final class AuthRoutes {
    /** A login body is a few hundred bytes; an identity token a few kilobytes. */
    private static final int MAX_BODY = 64 * 1024;
    private final DistributionService distribution;

    public AuthRoutes(DistributionService distribution) {
        this.distribution = distribution;
    }

    public List<Route> routes() {
        return List.of(Route.post("/auth", this::auth));
    }

    void auth(Request request, Response response) throws IOException {
        Credential.Login login = Credential.fromAuthBody(request.body().readNBytes(MAX_BODY));
        DistributionService.LoginResult result = distribution.login(login.credential(), login.serverAddress());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", result.status());
        // moby omits an empty IdentityToken
        if (!result.identityToken().isEmpty()) body.put("IdentityToken", result.identityToken());
        response.json(200, body);
    }
}
