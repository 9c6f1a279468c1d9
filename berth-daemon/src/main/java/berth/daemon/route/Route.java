package berth.daemon.route;

import berth.api.ApiVersion;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a route table: method, path template, handler, and the API version that introduced it.
 * In a template {@code {id}} matches one path segment and {@code {name*}} one or more segments, for image names
 * like {@code 127.0.0.1:5000/x/y:1} that the docker CLI sends unescaped.
 */
public record Route(String method, String template, Pattern pattern, Handler handler, ApiVersion since,
                    QueryParams query) {

    @FunctionalInterface
    public interface Handler {
        void handle(Request request, Response response) throws Exception;
    }

    public static Route get(String template, Handler handler) {
        return of("GET", template, handler);
    }

    public static Route head(String template, Handler handler) {
        return of("HEAD", template, handler);
    }

    public static Route post(String template, Handler handler) {
        return of("POST", template, handler);
    }

    public static Route put(String template, Handler handler) {
        return of("PUT", template, handler);
    }

    public static Route delete(String template, Handler handler) {
        return of("DELETE", template, handler);
    }

    private static Route of(String method, String template, Handler handler) {
        return new Route(method, template, compile(template), handler, null, QueryParams.NONE);
    }

    public Route since(String version) {
        return new Route(method, template, pattern, handler, ApiVersion.parse(version), query);
    }

    /** Declares query parameters this route applies (see {@link QueryParams}). */
    public Route query(String... applied) {
        return new Route(method, template, pattern, handler, since, query.applying(applied));
    }

    /**
     * Declares a parameter of Docker's API for this route that Berth does not implement: refused with 400 unless
     * absent, empty or {@code defaultValue} (null when Docker gives it no default).
     */
    public Route refuses(String name, String defaultValue) {
        return new Route(method, template, pattern, handler, since, query.refusing(name, defaultValue));
    }

    Matcher match(String path) {
        return pattern.matcher(path);
    }

    static Pattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("\\{(\\w+)(\\*?)}").matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append("(?<").append(m.group(1)).append('>').append(m.group(2).isEmpty() ? "[^/]+" : ".+").append(')');
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
