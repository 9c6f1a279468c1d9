package berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a --format template sees of an inspected object. The docker CLI renders templates over its own Go types, not
 * the daemon's JSON; where those differ visibly this adapts the JSON: an image's Config is the OCI image config, whose
 * fields are all omitempty, so {{json .Config}} shows only the set ones.
 */
final class TypedView {
    private TypedView() {}

    static JsonNode of(JsonNode item) {
        if (!(item instanceof ObjectNode obj) || !obj.has("RepoTags") || !obj.path("Config").isObject()) return item;
        ObjectNode copy = obj.deepCopy();
        ObjectNode config = (ObjectNode) copy.get("Config");
        List<String> empty = new ArrayList<>();
        config.properties().forEach(e -> {
            if (isEmpty(e.getValue())) empty.add(e.getKey());
        });
        config.remove(empty);
        return copy;
    }

    private static boolean isEmpty(JsonNode v) {
        return v.isNull() || (v.isTextual() && v.textValue().isEmpty()) || (v.isBoolean() && !v.booleanValue())
                || ((v.isArray() || v.isObject()) && v.isEmpty()) || (v.isNumber() && v.asDouble() == 0);
    }
}
