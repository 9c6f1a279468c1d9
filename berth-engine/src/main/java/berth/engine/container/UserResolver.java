package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves Docker's {@code -u user[:group]} and {@code --group-add} against the container's /etc/passwd and /etc/group,
 * as moby's getUser does: the supplementary groups are the primary gid, then the groups that list the user (only when
 * no group was given explicitly), then the added groups. The files are read only when they are regular files inside
 * the rootfs (not symlinks, which could point at the host's).
 */
final class UserResolver {
    record Ids(int uid, int gid, List<Integer> additionalGids) {}

    private UserResolver() {}

    static Ids resolve(String spec, Path rootfs) {
        return resolve(spec, List.of(), rootfs);
    }

    static Ids resolve(String spec, List<String> groupAdd, Path rootfs) {
        String user = spec == null ? "" : spec;
        String group = null;
        int colon = user.indexOf(':');
        if (colon >= 0) {
            group = user.substring(colon + 1);
            user = user.substring(0, colon);
        }
        List<String[]> passwd = read(rootfs.resolve("etc/passwd"));
        int uid = 0;
        int gid = 0;
        String userName = "root";
        if (!user.isEmpty()) {
            String[] entry = find(passwd, user);
            if (entry != null && entry.length > 3 && entry[3].matches("\\d+")) {
                uid = Integer.parseInt(entry[2]);
                gid = Integer.parseInt(entry[3]);
                userName = entry[0];
            } else if (user.matches("-?\\d+")) {
                uid = numericId(user);
                userName = null;
            } else {
                throw new InvalidArgumentException("unable to find user " + user + ": no matching entries in passwd file");
            }
        }
        List<String[]> groups = read(rootfs.resolve("etc/group"));
        if (group != null && !group.isEmpty()) {
            String[] entry = find(groups, group);
            if (entry != null) gid = Integer.parseInt(entry[2]);
            else if (group.matches("-?\\d+")) gid = numericId(group);
            else throw new InvalidArgumentException("unable to find group " + group + ": no matching entries in group file");
        }
        List<Integer> extra = new ArrayList<>();
        extra.add(gid);
        if (userName != null && (group == null || group.isEmpty())) {
            for (String[] g : groups) {
                if (g.length > 3 && List.of(g[3].split(",")).contains(userName)) extra.add(Integer.parseInt(g[2]));
            }
        }
        for (String added : groupAdd == null ? List.<String>of() : groupAdd) {
            int id = added(groups, added);
            if (!extra.subList(1, extra.size()).contains(id)) extra.add(id);
        }
        return new Ids(uid, gid, extra);
    }

    /** A --group-add entry: a group name or gid from /etc/group, else a number (moby GetAdditionalGroups). */
    private static int added(List<String[]> groups, String nameOrId) {
        for (String[] g : groups) {
            if (g[0].equals(nameOrId) || g[2].equals(nameOrId)) return Integer.parseInt(g[2]);
        }
        if (nameOrId.matches("-?\\d+")) return numericId(nameOrId);
        throw new InvalidArgumentException("Unable to find group " + nameOrId + ": no matching entries in group file");
    }

    /** A uid or gid given as a number; Docker's range and message (moby/sys/user): negative ones are out of it too. */
    private static int numericId(String digits) {
        if (digits.startsWith("-") || digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
            throw new InvalidArgumentException("uids and gids must be in range 0-" + Integer.MAX_VALUE);
        }
        return Integer.parseInt(digits);
    }

    private static String[] find(List<String[]> entries, String nameOrId) {
        for (String[] e : entries) if (e[0].equals(nameOrId)) return e;
        for (String[] e : entries) if (e.length > 2 && e[2].equals(nameOrId)) return e;
        return null;
    }

    private static List<String[]> read(Path file) {
        List<String[]> out = new ArrayList<>();
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return out;
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[2].matches("\\d+")) out.add(f);
            }
        } catch (IOException e) {
            // no readable file: names cannot be resolved, numeric ids still work
        }
        return out;
    }
}
