package berth.engine.build.dockerfile;

/**
 * A here-document of RUN, COPY or ADD ({@code <<EOF} ... {@code EOF}).
 *
 * @param name the delimiter word without quotes; for COPY/ADD it is also the name of the file the content becomes
 * @param content the lines between the instruction and the delimiter, each with its newline; with {@code <<-} the
 *     leading tabs of every line are already removed
 * @param expand false when the delimiter was quoted ({@code <<"EOF"}, {@code <<'EOF'}): the content is taken
 *     literally; true when the content is subject to variable expansion
 * @param chomp true for {@code <<-}
 * @param fileDescriptor the descriptor written before {@code <<} ({@code 3<<EOF}), 0 when none was written
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp, int fileDescriptor) {}
