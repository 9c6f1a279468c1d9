package berth.cli.registry;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The docker CLI's config.json ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}), read and
 * written so that the docker CLI and Berth share logins: {@code auths} entries (base64 "user:password", or an
 * identity token), {@code credHelpers} per registry and {@code credsStore} for all, whose helpers keep the secrets
 * instead of the file. Keys the CLI does not know are kept as they are.
 */
public final class DockerConfig {
    /** The key Docker Hub's login is stored under (the docker CLI's, kept for compatibility). */
    public static final String DOCKER_HUB = "https://index.docker.io/v1/";

    private final Path file;
    private final ObjectNode root;

    private DockerConfig(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** The file named by the environment, as the docker CLI finds it. */
    public static DockerConfig load() throws IOException {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return load(base.resolve("config.json"));
    }

    static DockerConfig load(Path file) throws IOException {
        try {
            String text = Files.readString(file);
            JsonNode json = text.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(text);
            if (!(json instanceof ObjectNode o)) throw new IOException(file + " is not a JSON object");
            return new DockerConfig(file, o);
        } catch (NoSuchFileException e) {
            return new DockerConfig(file, Json.mapper().createObjectNode());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("loading config file " + file + ": " + e.getOriginalMessage());
        }
    }

    public Path file() {
        return file;
    }

    /** The key a registry's login is stored under: Docker Hub's URL for docker.io, else "host[:port]". */
    public static String serverKey(String domain) {
        return domain.equals("docker.io") ? DOCKER_HUB : domain;
    }

    /** "host[:port]" of a stored key, which may be a URL ("https://host/v1/"). */
    static String hostOf(String key) {
        String s = key.strip();
        int scheme = s.indexOf("://");
        if (scheme >= 0) s = s.substring(scheme + 3);
        int slash = s.indexOf('/');
        if (slash >= 0) s = s.substring(0, slash);
        s = s.toLowerCase(Locale.ROOT);
        return s.equals("index.docker.io") || s.equals("registry-1.docker.io") ? "docker.io" : s;
    }

    /** The helper that keeps {@code key}'s secrets, if any: its credHelpers entry, else credsStore. */
    Optional<CredentialHelper> helperFor(String key) {
        JsonNode helpers = root.path("credHelpers");
        for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (hostOf(e.getKey()).equals(hostOf(key)) && !e.getValue().asText("").isEmpty()) {
                return Optional.of(new CredentialHelper(e.getValue().asText()));
            }
        }
        String store = root.path("credsStore").asText("");
        return store.isEmpty() ? Optional.empty() : Optional.of(new CredentialHelper(store));
    }

    /** The login stored for the registry {@code domain} ("docker.io" or "host[:port]"). */
    public Optional<StoredLogin> lookup(String domain) throws IOException {
        String key = serverKey(domain);
        Optional<CredentialHelper> helper = helperFor(key);
        if (helper.isPresent()) return helper.get().get(key);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("auths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (hostOf(e.getKey()).equals(hostOf(key))) return decode(e.getValue());
        }
        return Optional.empty();
    }

    private static Optional<StoredLogin> decode(JsonNode entry) throws IOException {
        String token = entry.path("identitytoken").asText("");
        String auth = entry.path("auth").asText("");
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        if (!auth.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IOException("invalid auth entry in config.json: not base64");
            }
            int colon = pair.indexOf(':');
            if (colon < 0) throw new IOException("invalid auth entry in config.json: not user:password");
            user = pair.substring(0, colon);
            password = pair.substring(colon + 1);
        }
        if (user.isEmpty() && password.isEmpty() && token.isEmpty()) return Optional.empty();
        return Optional.of(new StoredLogin(user, token.isEmpty() ? password : "", token));
    }

    /**
     * Stores a login for {@code key}: through its helper when one is configured (the file then keeps an empty entry,
     * as the docker CLI's does), else in {@code auths}. Returns whether the secret went into the file.
     */
    public boolean store(String key, StoredLogin login) throws IOException {
        Optional<CredentialHelper> helper = helperFor(key);
        ObjectNode auths = root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
        removeEntries(auths, key);
        if (helper.isPresent()) {
            helper.get().store(key, login);
            auths.putObject(key);
            save();
            return false;
        }
        ObjectNode entry = auths.putObject(key);
        String pair = login.username() + ":" + (login.identityToken().isEmpty() ? login.password() : "");
        entry.put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        if (!login.identityToken().isEmpty()) entry.put("identitytoken", login.identityToken());
        save();
        return true;
    }

    /** Removes {@code key}'s login from its helper and the file; returns whether there was one. */
    public boolean erase(String key) throws IOException {
        boolean had = false;
        Optional<CredentialHelper> helper = helperFor(key);
        if (helper.isPresent()) had = helper.get().erase(key);
        JsonNode auths = root.path("auths");
        if (auths instanceof ObjectNode o) had |= removeEntries(o, key);
        save();
        return had;
    }

    private static boolean removeEntries(ObjectNode auths, String key) {
        boolean removed = false;
        for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
            if (hostOf(it.next()).equals(hostOf(key))) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }

    /** Written whole to a temporary file and renamed, readable by its owner only (it may hold passwords). */
    private void save() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(dir, "config.json", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
