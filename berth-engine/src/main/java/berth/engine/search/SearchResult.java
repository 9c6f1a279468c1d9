package berth.engine.search;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One hit, in the shape of {@code GET /images/search}. */
public record SearchResult(@JsonProperty("description") String description,
                           @JsonProperty("is_official") boolean official,
                           @JsonProperty("is_automated") boolean automated,
                           @JsonProperty("name") String name,
                           @JsonProperty("star_count") long stars) {}
