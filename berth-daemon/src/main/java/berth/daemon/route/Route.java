package berth.daemon.route;

import berth.api.ApiVersion;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a route table: method, path template, handler, and the API version that introduced it.
 * In a template {@code {id}} matches one path segment and {@code {name*}} one or more segments, for image names
 * like {@code 127.0.0.1:5000/x/y:1} that the docker CLI sends unescaped.
 */
public record Route(String method, String template, Pattern pattern, Handler handler, ApiVersion since) {

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

    public static Route delete(String template, Handler handler) {
        return of("DELETE", template, handler);
    }

    private static Route of(String method, String template, Handler handler) {
        return new Route(method, template, compile(template), handler, null);
    }

    public Route since(String version) {
        return new Route(method, template, pattern, handler, ApiVersion.parse(version));
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
