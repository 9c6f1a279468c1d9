package berth.engine.image;

import berth.api.errors.InvalidArgumentException;
import berth.engine.content.Digest;
import java.util.regex.Pattern;

/**
 * An image reference, normalised as Docker does (distribution/reference): {@code busybox} is
 * {@code docker.io/library/busybox}, with tag {@code latest} once {@link #withDefaultTag()} is applied.
 * An invalid one cannot be constructed.
 */
public record Reference(String domain, String path, String tag, Digest digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");
    private static final String LEGACY_DOMAIN = "index.docker.io";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    public Reference {
        if (!DOMAIN.matcher(domain).matches()) throw invalid();
        for (String c : path.split("/", -1)) if (!COMPONENT.matcher(c).matches()) throw invalid();
        if (tag != null && !TAG.matcher(tag).matches()) throw invalid();
        if (domain.length() + 1 + path.length() > 255) {
            throw new InvalidArgumentException("repository name must not be more than 255 characters");
        }
    }

    public static Reference parse(String text) {
        if (text == null || text.isEmpty()) throw invalid();
        if (IDENTIFIER.matcher(text).matches()) {
            throw new InvalidArgumentException("invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw invalid();
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (tag.isEmpty()) throw invalid();
        }
        String domain = DEFAULT_DOMAIN;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            // Docker's splitDockerDomain: a first component with '.', ':', "localhost" or upper case is a host.
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
                domain = first;
                path = rest.substring(slash + 1);
            }
        }
        if (domain.equals(LEGACY_DOMAIN)) domain = DEFAULT_DOMAIN;
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) path = "library/" + path;
        // Docker checks case after adding "library/", so its message names "library/Busybox".
        if (!path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidArgumentException("invalid reference format: repository name (" + path + ") must be lowercase");
        }
        return new Reference(domain, path, tag, digest);
    }

    /** {@code fromImage} and {@code tag} of POST /images/create: the tag may also be a digest. */
    public static Reference parseWithTag(String image, String tag) {
        Reference ref = parse(image);
        if (tag == null || tag.isEmpty()) return ref;
        if (tag.startsWith("sha256:")) {
            try {
                return ref.withDigest(Digest.parse(tag));
            } catch (IllegalArgumentException e) {
                throw invalid();
            }
        }
        return ref.withTag(tag);
    }

    private static InvalidArgumentException invalid() {
        return new InvalidArgumentException("invalid reference format");
    }

    public Reference withTag(String newTag) {
        return new Reference(domain, path, newTag, digest);
    }

    public Reference withDigest(Digest newDigest) {
        return new Reference(domain, path, tag, newDigest);
    }

    /** Adds "latest" when there is neither tag nor digest. */
    public Reference withDefaultTag() {
        return tag == null && digest == null ? withTag("latest") : this;
    }

    public String repository() {
        return domain + "/" + path;
    }

    public String familiarRepository() {
        if (!domain.equals(DEFAULT_DOMAIN)) return repository();
        return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }

    public String tagOrDigest() {
        return digest != null ? digest.toString() : tag;
    }

    public String familiarString() {
        return familiarRepository() + suffix();
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public String toString() {
        return repository() + suffix();
    }
}
