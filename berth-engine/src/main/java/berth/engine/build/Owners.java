package berth.engine.build;

import berth.api.errors.InvalidArgumentException;
import berth.engine.layer.RootPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --chown=user[:group]}: names are looked up in the image's own /etc/passwd and /etc/group (never the
 * host's); a user without a group gets the group with the user's numeric ID, as Docker's classic builder does.
 */
final class Owners {
    private Owners() {}

    /** {uid, gid}; {@code root} is the image's filesystem (null for scratch: only numeric IDs then). */
    static int[] resolve(String chown, Path root) throws IOException {
        String[] parts = chown.split(":", 2);
        int uid = id(parts[0], root, "etc/passwd", "user");
        int gid = parts.length == 2 ? id(parts[1], root, "etc/group", "group") : uid;
        return new int[] {uid, gid};
    }

    private static int id(String name, Path root, String file, String what) throws IOException {
        if (name.matches("\\d+")) return Integer.parseInt(name);
        if (root != null) {
            Path db = RootPath.join(root, RootPath.follow(root, RootPath.clean(file)));
            if (Files.isRegularFile(db)) {
                List<String> lines = Files.readAllLines(db);
                for (String line : lines) {
                    String[] f = line.split(":");
                    if (f.length >= 3 && f[0].equals(name) && f[2].matches("\\d+")) return Integer.parseInt(f[2]);
                }
            }
        }
        throw new InvalidArgumentException("unable to convert uid/gid chown string to host mapping: can't find "
                + "uid for " + what + " " + name + ": no such " + what + ": " + name);
    }
}
