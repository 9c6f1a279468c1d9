package berth.cli.container;

import berth.cli.CliError;
import java.io.ByteArrayOutputStream;

/**
 * The key sequence that detaches the CLI from a container's stdin and leaves the container running, as docker spells
 * it: comma-separated keys, each a single character or ctrl-X (X a letter or one of @ [ \ ] ^ _).
 */
final class DetachKeys {
    static final String DEFAULT = "ctrl-p,ctrl-q";

    private DetachKeys() {}

    /**
     * The keys of a --detach-keys value (null: the default). Read only once the daemon accepted the attach: a spec it
     * refuses is reported with the daemon's message, as the docker CLI does.
     */
    static byte[] of(String spec) {
        return parse(spec == null ? DEFAULT : spec);
    }

    static byte[] parse(String spec) {
        ByteArrayOutputStream keys = new ByteArrayOutputStream();
        for (String key : spec.split(",")) {
            if (key.length() > 1 && key.startsWith("ctrl-") && key.length() == 6) {
                char c = Character.toLowerCase(key.charAt(5));
                if (c >= 'a' && c <= 'z') {
                    keys.write(c - 'a' + 1);
                } else if ("@[\\]^_".indexOf(c) >= 0) {
                    keys.write(c == '@' ? 0 : "[\\]^_".indexOf(c) + 27);
                } else {
                    throw new CliError("Unknown character: '" + key + "'");
                }
            } else if (key.length() == 1) {
                keys.write(key.charAt(0));
            } else {
                throw new CliError("Unknown character: '" + key + "'");
            }
        }
        return keys.toByteArray();
    }
}
