package berth.api.model;

/** An item of {@code DELETE /images/{name}}: exactly one of the two is set. */
public record ImageDeleteItem(String untagged, String deleted) {
    public static ImageDeleteItem untagged(String ref) {
        return new ImageDeleteItem(ref, null);
    }

    public static ImageDeleteItem deleted(String id) {
        return new ImageDeleteItem(null, id);
    }
}
