package berth.cli.image;

/**
 * A reference as the CLI sends it to the API: the repository, and the tag or digest after it (null when neither is
 * given). A ':' counts as a tag separator only after the last '/', so that "host:5000/app" is a repository.
 */
public record ImageRef(String repository, String tag) {

    public static ImageRef split(String reference) {
        int at = reference.indexOf('@');
        if (at >= 0) return new ImageRef(reference.substring(0, at), reference.substring(at + 1));
        int colon = reference.lastIndexOf(':');
        if (colon > reference.lastIndexOf('/')) {
            return new ImageRef(reference.substring(0, colon), reference.substring(colon + 1));
        }
        return new ImageRef(reference, null);
    }

    public boolean hasTagOrDigest() {
        return tag != null;
    }
}
