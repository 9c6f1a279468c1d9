package berth.engine.archive;

import berth.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/**
 * Names inside an archive, as keys: nothing of an archive is ever written under its own name, so a name only has to
 * be read consistently. {@code ./a//b/} is {@code a/b}; a leading {@code /} is dropped (as tar does); a name whose
 * {@code ..} climbs above the archive's root is refused, so that no entry, link or manifest can reach outside it.
 */
final class ArchivePath {
    private ArchivePath() {}

    static String clean(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (parts.isEmpty()) throw new InvalidArgumentException("invalid archive: the name " + quote(name)
                        + " points outside the archive");
                parts.removeLast();
            } else {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    /** The name a symbolic link at {@code link} pointing to {@code target} leads to, inside the archive. */
    static String linkTarget(String link, String target) {
        if (target.startsWith("/")) return clean(target);
        int slash = link.lastIndexOf('/');
        return clean((slash < 0 ? "" : link.substring(0, slash + 1)) + target);
    }

    static String quote(String name) {
        return "\"" + (name.length() > 200 ? name.substring(0, 200) + "…" : name) + "\"";
    }
}
