package berth.engine.build.dockerfile;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Variable substitution as Docker does it in instruction arguments: {@code $V}, {@code ${V}}, {@code ${V:-word}},
 * {@code ${V-word}}, {@code ${V:+word}}, {@code ${V+word}}, {@code ${V?msg}}, {@code ${V:?msg}}, {@code ${V#pat}},
 * {@code ${V##pat}}, {@code ${V%pat}}, {@code ${V%%pat}}, {@code ${V/pat/repl}}, {@code ${V//pat/repl}}; single and
 * double quotes are removed (nothing is substituted inside single quotes) and the escape character escapes the next
 * character. The executor calls it at each step with the ARG and ENV values in force then.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Substitution {
    private final char escape;

    public Substitution(char escape) {
        if (escape != '\\' && escape != '`') throw new IllegalArgumentException("escape must be \\ or `");
        this.escape = escape;
    }

    /** With Docker's default escape character, {@code \}. */
    public static Substitution standard() {
        return new Substitution('\\');
    }

    public char escape() {
        return escape;
    }

    /**
     * The outcome of one substitution.
     *
     * @param value the word with variables replaced and quotes removed (inner spaces kept)
     * @param words the same split into words at unquoted blanks (for EXPOSE, which Docker splits after substitution)
     * @param used the names whose value was read (set, possibly empty): what a cache key depends on
     * @param unset the names referenced but not set
     */
    public record Result(String value, List<String> words, Set<String> used, Set<String> unset) {
        public Result {
            words = List.copyOf(words);
            used = Set.copyOf(used);
            unset = Set.copyOf(unset);
        }
    }

    /** Expands one word; {@code env} maps names to values (an absent key is unset, an empty value is set). */
    public String expand(String word, Map<String, String> env) {
        return process(word, env).value();
    }

    /** Expands one word and reports which variables it read. */
    public Result process(String word, Map<String, String> env) {
        return new ShellLexer(escape, env, false, false, false).run(word);
    }

    /** Expands {@code text} and splits the result into words, as Docker does for EXPOSE. */
    public List<String> words(String text, Map<String, String> env) {
        return process(text, env).words();
    }

    /**
     * Expands the content of a here-document whose delimiter was not quoted ({@link Heredoc#expand()}): variables and
     * backslash escapes are processed, quotes are kept as text. Docker uses {@code \} here whatever the escape
     * directive says.
     */
    public static Result heredoc(String content, Map<String, String> env) {
        return new ShellLexer('\\', env, false, false, false, true).run(content);
    }

    /** The message Docker gives for a failed substitution, as an {@link InvalidArgumentException}. */
    static InvalidArgumentException failure(String source, String detail) {
        return new InvalidArgumentException("failed to process \"" + source + "\": " + detail);
    }
}
