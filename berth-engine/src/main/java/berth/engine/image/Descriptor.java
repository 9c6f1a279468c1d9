package berth.engine.image;

import berth.engine.content.Digest;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An OCI content descriptor: what a manifest or index says about a blob. {@code size} is a limit, not a hint: a blob
 * that is longer is refused. {@code platform} is set on index entries only; {@code urls} on foreign layers only.
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations,
                         List<String> urls) {

    public Descriptor {
        if (digest == null) throw new IllegalArgumentException("descriptor without digest");
        if (size < 0) throw new IllegalArgumentException("descriptor of " + digest + " has no valid size");
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    @JsonCreator
    static Descriptor fromJson(@JsonProperty("mediaType") String mediaType, @JsonProperty("digest") String digest,
                               @JsonProperty("size") Long size, @JsonProperty("platform") Platform platform,
                               @JsonProperty("annotations") Map<String, String> annotations,
                               @JsonProperty("urls") List<String> urls) {
        if (digest == null) throw new IllegalArgumentException("descriptor without digest");
        return new Descriptor(mediaType, Digest.parse(digest), size == null ? -1 : size, platform, annotations, urls);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null);
    }

    /** The 12-digit id Docker's progress messages carry for this blob. */
    public String shortId() {
        return digest.shortHex();
    }

    /** The platform of an index entry, as OCI's image-index spec names it. */
    public record Platform(@JsonProperty("os") String os, @JsonProperty("architecture") String architecture,
                           @JsonProperty("variant") String variant) {}
}
