package berth.engine.archive;

import berth.api.errors.InvalidArgumentException;
import berth.api.errors.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Fetches the tarball of {@code docker import URL}, as dockerd does: a plain GET over http or https, redirects
 * followed. Waits are bounded (connect, and the response headers), so a host that cannot be reached, as any outside
 * host on a machine without internet, fails with an error that says so instead of hanging the client.
 */
final class UrlSource {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    // made on the first import from a URL: an HttpClient loads the trust store and keeps a selector thread, which
    // cost every berthd start ~0.1 s of CPU and an idle thread for a verb few people use (issue 11)
    private HttpClient client;

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client;
    }

    InputStream open(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid URL to import from: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new InvalidArgumentException("invalid URL to import from: " + url + " (only http and https URLs)");
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(url, "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s");
        } catch (HttpTimeoutException e) {
            throw unreachable(url, "no response within " + RESPONSE_TIMEOUT.toSeconds() + "s");
        } catch (ConnectException e) {
            throw unreachable(url, rootCause(e) instanceof UnknownHostException
                    ? "lookup " + uri.getHost() + ": no such host" : "connection refused");
        } catch (IOException e) {
            throw unreachable(url, rootCause(e) instanceof UnknownHostException
                    ? "lookup " + uri.getHost() + ": no such host" : String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("import interrupted");
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new InvalidArgumentException("Get \"" + url + "\": the server answered " + response.statusCode());
        }
        return response.body();
    }

    private static UnavailableException unreachable(String url, String why) {
        return new UnavailableException("Get \"" + url + "\": " + why + " (importing from a URL needs that host to be reachable from berthd)");
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }
}
