package berth.engine.build.dockerfile;

import berth.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} matcher with the semantics of moby's patternmatcher, which the docker CLI and the daemon use:
 * lines starting with {@code #} are comments, patterns are cleaned paths relative to the context root (a leading
 * {@code /} is dropped), {@code *} and {@code ?} stay within one path element, {@code **} spans any number of them,
 * {@code [...]} classes and {@code \} escapes work as in Go's filepath.Match, {@code !} re-includes, and the last
 * matching pattern wins. A path is excluded when it or any of its parent directories matches.
 *
 * <p>Immutable and thread-safe.
 */
public final class DockerIgnore {
    /** Nothing excluded. */
    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<Rule> rules;
    private final boolean exclusions;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.exclusions = rules.stream().anyMatch(Rule::exception);
    }

    /** Parses the text of a {@code .dockerignore} file. */
    public static DockerIgnore parse(String text) {
        List<String> patterns = new ArrayList<>();
        boolean first = true;
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (first && line.startsWith("\uFEFF")) line = line.substring(1);
            first = false;
            if (line.startsWith("#")) continue;
            String pattern = ArgSyntax.trim(line);
            if (pattern.isEmpty()) continue;
            boolean invert = pattern.charAt(0) == '!';
            if (invert) pattern = ArgSyntax.trim(pattern.substring(1));
            if (!pattern.isEmpty()) {
                pattern = RunMounts.cleanPath(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') pattern = pattern.substring(1);
            }
            patterns.add(invert ? "!" + pattern : pattern);
        }
        return of(patterns);
    }

    /** A matcher for patterns as a {@code .dockerignore} file's lines would give them (or the API's excludes). */
    public static DockerIgnore of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String p : patterns) {
            String pattern = ArgSyntax.trim(p);
            if (pattern.isEmpty()) continue;
            pattern = RunMounts.cleanPath(pattern);
            boolean exception = false;
            if (pattern.charAt(0) == '!') {
                if (pattern.length() == 1) throw new InvalidArgumentException("illegal exclusion pattern: \"!\"");
                exception = true;
                pattern = pattern.substring(1);
            }
            if (!GlobSyntax.valid(pattern)) {
                throw new InvalidArgumentException("syntax error in pattern: " + (exception ? "!" : "") + pattern);
            }
            rules.add(Rule.compile(pattern, exception));
        }
        return new DockerIgnore(rules);
    }

    /**
     * These patterns with {@code .dockerignore} and the Dockerfile (a path relative to the context) re-included when
     * they are excluded, as the docker CLI does before it sends a context: the daemon needs them and drops them from
     * what COPY sees itself. {@code dockerfile} null when the Dockerfile does not come from the context.
     */
    public DockerIgnore keepingBuildFiles(String dockerfile) {
        List<String> patterns = new ArrayList<>(patterns());
        if (excluded(".dockerignore")) patterns.add("!.dockerignore");
        if (dockerfile != null) {
            String path = RunMounts.cleanPath(dockerfile.replace('\\', '/'));
            if (!path.equals(".") && excluded(path)) patterns.add("!" + path);
        }
        return patterns.size() == rules.size() ? this : of(patterns);
    }

    /** The patterns, cleaned, exceptions with their {@code !}. */
    public List<String> patterns() {
        return rules.stream().map(r -> (r.exception() ? "!" : "") + r.pattern()).toList();
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Whether {@code relativePath} (slash-separated, relative to the context root; cleaned here) is left out of the
     * context: the last pattern matching it or one of its parent directories decides. The root itself never is.
     */
    public boolean excluded(String relativePath) {
        String file = RunMounts.cleanPath(relativePath);
        if (file.startsWith("/")) file = file.length() == 1 ? "." : file.substring(1);
        if (file.equals(".")) return false;
        int slash = file.lastIndexOf('/');
        String parent = slash < 0 ? "." : file.substring(0, slash);
        String[] parentDirs = parent.split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exception() != matched) continue;
            boolean match = rule.matches(file);
            if (!match && !parent.equals(".")) {
                StringBuilder prefix = new StringBuilder();
                for (String dir : parentDirs) {
                    if (!prefix.isEmpty()) prefix.append('/');
                    prefix.append(dir);
                    if (rule.matches(prefix.toString())) {
                        match = true;
                        break;
                    }
                }
            }
            if (match) matched = !rule.exception();
        }
        return matched;
    }

    /**
     * Whether a walk of the context may skip the directory {@code relativeDir} and everything below it: it is
     * excluded, and no {@code !} pattern names a path under it (moby's test: the exception pattern, as text, starts
     * with the directory's path; an exception such as {@code !**}{@code /keep} does not bring files back from an
     * excluded directory, in Docker either).
     */
    public boolean canSkipDirectory(String relativeDir) {
        if (!excluded(relativeDir)) return false;
        if (!exclusions) return true;
        String dir = RunMounts.cleanPath(relativeDir);
        if (dir.startsWith("/") && dir.length() > 1) dir = dir.substring(1);
        String dirSlash = dir + "/";
        for (Rule rule : rules) {
            if (rule.exception() && (rule.pattern() + "/").startsWith(dirSlash)) return false;
        }
        return true;
    }

    /** One pattern, compiled once into the cheapest matcher that fits it (moby's exact, prefix, suffix, regex). */
    private record Rule(String pattern, boolean exception, Kind kind, Pattern regex) {
        enum Kind {
            EXACT, PREFIX, SUFFIX, REGEX
        }

        static Rule compile(String pattern, boolean exception) {
            StringBuilder re = new StringBuilder("^");
            Kind kind = Kind.EXACT;
            int[] cps = pattern.codePoints().toArray();
            int i = 0;
            for (int step = 0; i < cps.length; step++) {
                int ch = cps[i++];
                if (ch == '*') {
                    if (i < cps.length && cps[i] == '*') {
                        i++;
                        if (i < cps.length && cps[i] == '/') i++;
                        if (i >= cps.length) {
                            if (kind == Kind.EXACT) {
                                kind = Kind.PREFIX;
                            } else {
                                re.append(".*");
                                kind = Kind.REGEX;
                            }
                        } else {
                            re.append("(.*/)?");
                            kind = Kind.REGEX;
                        }
                        if (step == 0) kind = Kind.SUFFIX;
                    } else {
                        re.append("[^/]*");
                        kind = Kind.REGEX;
                    }
                } else if (ch == '?') {
                    re.append("[^/]");
                    kind = Kind.REGEX;
                } else if (".+()|{}$".indexOf(ch) >= 0) {
                    re.append('\\').appendCodePoint(ch);
                } else if (ch == '\\') {
                    if (i < cps.length) {
                        re.append('\\').appendCodePoint(cps[i++]);
                        kind = Kind.REGEX;
                    } else {
                        re.append("\\\\");
                    }
                } else if (ch == '[' || ch == ']') {
                    re.appendCodePoint(ch);
                    kind = Kind.REGEX;
                } else {
                    re.appendCodePoint(ch);
                }
            }
            Pattern regex = null;
            if (kind == Kind.REGEX) {
                re.append('$');
                try {
                    regex = Pattern.compile(re.toString());
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new InvalidArgumentException("syntax error in pattern: " + pattern);
                }
            }
            return new Rule(pattern, exception, kind, regex);
        }

        boolean matches(String path) {
            return switch (kind) {
                case EXACT -> path.equals(pattern);
                case PREFIX -> path.startsWith(pattern.substring(0, pattern.length() - 2));
                case SUFFIX -> {
                    String suffix = pattern.substring(2);
                    yield path.endsWith(suffix) || (!suffix.isEmpty() && suffix.charAt(0) == '/'
                            && path.equals(suffix.substring(1)));
                }
                case REGEX -> regex.matcher(path).matches();
            };
        }
    }
}
